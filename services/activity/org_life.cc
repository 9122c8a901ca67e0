#include "services/activity/org_life.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/activity_records.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/records.h"
#include "common/status/status_macros.h"

namespace partygroup::activity {

using mutation::Journal;
using mutation::MutationRequest;

template <typename Response>
absl::Status OrgLife::RunStep(const auth::Caller& caller, const std::string& method,
                              const std::string& request_id, int64_t meeting_id,
                              const std::string& event_kind, Response* response, const Step& step) {
  if (meeting_id <= 0) return absl::InvalidArgumentError("meeting_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, method, request_id}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredOrgLife stored, store::GetOrgLifeForUpdate(c, meeting_id));
        RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        RETURN_IF_ERROR(step(c, stored));
        ASSIGN_OR_RETURN(store::StoredOrgLife after, store::GetOrgLifeForUpdate(c, meeting_id));
        journal.SetTarget("org_life_meeting", meeting_id);
        journal.AddEvent(
            mutation::Event{event_kind, "org_life_meeting", meeting_id, stored.group_path, "{}"});
        *response->mutable_meeting() = std::move(after.meeting);
        return absl::OkStatus();
      });
}

absl::Status OrgLife::PlanOrgLifeMeeting(const auth::Caller& caller,
                                         const v1::PlanOrgLifeMeetingRequest& request,
                                         v1::PlanOrgLifeMeetingResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "PlanOrgLifeMeeting", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(
            const int64_t id,
            store::InsertOrgLife(c, group.node().id(), group.node().path(), request.theme()));
        ASSIGN_OR_RETURN(store::StoredOrgLife stored, store::GetOrgLifeForUpdate(c, id));
        journal.SetTarget("org_life_meeting", id);
        journal.AddEvent(RecordEvent("ORG_LIFE_PLANNED", "org_life_meeting", id, group,
                                     {{"theme", request.theme()}}));
        *response->mutable_meeting() = std::move(stored.meeting);
        return absl::OkStatus();
      });
}

absl::Status OrgLife::RecordOrgLifePreparation(const auth::Caller& caller,
                                               const v1::RecordOrgLifePreparationRequest& request,
                                               v1::RecordOrgLifePreparationResponse* response) {
  if (request.study_sessions() < 0 || request.talks() < 0 || request.opinions_gathered() < 0 ||
      request.study_sessions() + request.talks() + request.opinions_gathered() == 0) {
    return absl::InvalidArgumentError(
        "study_sessions, talks, opinions_gathered: counts to add, not negative, not all zero");
  }
  return RunStep(caller, "RecordOrgLifePreparation", request.request_id(), request.meeting_id(),
                 "ORG_LIFE_PREPARED", response,
                 [&](sql::Connection& c, const store::StoredOrgLife& stored) -> absl::Status {
                   if (stored.meeting.has_held_time()) {
                     return absl::FailedPreconditionError(
                         "preparation comes before the meeting (第六条: 会前)");
                   }
                   return store::AddPreparation(c, stored.meeting.id(), request.study_sessions(),
                                                request.talks(), request.opinions_gathered());
                 });
}

absl::Status OrgLife::RecordOrgLifeMeetingHeld(const auth::Caller& caller,
                                               const v1::RecordOrgLifeMeetingHeldRequest& request,
                                               v1::RecordOrgLifeMeetingHeldResponse* response) {
  if (!request.has_held_time()) return absl::InvalidArgumentError("held_time: required");
  if (proto::FromTimestamp(request.held_time()) > absl::Now() + absl::Hours(1)) {
    return absl::InvalidArgumentError("held_time: in the future");
  }
  if (request.present_member_ids().empty()) {
    return absl::InvalidArgumentError("present_member_ids: who attended");
  }
  return RunStep(caller, "RecordOrgLifeMeetingHeld", request.request_id(), request.meeting_id(),
                 "ORG_LIFE_HELD", response,
                 [&](sql::Connection& c, const store::StoredOrgLife& stored) -> absl::Status {
                   if (stored.meeting.has_held_time()) {
                     return absl::FailedPreconditionError("the meeting has been recorded already");
                   }
                   v1::OrgLifeMeeting held = stored.meeting;
                   *held.mutable_held_time() = request.held_time();
                   *held.mutable_present_member_ids() = request.present_member_ids();
                   *held.mutable_problems() = request.problems();
                   *held.mutable_criticism_member_ids() = request.criticism_member_ids();
                   // 第六条: 会前组织学习、谈心谈话、听取意见; 会上认真查摆问题.
                   rules::Group group;
                   group.id = held.group_id();
                   RETURN_IF_ERROR(rules::RefuseViolations(
                       rules::CheckOrgLifeHeld(clients::ToRulesOrgLife(held), group)));
                   return store::HoldOrgLife(c, stored.meeting.id(), held);
                 });
}

