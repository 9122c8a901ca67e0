// 第四条, 第十二条（七）: the dues' rows (dues_payment, and each member's year packed for the
// period read model). Every function returns a status and keeps its exceptions
// (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

// The entry as stored, with its id.
absl::StatusOr<v1::DuesEntry> InsertDues(sql::Connection& c, const v1::DuesEntry& entry,
                                         const std::string& group_path);
// A group's entries for months "YYYY-MM" in [from_month, to_month).
absl::StatusOr<std::vector<v1::DuesEntry>> ListDues(sql::Connection& c, int64_t group_id,
                                                    const std::string& from_month,
                                                    const std::string& to_month);

// An entry with the org path of its group, for the back office's multi-row insert.
struct DuesRow {
  v1::DuesEntry entry;
  std::string group_path;
};
absl::Status InsertDuesRows(sql::Connection& c, const std::vector<DuesRow>& entries);
// The months already paid by these members ("YYYY-MM" by member id): what an import must not
// record twice.
absl::StatusOr<std::set<std::pair<int64_t, std::string>>> PaidMonths(
    sql::Connection& c, const std::vector<int64_t>& member_ids);

// The row reader the period read model shares (the columns of sql_text::kSelectDues). Throws as
// Connector/C++ does.
v1::DuesEntry ReadDuesRow(sql::ResultSet& r);

}  // namespace partygroup::activity::store
