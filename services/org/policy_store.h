// The store of the committee's policy versions (policies.h): inserted, never updated. Version 1,
// the defaults, is the code's and not stored. Every function returns a status and keeps its
// exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::org::store {

// Stores `policy` as the next version, created now by `created_by`; returns it as stored.
absl::StatusOr<v1::Policy> InsertPolicy(sql::Connection& c, const v1::Policy& policy,
                                        const std::string& created_by);
// The stored version, or nothing when there is none of that number.
absl::StatusOr<std::optional<v1::Policy>> GetPolicy(sql::Connection& c, int64_t version);
// The latest stored version, or nothing when none was created (the defaults are current).
absl::StatusOr<std::optional<v1::Policy>> LatestPolicy(sql::Connection& c);
// Stored versions below `before` (0: all), the newest first, at most `limit`.
absl::StatusOr<std::vector<v1::Policy>> ListPolicies(sql::Connection& c, int64_t before, int limit);

}  // namespace partygroup::org::store
