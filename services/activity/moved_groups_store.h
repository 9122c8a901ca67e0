// The store of the groups that moved in org's tree (moved_groups.h): how far org's event log has
// been followed, and the rewrite of a moved subtree's paths in every record and event. Every
// function returns a status and keeps its exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace partygroup::activity::store {

// The last org event applied (or passed over); `for_update` locks it for the transaction.
absl::StatusOr<int64_t> OrgCursor(sql::Connection& c, bool for_update);
// Moves the cursor to `sequence` unless it is past it already.
absl::Status AdvanceOrgCursor(sql::Connection& c, int64_t sequence);
// Every record and event under `old_path` is under `new_path` from now on.
absl::Status MovePaths(sql::Connection& c, const std::string& old_path,
                       const std::string& new_path);

}  // namespace partygroup::activity::store
