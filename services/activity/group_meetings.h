// 第五条: group meetings (党小组会), step by step — the leader asks the branch with the topics,
// the branch approves (or rejects), the topics go to every member, the meeting is held and
// minuted, then archived (存档备查) with corrections as amendments beside the original. Each step
// only from the one before (rules::RequireMeetingStep). Meetings held before the suite come in
// through the back office (back_office_import.h).
//
// Errors: INVALID_ARGUMENT naming the field; NOT_FOUND; PERMISSION_DENIED outside the caller's
// scope; FAILED_PRECONDITION with the rule and article for a step out of order.
#pragma once

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class GroupMeetings final {
 public:
  explicit GroupMeetings(const ActivityContext& context) : context_(context) {}

  // 会前，党小组组长应当向党支部请示，确定会议内容: by the leader, with the topics.
  absl::Status RequestGroupMeeting(const auth::Caller& caller,
                                   const v1::RequestGroupMeetingRequest& request,
                                   v1::RequestGroupMeetingResponse* response);
  // By a secretary of the group's branch.
  absl::Status ReviewGroupMeeting(const auth::Caller& caller,
                                  const v1::ReviewGroupMeetingRequest& request,
                                  v1::ReviewGroupMeetingResponse* response);
  // 将议题通知全体党员: to every member of the group now.
  absl::Status NotifyGroupMeeting(const auth::Caller& caller,
                                  const v1::NotifyGroupMeetingRequest& request,
                                  v1::NotifyGroupMeetingResponse* response);
  // Chaired by the leader, attendance for every member, minutes.
  absl::Status RecordGroupMeetingHeld(const auth::Caller& caller,
                                      const v1::RecordGroupMeetingHeldRequest& request,
                                      v1::RecordGroupMeetingHeldResponse* response);
  absl::Status ArchiveGroupMeeting(const auth::Caller& caller,
                                   const v1::ArchiveGroupMeetingRequest& request,
                                   v1::ArchiveGroupMeetingResponse* response);
  absl::Status AmendGroupMeeting(const auth::Caller& caller,
                                 const v1::AmendGroupMeetingRequest& request,
                                 v1::AmendGroupMeetingResponse* response);
  absl::Status GetGroupMeeting(const auth::Caller& caller,
                               const v1::GetGroupMeetingRequest& request,
                               v1::GetGroupMeetingResponse* response);
  absl::Status ListGroupMeetings(const auth::Caller& caller,
                                 const v1::ListGroupMeetingsRequest& request,
                                 v1::ListGroupMeetingsResponse* response);

 private:
  // The group a stored meeting belongs to.
  absl::StatusOr<int64_t> MeetingGroup(int64_t meeting_id, const char* what);

  const ActivityContext context_;
};

// The event of a step of `meeting`, scoped to its group's path.
mutation::Event MeetingEvent(std::string kind, const v1::GroupMeeting& meeting,
                             const std::string& path, nlohmann::json payload);

}  // namespace partygroup::activity
