#include "services/activity/evaluation.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/activity_records.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/records.h"
#include "common/status/status_macros.h"
#include "services/activity/evaluation_store.h"

namespace partygroup::activity {
namespace {

using mutation::Journal;
using mutation::MutationRequest;

// What each member of the group still lacks (第七条) under the current policy, into the
// campaign's answer.
void FillGaps(const org::v1::Group& group, const rules::Policy& policy,
              v1::EvaluationCampaign* campaign) {
  campaign->clear_gaps();
  for (const rules::EvaluationGap& gap : rules::MissingEvaluationParts(
           clients::ToRulesCampaign(*campaign), clients::ToRulesGroup(group), policy)) {
    v1::EvaluationGap* out = campaign->add_gaps();
    out->set_member_id(gap.member_id);
    for (const std::string& part : gap.missing) out->add_missing(part);
  }
}

void VisibleTo(const auth::Caller& caller, const auth::Scope& scope,
               v1::EvaluationCampaign* campaign) {
  if (scope.member_only) {
    // 党性分析 and the votes are personal: a member sees their own entries and their own gaps.
    const int64_t me = scope.member_id;
    auto* selves = campaign->mutable_self_evaluations();
    selves->erase(std::remove_if(selves->begin(), selves->end(),
                                 [&](const v1::SelfEvaluation& e) { return e.member_id() != me; }),
                  selves->end());
    auto* votes = campaign->mutable_mutual_evaluations();
    votes->erase(
        std::remove_if(votes->begin(), votes->end(),
                       [&](const v1::MutualEvaluation& v) { return v.voter_member_id() != me; }),
        votes->end());
    auto* gaps = campaign->mutable_gaps();
    gaps->erase(std::remove_if(gaps->begin(), gaps->end(),
                               [&](const v1::EvaluationGap& g) { return g.member_id() != me; }),
                gaps->end());
    campaign->clear_summary();
    return;
  }
  // The group's leader and the branch's roles run the campaign and read it whole; a machine
  // reader sees who took part and how, not what they wrote.
  if (scope.can_write || caller.role == auth::Role::kGroupLeader) return;
  for (v1::SelfEvaluation& e : *campaign->mutable_self_evaluations()) {
    e.clear_self_evaluation();
    e.clear_party_spirit_analysis();
  }
}

}  // namespace

absl::StatusOr<org::v1::Group> Evaluation::CampaignGroup(int64_t campaign_id) {
  if (campaign_id <= 0) return absl::InvalidArgumentError("campaign_id: required");
  int64_t group_id = 0;
  RETURN_IF_ERROR(
      db::RunWithConnection(context_.pool, "evaluation campaign", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(store::StoredCampaign stored, store::GetCampaignForUpdate(c, campaign_id));
        group_id = stored.campaign.group_id();
        return absl::OkStatus();
      }));
  return context_.org.GetGroup(group_id);
}

absl::Status Evaluation::OpenEvaluationCampaign(const auth::Caller& caller,
                                                const v1::OpenEvaluationCampaignRequest& request,
                                                v1::OpenEvaluationCampaignResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(absl::CivilDay opened_on, proto::ToCivilDay(request.opened_on(), "opened_on"));
  ASSIGN_OR_RETURN(absl::CivilDay deadline, proto::ToCivilDay(request.deadline(), "deadline"));
  if (deadline < opened_on) return absl::InvalidArgumentError("deadline: before opened_on");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  // 第七条: 根据党支部统一安排 — the branch opens the campaign.
  RETURN_IF_ERROR(RequireBranchReview(caller, scope, group.node().path()));
  ASSIGN_OR_RETURN(const rules::Policy policy, context_.org.GetPolicy(0));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "OpenEvaluationCampaign", request.request_id()},
      response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(
            const int64_t id,
            store::InsertCampaign(c, group.node().id(), group.node().path(), opened_on, deadline));
        ASSIGN_OR_RETURN(store::StoredCampaign stored, store::GetCampaignForUpdate(c, id));
        FillGaps(group, policy, &stored.campaign);
        journal.SetTarget("evaluation_campaign", id);
        // Every member's to-do: evaluate themself and the others.
        journal.AddEvent(RecordEvent("EVALUATION_OPENED", "evaluation_campaign", id, group,
                                     {{"deadline", proto::FormatSqlDate(deadline)}}));
        VisibleTo(caller, scope, &stored.campaign);
        *response->mutable_campaign() = std::move(stored.campaign);
        return absl::OkStatus();
      });
}

