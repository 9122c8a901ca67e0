// 第六条: the org-life meetings' rows (org_life_meeting, rectification_item). Every function
// returns a status and keeps its exceptions (common/db/guarded.h).
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

struct StoredOrgLife {
  v1::OrgLifeMeeting meeting;
  std::string group_path;
};
// A planned meeting; its id.
absl::StatusOr<int64_t> InsertOrgLife(sql::Connection& c, int64_t group_id,
                                      const std::string& group_path, const std::string& theme);
// NOT_FOUND when there is no such meeting. With its rectification items.
absl::StatusOr<StoredOrgLife> GetOrgLifeForUpdate(sql::Connection& c, int64_t id);
absl::StatusOr<std::vector<v1::OrgLifeMeeting>> ListOrgLifes(sql::Connection& c, int64_t group_id);
// Adds to the meeting's counts of study sessions, talks and opinions gathered.
absl::Status AddPreparation(sql::Connection& c, int64_t id, int study, int talks, int opinions);
// Held: its time, who attended, the problems found, who made criticism and self-criticism.
absl::Status HoldOrgLife(sql::Connection& c, int64_t id, const v1::OrgLifeMeeting& held);
absl::Status ReportOrgLife(sql::Connection& c, int64_t id, absl::Time at);
absl::Status InsertRectification(sql::Connection& c, int64_t meeting_id,
                                 const v1::RectificationItem& item);
absl::Status CompleteRectification(sql::Connection& c, int64_t meeting_id, int64_t item_id);

// The row readers the period read model shares (sql_text::kOrgLifeColumns without the items, and
// an item from column `first`). They throw as Connector/C++ does.
v1::OrgLifeMeeting ReadOrgLifeRow(sql::ResultSet& r, std::string* path);
void ReadRectification(sql::ResultSet& r, int first, v1::RectificationItem* item);

}  // namespace partygroup::activity::store
