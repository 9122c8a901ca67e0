// 第四条（五）: the opinions' rows (opinion). Every function returns a status and keeps its
// exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

struct StoredOpinion {
  v1::Opinion opinion;
  std::string group_path;
};
// An opinion received; its id.
absl::StatusOr<int64_t> InsertOpinion(sql::Connection& c, const v1::Opinion& opinion,
                                      const std::string& group_path,
                                      const std::string& recorded_by);
// NOT_FOUND when there is no such opinion.
absl::StatusOr<StoredOpinion> GetOpinionForUpdate(sql::Connection& c, int64_t id);
absl::StatusOr<std::vector<v1::Opinion>> ListOpinions(sql::Connection& c, int64_t group_id);
absl::Status ReportOpinion(sql::Connection& c, int64_t id, absl::Time at);
absl::Status ResolveOpinion(sql::Connection& c, int64_t id, const std::string& outcome,
                            absl::Time at);

// The row reader the period read model shares (sql_text::kOpinionColumns). Throws as
// Connector/C++ does.
v1::Opinion ReadOpinionRow(sql::ResultSet& r, std::string* path);

}  // namespace partygroup::activity::store
