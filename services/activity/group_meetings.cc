#include "services/activity/group_meetings.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/activity_records.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/period.h"
#include "common/rules/records.h"
#include "common/status/status_macros.h"
#include "services/activity/group_meeting_store.h"

namespace partygroup::activity {
namespace {

using mutation::Journal;
using mutation::MutationRequest;

std::optional<absl::Time> TimeOf(bool present, const google::protobuf::Timestamp& timestamp) {
  if (!present) return std::nullopt;
  return proto::FromTimestamp(timestamp);
}

rules::MeetingStep StepOf(v1::MeetingStatus status) {
  switch (status) {
    case v1::MEETING_STATUS_REJECTED:
      return rules::MeetingStep::kRejected;
    case v1::MEETING_STATUS_APPROVED:
      return rules::MeetingStep::kApproved;
    case v1::MEETING_STATUS_NOTIFIED:
      return rules::MeetingStep::kNotified;
    case v1::MEETING_STATUS_HELD:
      return rules::MeetingStep::kHeld;
    case v1::MEETING_STATUS_ARCHIVED:
      return rules::MeetingStep::kArchived;
    default:
      return rules::MeetingStep::kRequested;
  }
}

// 第五条 orders the steps; a step out of order is refused, naming what is missing.
absl::Status RequireStep(const v1::GroupMeeting& meeting, rules::MeetingStep needed,
                         absl::string_view action) {
  return rules::RequireMeetingStep(meeting.id(), StepOf(meeting.status()), needed, action);
}

}  // namespace

mutation::Event MeetingEvent(std::string kind, const v1::GroupMeeting& meeting,
                             const std::string& path, nlohmann::json payload) {
  payload["group_id"] = meeting.group_id();
  payload["meeting_id"] = meeting.id();
  return mutation::Event{std::move(kind), "group_meeting", meeting.id(), path, payload.dump()};
}

absl::StatusOr<int64_t> GroupMeetings::MeetingGroup(int64_t meeting_id, const char* what) {
  int64_t group_id = 0;
  RETURN_IF_ERROR(db::RunWithConnection(context_.pool, what, [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(store::StoredMeeting stored, store::GetMeeting(c, meeting_id));
    group_id = stored.meeting.group_id();
    return absl::OkStatus();
  }));
  return group_id;
}

absl::Status GroupMeetings::RequestGroupMeeting(const auth::Caller& caller,
                                                const v1::RequestGroupMeetingRequest& request,
                                                v1::RequestGroupMeetingResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  if (group.node().status() != org::v1::NODE_STATUS_ACTIVE) {
    return absl::FailedPreconditionError("group_id: the group has been dissolved");
  }
  // 第五条: 会前，党小组组长应当向党支部请示，确定会议内容.
  rules::GroupMeeting draft;
  draft.topics.assign(request.topics().begin(), request.topics().end());
  RETURN_IF_ERROR(
      rules::RefuseViolations(rules::CheckMeetingRequest(draft, clients::ToRulesGroup(group))));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RequestGroupMeeting", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(
            const int64_t id,
            store::InsertMeeting(
                c, group.node().id(), group.branch_id(), group.node().path(),
                std::vector<std::string>(request.topics().begin(), request.topics().end()),
                TimeOf(request.has_planned_time(), request.planned_time()), absl::Now(),
                caller.subject));
        ASSIGN_OR_RETURN(store::StoredMeeting stored, store::GetMeeting(c, id));
        journal.SetTarget("group_meeting", id);
        // The branch's to-do: a request waiting for its approval.
        journal.AddEvent(
            MeetingEvent("MEETING_APPROVAL_REQUESTED", stored.meeting, stored.group_path,
                         {{"branch_id", group.branch_id()}, {"topics", stored.meeting.topics()}}));
        *response->mutable_meeting() = std::move(stored.meeting);
        return absl::OkStatus();
      });
}

absl::Status GroupMeetings::ReviewGroupMeeting(const auth::Caller& caller,
                                               const v1::ReviewGroupMeetingRequest& request,
                                               v1::ReviewGroupMeetingResponse* response) {
  if (request.meeting_id() <= 0) return absl::InvalidArgumentError("meeting_id: required");
  if (!request.approve() && request.rejection_reason().empty()) {
    return absl::InvalidArgumentError("rejection_reason: required when rejecting");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  // A dissolved group holds no meeting: its request is not approved.
  ASSIGN_OR_RETURN(const int64_t group_id,
                   MeetingGroup(request.meeting_id(), "ReviewGroupMeeting"));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(group_id));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ReviewGroupMeeting", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredMeeting stored,
                         store::GetMeeting(c, request.meeting_id(), /*for_update=*/true));
        RETURN_IF_ERROR(RequireBranchReview(caller, scope, stored.group_path));
        RETURN_IF_ERROR(RequireStep(stored.meeting, rules::MeetingStep::kRequested, "a review"));
        if (request.approve() && group.node().status() != org::v1::NODE_STATUS_ACTIVE) {
          return absl::FailedPreconditionError(
              "meeting_id: the meeting's group has been dissolved");
        }
        RETURN_IF_ERROR(store::ReviewMeeting(c, stored.meeting.id(), request.approve(), absl::Now(),
                                             caller.subject, request.rejection_reason()));
        ASSIGN_OR_RETURN(store::StoredMeeting reviewed, store::GetMeeting(c, stored.meeting.id()));
        journal.SetTarget("group_meeting", stored.meeting.id());
        journal.AddEvent(MeetingEvent(request.approve() ? "MEETING_APPROVED" : "MEETING_REJECTED",
                                      reviewed.meeting, reviewed.group_path,
                                      {{"reason", request.rejection_reason()}}));
        *response->mutable_meeting() = std::move(reviewed.meeting);
        return absl::OkStatus();
      });
}

