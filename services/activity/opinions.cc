#include "services/activity/opinions.h"

#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "services/activity/opinion_store.h"

namespace partygroup::activity {

using mutation::Journal;
using mutation::MutationRequest;

absl::Status Opinions::RecordOpinion(const auth::Caller& caller,
                                     const v1::RecordOpinionRequest& request,
                                     v1::RecordOpinionResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  if (request.source() == v1::OPINION_SOURCE_UNSPECIFIED) {
    return absl::InvalidArgumentError("source: MEMBER or PUBLIC");
  }
  if (request.content().empty()) return absl::InvalidArgumentError("content: required");
  if (!request.has_receive_time()) return absl::InvalidArgumentError("receive_time: required");
  if (proto::FromTimestamp(request.receive_time()) > absl::Now() + absl::Hours(1)) {
    return absl::InvalidArgumentError("receive_time: in the future");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordOpinion", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        v1::Opinion opinion;
        opinion.set_group_id(group.node().id());
        opinion.set_source(request.source());
        opinion.set_content(request.content());
        *opinion.mutable_receive_time() = request.receive_time();
        ASSIGN_OR_RETURN(const int64_t id,
                         store::InsertOpinion(c, opinion, group.node().path(), caller.subject));
        ASSIGN_OR_RETURN(store::StoredOpinion stored, store::GetOpinionForUpdate(c, id));
        journal.SetTarget("opinion", id);
        journal.AddEvent(RecordEvent("OPINION_RECORDED", "opinion", id, group, {}));
        *response->mutable_opinion() = std::move(stored.opinion);
        return absl::OkStatus();
      });
}

absl::Status Opinions::ReportOpinion(const auth::Caller& caller,
                                     const v1::ReportOpinionRequest& request,
                                     v1::ReportOpinionResponse* response) {
  if (request.opinion_id() <= 0) return absl::InvalidArgumentError("opinion_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ReportOpinion", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredOpinion stored,
                         store::GetOpinionForUpdate(c, request.opinion_id()));
        RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        if (stored.opinion.has_report_time()) {
          return absl::FailedPreconditionError("the opinion has been reported already");
        }
        RETURN_IF_ERROR(store::ReportOpinion(c, stored.opinion.id(), absl::Now()));
        ASSIGN_OR_RETURN(store::StoredOpinion reported,
                         store::GetOpinionForUpdate(c, stored.opinion.id()));
        journal.SetTarget("opinion", stored.opinion.id());
        // The branch's to-do: 及时向党支部反映.
        journal.AddEvent(mutation::Event{"OPINION_REPORTED", "opinion", stored.opinion.id(),
                                         stored.group_path, "{}"});
        *response->mutable_opinion() = std::move(reported.opinion);
        return absl::OkStatus();
      });
}

absl::Status Opinions::ResolveOpinion(const auth::Caller& caller,
                                      const v1::ResolveOpinionRequest& request,
                                      v1::ResolveOpinionResponse* response) {
  if (request.opinion_id() <= 0) return absl::InvalidArgumentError("opinion_id: required");
  if (request.outcome().empty()) return absl::InvalidArgumentError("outcome: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ResolveOpinion", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredOpinion stored,
                         store::GetOpinionForUpdate(c, request.opinion_id()));
        RETURN_IF_ERROR(RequireBranchReview(caller, scope, stored.group_path));
        if (!stored.opinion.has_report_time()) {
          return absl::FailedPreconditionError(
              "the opinion has not been reported to the branch yet (第四条)");
        }
        RETURN_IF_ERROR(
            store::ResolveOpinion(c, stored.opinion.id(), request.outcome(), absl::Now()));
        ASSIGN_OR_RETURN(store::StoredOpinion resolved,
                         store::GetOpinionForUpdate(c, stored.opinion.id()));
        journal.SetTarget("opinion", stored.opinion.id());
        journal.AddEvent(mutation::Event{"OPINION_RESOLVED", "opinion", stored.opinion.id(),
                                         stored.group_path, "{}"});
        *response->mutable_opinion() = std::move(resolved.opinion);
        return absl::OkStatus();
      });
}

absl::Status Opinions::ListOpinions(const auth::Caller& caller,
                                    const v1::ListOpinionsRequest& request,
                                    v1::ListOpinionsResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(org::v1::Group group, ReadableGroup(context_, caller, request.group_id()));
  return db::RunWithConnection(context_.pool, "ListOpinions", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(std::vector<v1::Opinion> opinions, store::ListOpinions(c, group.node().id()));
    for (v1::Opinion& opinion : opinions) *response->add_opinions() = std::move(opinion);
    return absl::OkStatus();
  });
}

}  // namespace partygroup::activity