absl::Status Evaluation::RecordSelfEvaluation(const auth::Caller& caller,
                                              const v1::RecordSelfEvaluationRequest& request,
                                              v1::RecordSelfEvaluationResponse* response) {
  if (request.member_id() <= 0) return absl::InvalidArgumentError("member_id: required");
  if (request.self_evaluation().empty() || request.party_spirit_analysis().empty()) {
    return absl::InvalidArgumentError(
        "self_evaluation, party_spirit_analysis: both required (第七条: 党性分析、个人自评)");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  // Rights first: a member records their own, before anything of the campaign is read.
  const bool self = scope.member_only && scope.member_id == request.member_id();
  if (scope.member_only && !self) {
    return absl::PermissionDeniedError("a member records only their own self-evaluation");
  }
  ASSIGN_OR_RETURN(org::v1::Group group, CampaignGroup(request.campaign_id()));
  if (!self) RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  if (!InGroup(group, request.member_id())) {
    return absl::InvalidArgumentError(
        absl::StrCat("member_id: member ", request.member_id(), " is not in the group"));
  }
  ASSIGN_OR_RETURN(const rules::Policy policy, context_.org.GetPolicy(0));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordSelfEvaluation", request.request_id()},
      response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        v1::SelfEvaluation evaluation;
        evaluation.set_member_id(request.member_id());
        evaluation.set_self_evaluation(request.self_evaluation());
        evaluation.set_party_spirit_analysis(request.party_spirit_analysis());
        RETURN_IF_ERROR(store::UpsertSelfEvaluation(c, request.campaign_id(), evaluation));
        ASSIGN_OR_RETURN(store::StoredCampaign stored,
                         store::GetCampaignForUpdate(c, request.campaign_id()));
        FillGaps(group, policy, &stored.campaign);
        journal.SetTarget("evaluation_campaign", request.campaign_id());
        VisibleTo(caller, scope, &stored.campaign);
        *response->mutable_campaign() = std::move(stored.campaign);
        return absl::OkStatus();
      });
}

absl::Status Evaluation::RecordMutualEvaluation(const auth::Caller& caller,
                                                const v1::RecordMutualEvaluationRequest& request,
                                                v1::RecordMutualEvaluationResponse* response) {
  if (request.voter_member_id() <= 0 || request.target_member_id() <= 0 ||
      request.voter_member_id() == request.target_member_id()) {
    return absl::InvalidArgumentError(
        "voter_member_id, target_member_id: two different members of the group");
  }
  if (request.rating() == v1::EVALUATION_RATING_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "rating: EXCELLENT, QUALIFIED, BASICALLY_QUALIFIED or UNQUALIFIED");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  const bool self = scope.member_only && scope.member_id == request.voter_member_id();
  if (scope.member_only && !self) {
    return absl::PermissionDeniedError("a member casts only their own votes");
  }
  ASSIGN_OR_RETURN(org::v1::Group group, CampaignGroup(request.campaign_id()));
  if (!self) RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  for (int64_t id : {request.voter_member_id(), request.target_member_id()}) {
    if (!InGroup(group, id)) {
      return absl::InvalidArgumentError(absl::StrCat("member ", id, " is not in the group"));
    }
  }
  // 第七条: every member takes part, unless the policy follows the Constitution's 表决权 for
  // probationary members (党章第七条).
  ASSIGN_OR_RETURN(const rules::Policy policy, context_.org.GetPolicy(0));
  RETURN_IF_ERROR(rules::RefuseViolations(rules::CheckEvaluationVote(
      {request.voter_member_id(), request.target_member_id(), rules::EvaluationRating::kQualified},
      clients::ToRulesGroup(group), policy)));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordMutualEvaluation", request.request_id()},
      response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        v1::MutualEvaluation vote;
        vote.set_voter_member_id(request.voter_member_id());
        vote.set_target_member_id(request.target_member_id());
        vote.set_rating(request.rating());
        RETURN_IF_ERROR(store::UpsertVote(c, request.campaign_id(), vote));
        ASSIGN_OR_RETURN(store::StoredCampaign stored,
                         store::GetCampaignForUpdate(c, request.campaign_id()));
        FillGaps(group, policy, &stored.campaign);
        journal.SetTarget("evaluation_campaign", request.campaign_id());
        VisibleTo(caller, scope, &stored.campaign);
        *response->mutable_campaign() = std::move(stored.campaign);
        return absl::OkStatus();
      });
}

