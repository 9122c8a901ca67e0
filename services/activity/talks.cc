#include "services/activity/talks.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/period.h"
#include "common/status/status_macros.h"
#include "services/activity/talk_store.h"

namespace partygroup::activity {

using mutation::Journal;
using mutation::MutationRequest;

absl::StatusOr<v1::Talk> PrepareTalk(const v1::RecordTalkRequest& request,
                                     const org::v1::Group& group) {
  if (request.first_member_id() <= 0 || request.second_member_id() <= 0 ||
      request.first_member_id() == request.second_member_id()) {
    return absl::InvalidArgumentError(
        "first_member_id, second_member_id: two different members of the group");
  }
  if (!request.has_held_time()) return absl::InvalidArgumentError("held_time: required");
  if (proto::FromTimestamp(request.held_time()) > absl::Now() + absl::Hours(1)) {
    return absl::InvalidArgumentError("held_time: in the future");
  }
  for (int64_t id : {request.first_member_id(), request.second_member_id()}) {
    if (!InGroup(group, id)) {
      return absl::InvalidArgumentError(absl::StrCat("member ", id, " is not in the group"));
    }
  }
  v1::Talk talk;
  talk.set_group_id(group.node().id());
  talk.set_first_member_id(request.first_member_id());
  talk.set_second_member_id(request.second_member_id());
  *talk.mutable_held_time() = request.held_time();
  talk.set_topic(request.topic());
  talk.set_note(request.note());
  return talk;
}

absl::Status Talks::RecordTalk(const auth::Caller& caller, const v1::RecordTalkRequest& request,
                               v1::RecordTalkResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  ASSIGN_OR_RETURN(v1::Talk talk, PrepareTalk(request, group));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordTalk", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(*response->mutable_talk(),
                         store::InsertTalk(c, talk, group.node().path(), caller.subject));
        journal.SetTarget("talk", response->talk().id());
        journal.AddEvent(
            RecordEvent("TALK_RECORDED", "talk", response->talk().id(), group,
                        {{"members", {talk.first_member_id(), talk.second_member_id()}}}));
        return absl::OkStatus();
      });
}

absl::Status Talks::ListTalks(const auth::Caller& caller, const v1::ListTalksRequest& request,
                              v1::ListTalksResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  RETURN_IF_ERROR(ValidatePeriod(request.period(), /*month_required=*/false));
  const rules::Period period{request.period().year(), request.period().month()};
  ASSIGN_OR_RETURN(org::v1::Group group, ReadableGroup(context_, caller, request.group_id()));
  return db::RunWithConnection(context_.pool, "ListTalks", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(
        std::vector<v1::Talk> talks,
        store::ListTalks(c, group.node().id(), rules::PeriodStart(period, context_.zone),
                         rules::PeriodEnd(period, context_.zone)));
    for (v1::Talk& talk : talks) *response->add_talks() = std::move(talk);
    return absl::OkStatus();
  });
}

}  // namespace partygroup::activity