absl::Status OrgLife::AddRectificationItem(const auth::Caller& caller,
                                           const v1::AddRectificationItemRequest& request,
                                           v1::AddRectificationItemResponse* response) {
  if (request.owner_member_id() <= 0) {
    return absl::InvalidArgumentError("owner_member_id: required");
  }
  RETURN_IF_ERROR(proto::ToCivilDay(request.deadline(), "deadline").status());
  return RunStep(
      caller, "AddRectificationItem", request.request_id(), request.meeting_id(),
      "RECTIFICATION_ITEM_ADDED", response,
      [&](sql::Connection& c, const store::StoredOrgLife& stored) -> absl::Status {
        if (!stored.meeting.has_held_time()) {
          return absl::FailedPreconditionError(
              "rectification follows the meeting (第六条: 会后，制定整改措施)");
        }
        // 第六条: the measures answer the problems the meeting raised, each owned by
        // one who took part in it (present, or criticised at it).
        const auto& held = stored.meeting;
        const auto took_part = [&](const auto& ids) {
          return std::find(ids.begin(), ids.end(), request.owner_member_id()) != ids.end();
        };
        if (!took_part(held.present_member_ids()) && !took_part(held.criticism_member_ids())) {
          return absl::InvalidArgumentError(absl::StrCat("owner_member_id: member ",
                                                         request.owner_member_id(),
                                                         " did not take part in this meeting"));
        }
        v1::RectificationItem item;
        item.set_measure(request.measure());
        item.set_owner_member_id(request.owner_member_id());
        *item.mutable_deadline() = request.deadline();
        return store::InsertRectification(c, stored.meeting.id(), item);
      });
}

absl::Status OrgLife::CompleteRectificationItem(const auth::Caller& caller,
                                                const v1::CompleteRectificationItemRequest& request,
                                                v1::CompleteRectificationItemResponse* response) {
  if (request.item_id() <= 0) return absl::InvalidArgumentError("item_id: required");
  return RunStep(caller, "CompleteRectificationItem", request.request_id(), request.meeting_id(),
                 "RECTIFICATION_ITEM_DONE", response,
                 [&](sql::Connection& c, const store::StoredOrgLife& stored) -> absl::Status {
                   bool found = false;
                   for (const v1::RectificationItem& item : stored.meeting.rectification()) {
                     found = found || item.id() == request.item_id();
                   }
                   if (!found) {
                     return absl::NotFoundError(absl::StrCat("item_id: ", request.item_id(),
                                                             " is not an item of this meeting"));
                   }
                   return store::CompleteRectification(c, stored.meeting.id(), request.item_id());
                 });
}

absl::Status OrgLife::ReportOrgLifeMeeting(const auth::Caller& caller,
                                           const v1::ReportOrgLifeMeetingRequest& request,
                                           v1::ReportOrgLifeMeetingResponse* response) {
  return RunStep(caller, "ReportOrgLifeMeeting", request.request_id(), request.meeting_id(),
                 "ORG_LIFE_REPORTED", response,
                 [&](sql::Connection& c, const store::StoredOrgLife& stored) -> absl::Status {
                   if (!stored.meeting.has_held_time()) {
                     return absl::FailedPreconditionError(
                         "a meeting is reported to the branch after it is held (第六条)");
                   }
                   if (stored.meeting.has_report_time()) {
                     return absl::FailedPreconditionError("reported already");
                   }
                   return store::ReportOrgLife(c, stored.meeting.id(), absl::Now());
                 });
}

absl::Status OrgLife::ListOrgLifeMeetings(const auth::Caller& caller,
                                          const v1::ListOrgLifeMeetingsRequest& request,
                                          v1::ListOrgLifeMeetingsResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(org::v1::Group group, ReadableGroup(context_, caller, request.group_id()));
  return db::RunWithConnection(context_.pool, "ListOrgLifeMeetings", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(std::vector<v1::OrgLifeMeeting> meetings,
                     store::ListOrgLifes(c, group.node().id()));
    for (v1::OrgLifeMeeting& meeting : meetings) *response->add_meetings() = std::move(meeting);
    return absl::OkStatus();
  });
}

}  // namespace partygroup::activity