absl::Status Evaluation::ReportEvaluationCampaign(
    const auth::Caller& caller, const v1::ReportEvaluationCampaignRequest& request,
    v1::ReportEvaluationCampaignResponse* response) {
  if (request.summary().empty()) return absl::InvalidArgumentError("summary: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, CampaignGroup(request.campaign_id()));
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  ASSIGN_OR_RETURN(const rules::Policy policy, context_.org.GetPolicy(0));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ReportEvaluationCampaign", request.request_id()},
      response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredCampaign stored,
                         store::GetCampaignForUpdate(c, request.campaign_id()));
        if (stored.campaign.has_reported_on()) {
          return absl::FailedPreconditionError("the campaign has been reported already");
        }
        RETURN_IF_ERROR(store::ReportCampaign(c, request.campaign_id(), request.summary(),
                                              absl::ToCivilDay(absl::Now(), context_.zone)));
        ASSIGN_OR_RETURN(store::StoredCampaign reported,
                         store::GetCampaignForUpdate(c, request.campaign_id()));
        FillGaps(group, policy, &reported.campaign);
        journal.SetTarget("evaluation_campaign", request.campaign_id());
        // 评议情况及时向党支部报告: the branch's notice.
        journal.AddEvent(RecordEvent("EVALUATION_REPORTED", "evaluation_campaign",
                                     request.campaign_id(), group, {}));
        VisibleTo(caller, scope, &reported.campaign);
        *response->mutable_campaign() = std::move(reported.campaign);
        return absl::OkStatus();
      });
}

absl::Status Evaluation::GetEvaluationCampaign(const auth::Caller& caller,
                                               const v1::GetEvaluationCampaignRequest& request,
                                               v1::GetEvaluationCampaignResponse* response) {
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, CampaignGroup(request.campaign_id()));
  // 第九条: a member of the group reads the campaign they take part in (their own entries only,
  // VisibleTo); the others read it with the group.
  if (!(scope.member_only && InGroup(group, scope.member_id))) {
    RETURN_IF_ERROR(
        auth::RequireRead(scope, group.node().path(), absl::StrCat("node ", group.node().id())));
  }
  ASSIGN_OR_RETURN(const rules::Policy policy, context_.org.GetPolicy(0));
  return db::RunWithConnection(context_.pool, "GetEvaluationCampaign", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(store::StoredCampaign stored,
                     store::GetCampaignForUpdate(c, request.campaign_id()));
    FillGaps(group, policy, &stored.campaign);
    VisibleTo(caller, scope, &stored.campaign);
    *response->mutable_campaign() = std::move(stored.campaign);
    return absl::OkStatus();
  });
}

}  // namespace partygroup::activity