absl::Status GroupMeetings::NotifyGroupMeeting(const auth::Caller& caller,
                                               const v1::NotifyGroupMeetingRequest& request,
                                               v1::NotifyGroupMeetingResponse* response) {
  if (request.meeting_id() <= 0) return absl::InvalidArgumentError("meeting_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  // Who is in the group now: the notice goes to every member (将议题通知全体党员).
  ASSIGN_OR_RETURN(const int64_t group_id,
                   MeetingGroup(request.meeting_id(), "NotifyGroupMeeting"));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(group_id));
  std::vector<int64_t> members;
  for (const org::v1::Member& member : group.members()) members.push_back(member.id());
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "NotifyGroupMeeting", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredMeeting stored,
                         store::GetMeeting(c, request.meeting_id(), /*for_update=*/true));
        RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        RETURN_IF_ERROR(RequireStep(stored.meeting, rules::MeetingStep::kApproved, "a notice"));
        if (group.node().status() != org::v1::NODE_STATUS_ACTIVE) {
          return absl::FailedPreconditionError(
              "meeting_id: the meeting's group has been dissolved; there is no one to notify");
        }
        RETURN_IF_ERROR(store::NotifyMeeting(c, stored.meeting.id(), absl::Now(), members));
        ASSIGN_OR_RETURN(store::StoredMeeting notified, store::GetMeeting(c, stored.meeting.id()));
        journal.SetTarget("group_meeting", stored.meeting.id());
        // The members' notice: what the meeting will discuss and when.
        journal.AddEvent(
            MeetingEvent("MEETING_NOTICE", notified.meeting, notified.group_path,
                         {{"member_ids", members}, {"topics", notified.meeting.topics()}}));
        *response->mutable_meeting() = std::move(notified.meeting);
        return absl::OkStatus();
      });
}

absl::Status GroupMeetings::RecordGroupMeetingHeld(const auth::Caller& caller,
                                                   const v1::RecordGroupMeetingHeldRequest& request,
                                                   v1::RecordGroupMeetingHeldResponse* response) {
  if (request.meeting_id() <= 0) return absl::InvalidArgumentError("meeting_id: required");
  if (!request.has_held_time()) return absl::InvalidArgumentError("held_time: required");
  const absl::Time held_at = proto::FromTimestamp(request.held_time());
  if (held_at > absl::Now() + absl::Hours(1)) {
    return absl::InvalidArgumentError("held_time: in the future; record a meeting once held");
  }
  std::set<int64_t> seen;
  for (const v1::Attendance& a : request.attendance()) {
    if (!seen.insert(a.member_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("attendance: member ", a.member_id(), " is listed twice"));
    }
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(const int64_t group_id,
                   MeetingGroup(request.meeting_id(), "RecordGroupMeetingHeld"));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(group_id));
  // Rights before the attendance is checked against the group, which would tell who is in it.
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  const rules::Group rules_group = clients::ToRulesGroup(group);
  for (const v1::Attendance& a : request.attendance()) {
    bool member = false;
    for (const rules::Member& m : rules_group.members) member = member || m.id == a.member_id();
    if (!member) {
      return absl::InvalidArgumentError(
          absl::StrCat("attendance: member ", a.member_id(), " is not in the group"));
    }
  }
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordGroupMeetingHeld", request.request_id()},
      response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredMeeting stored,
                         store::GetMeeting(c, request.meeting_id(), /*for_update=*/true));
        RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        RETURN_IF_ERROR(RequireStep(stored.meeting, rules::MeetingStep::kNotified,
                                    "recording a meeting as held"));
        // 第五条 as a whole: approved and notified before, chaired by the leader, attendance
        // for every member, minutes.
        v1::GroupMeeting held = stored.meeting;
        *held.mutable_held_time() = request.held_time();
        held.set_chair_member_id(request.chair_member_id());
        *held.mutable_attendance() = request.attendance();
        held.set_minutes(request.minutes());
        RETURN_IF_ERROR(rules::RefuseViolations(
            rules::CheckMeetingHeld(clients::ToRulesMeeting(held), rules_group)));
        RETURN_IF_ERROR(store::HoldMeeting(
            c, stored.meeting.id(), held_at, request.chair_member_id(), request.minutes(),
            std::vector<v1::Attendance>(request.attendance().begin(), request.attendance().end())));
        ASSIGN_OR_RETURN(store::StoredMeeting recorded, store::GetMeeting(c, stored.meeting.id()));
        journal.SetTarget("group_meeting", stored.meeting.id());
        int present = 0;
        for (const v1::Attendance& a : request.attendance()) present += a.present() ? 1 : 0;
        journal.AddEvent(
            MeetingEvent("MEETING_HELD", recorded.meeting, recorded.group_path,
                         {{"present", present}, {"members", request.attendance_size()}}));
        *response->mutable_meeting() = std::move(recorded.meeting);
        return absl::OkStatus();
      });
}

