// 第五条: the group meetings' rows (group_meeting, meeting_attendance, meeting_amendment).
// Every function returns a status and keeps its exceptions (common/db/guarded.h); run them on a
// connection of db::RunInTransaction or db::RunWithConnection.
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
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
absl::StatusOr<std::vector<v1::GroupMeeting>> ListGroupMeetings(sql::Connection& c,
                                                                int64_t group_id, absl::Time from,
                                                                absl::Time to);
// A requested meeting; its id.
absl::StatusOr<int64_t> InsertMeeting(sql::Connection& c, int64_t group_id, int64_t branch_id,
                                      const std::string& group_path,
                                      const std::vector<std::string>& topics,
                                      std::optional<absl::Time> planned_at, absl::Time requested_at,
                                      const std::string& requested_by);
absl::Status ReviewMeeting(sql::Connection& c, int64_t id, bool approved, absl::Time at,
                           const std::string& by, const std::string& rejection_reason);
absl::Status NotifyMeeting(sql::Connection& c, int64_t id, absl::Time at,
                           const std::vector<int64_t>& member_ids);
// Held, with its attendance (also packed into its row for the period read model).
absl::Status HoldMeeting(sql::Connection& c, int64_t id, absl::Time held_at,
                         int64_t chair_member_id, const std::string& minutes,
                         const std::vector<v1::Attendance>& attendance);
absl::Status ArchiveMeeting(sql::Connection& c, int64_t id, absl::Time at);
absl::Status AddAmendment(sql::Connection& c, int64_t meeting_id, absl::Time at,
                          const std::string& author, const std::string& text);

// A meeting recorded after the fact (the back office): every step at once, archived at
// `archived_at`, with its attendance. Returns it as GetMeeting would read it back (its id, the
// steps' author, times to the microsecond, attendance by member id), without reading it back.
absl::StatusOr<v1::GroupMeeting> InsertPastMeeting(sql::Connection& c,
                                                   const v1::GroupMeeting& meeting,
                                                   const std::string& group_path,
                                                   const std::string& by, absl::Time archived_at);

// Row readers, shared with the period read model's store (period_store.cc). They read the
// columns of sql_text::kMeetingColumns (children from column `first`) and throw as Connector/C++
// does: call them inside a guarded function.
v1::GroupMeeting ReadMeetingRow(sql::ResultSet& r, std::string* path);
v1::MeetingStatus ParseMeetingStatus(const std::string& name);
void ReadTopics(const std::string& json, v1::GroupMeeting& m);
void ReadAttendance(sql::ResultSet& r, int first, v1::Attendance* a);
void ReadAmendment(sql::ResultSet& r, int first, v1::Amendment* a);

}  // namespace partygroup::activity::store
