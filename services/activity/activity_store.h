// The activity service's SQL. Functions run on a connection inside db::RunInTransaction or
// db::RunWithConnection, which turn Connector/C++ exceptions into absl::Status.
#pragma once

#include <cppconn/connection.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

// A stored meeting with the org path of its group, for scope checks.
struct StoredMeeting {
  v1::GroupMeeting meeting;
  std::string group_path;
};

// NOT_FOUND when there is no such meeting. With attendance and amendments.
absl::StatusOr<StoredMeeting> GetMeeting(sql::Connection& c, int64_t id, bool for_update = false);
// The meetings of a group whose held (else planned, else requested) time is in [from, to).
std::vector<v1::GroupMeeting> ListGroupMeetings(sql::Connection& c, int64_t group_id,
                                                absl::Time from, absl::Time to);
int64_t InsertMeeting(sql::Connection& c, int64_t group_id, int64_t branch_id,
                      const std::string& group_path, const std::vector<std::string>& topics,
                      std::optional<absl::Time> planned_at, absl::Time requested_at,
                      const std::string& requested_by);
void ReviewMeeting(sql::Connection& c, int64_t id, bool approved, absl::Time at,
                   const std::string& by, const std::string& rejection_reason);
void NotifyMeeting(sql::Connection& c, int64_t id, absl::Time at,
                   const std::vector<int64_t>& member_ids);
void HoldMeeting(sql::Connection& c, int64_t id, absl::Time held_at, int64_t chair_member_id,
                 const std::string& minutes, const std::vector<v1::Attendance>& attendance);
void ArchiveMeeting(sql::Connection& c, int64_t id, absl::Time at);
void AddAmendment(sql::Connection& c, int64_t meeting_id, absl::Time at, const std::string& author,
                  const std::string& text);

}  // namespace partygroup::activity::store
