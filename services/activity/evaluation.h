// 第七条: member evaluation (民主评议党员) — the branch opens a campaign (根据党支部统一安排),
// each member records a self-evaluation and a party-spirit analysis (个人自评、党性分析), the
// formal members evaluate one another (党员互评; probationary members do not vote), the leader
// reports the outcome to the branch. Every answer carries what each member still lacks.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class Evaluation final {
 public:
  explicit Evaluation(const ActivityContext& context) : context_(context) {}

  // By the branch.
  absl::Status OpenEvaluationCampaign(const auth::Caller& caller,
                                      const v1::OpenEvaluationCampaignRequest& request,
                                      v1::OpenEvaluationCampaignResponse* response);
  // A MEMBER token records its own.
  absl::Status RecordSelfEvaluation(const auth::Caller& caller,
                                    const v1::RecordSelfEvaluationRequest& request,
                                    v1::RecordSelfEvaluationResponse* response);
  // Refused as EVALUATION_PROBATIONARY_VOTE for a probationary voter.
  absl::Status RecordMutualEvaluation(const auth::Caller& caller,
                                      const v1::RecordMutualEvaluationRequest& request,
                                      v1::RecordMutualEvaluationResponse* response);
  absl::Status ReportEvaluationCampaign(const auth::Caller& caller,
                                        const v1::ReportEvaluationCampaignRequest& request,
                                        v1::ReportEvaluationCampaignResponse* response);
  absl::Status GetEvaluationCampaign(const auth::Caller& caller,
                                     const v1::GetEvaluationCampaignRequest& request,
                                     v1::GetEvaluationCampaignResponse* response);

 private:
  // The group a stored campaign belongs to, as org describes it now.
  absl::StatusOr<org::v1::Group> CampaignGroup(int64_t campaign_id);

  const ActivityContext context_;
};

}  // namespace partygroup::activity