absl::Status GroupMeetings::ArchiveGroupMeeting(const auth::Caller& caller,
                                                const v1::ArchiveGroupMeetingRequest& request,
                                                v1::ArchiveGroupMeetingResponse* response) {
  if (request.meeting_id() <= 0) return absl::InvalidArgumentError("meeting_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ArchiveGroupMeeting", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredMeeting stored,
                         store::GetMeeting(c, request.meeting_id(), /*for_update=*/true));
        RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        RETURN_IF_ERROR(RequireStep(stored.meeting, rules::MeetingStep::kHeld, "archiving"));
        RETURN_IF_ERROR(store::ArchiveMeeting(c, stored.meeting.id(), absl::Now()));
        ASSIGN_OR_RETURN(store::StoredMeeting archived, store::GetMeeting(c, stored.meeting.id()));
        journal.SetTarget("group_meeting", stored.meeting.id());
        journal.AddEvent(
            MeetingEvent("MEETING_ARCHIVED", archived.meeting, archived.group_path, {}));
        *response->mutable_meeting() = std::move(archived.meeting);
        return absl::OkStatus();
      });
}

absl::Status GroupMeetings::AmendGroupMeeting(const auth::Caller& caller,
                                              const v1::AmendGroupMeetingRequest& request,
                                              v1::AmendGroupMeetingResponse* response) {
  if (request.meeting_id() <= 0) return absl::InvalidArgumentError("meeting_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "AmendGroupMeeting", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredMeeting stored,
                         store::GetMeeting(c, request.meeting_id(), /*for_update=*/true));
        RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        RETURN_IF_ERROR(rules::RequireAmendable(StepOf(stored.meeting.status())));
        RETURN_IF_ERROR(store::AddAmendment(c, stored.meeting.id(), absl::Now(), caller.subject,
                                            request.text()));
        ASSIGN_OR_RETURN(store::StoredMeeting amended, store::GetMeeting(c, stored.meeting.id()));
        journal.SetTarget("group_meeting", stored.meeting.id());
        journal.AddEvent(MeetingEvent("MEETING_AMENDED", amended.meeting, amended.group_path, {}));
        *response->mutable_meeting() = std::move(amended.meeting);
        return absl::OkStatus();
      });
}

absl::Status GroupMeetings::GetGroupMeeting(const auth::Caller& caller,
                                            const v1::GetGroupMeetingRequest& request,
                                            v1::GetGroupMeetingResponse* response) {
  if (request.id() <= 0) return absl::InvalidArgumentError("id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return db::RunWithConnection(
      context_.pool, "GetGroupMeeting", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredMeeting stored, store::GetMeeting(c, request.id()));
        RETURN_IF_ERROR(auth::RequireRead(scope, stored.group_path,
                                          absl::StrCat("group meeting ", request.id())));
        *response->mutable_meeting() = std::move(stored.meeting);
        return absl::OkStatus();
      });
}

absl::Status GroupMeetings::ListGroupMeetings(const auth::Caller& caller,
                                              const v1::ListGroupMeetingsRequest& request,
                                              v1::ListGroupMeetingsResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  absl::Time from = absl::InfinitePast(), to = absl::InfiniteFuture();
  if (request.has_period()) {
    const common::v1::Period& p = request.period();
    RETURN_IF_ERROR(ValidatePeriod(p, /*month_required=*/false));
    from = rules::PeriodStart({p.year(), p.month()}, context_.zone);
    to = rules::PeriodEnd({p.year(), p.month()}, context_.zone);
  }
  ASSIGN_OR_RETURN(org::v1::Group group, ReadableGroup(context_, caller, request.group_id()));
  return db::RunWithConnection(context_.pool, "ListGroupMeetings", [&](sql::Connection& c) {
    // Bounds within DATETIME's range for an open period.
    const absl::Time lower =
        std::max(from, absl::FromCivil(absl::CivilDay(1000, 1, 1), context_.zone));
    const absl::Time upper =
        std::min(to, absl::FromCivil(absl::CivilDay(9999, 1, 1), context_.zone));
    ASSIGN_OR_RETURN(std::vector<v1::GroupMeeting> meetings,
                     store::ListGroupMeetings(c, group.node().id(), lower, upper));
    for (v1::GroupMeeting& meeting : meetings) *response->add_meetings() = std::move(meeting);
    return absl::OkStatus();
  });
}

}  // namespace partygroup::activity
