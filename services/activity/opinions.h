// 第四条（五）: opinions (意见建议) of members and the public — recorded by the leader, passed on
// to the branch (及时向党支部反映), resolved by the branch with the outcome.
#pragma once

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class Opinions final {
 public:
  explicit Opinions(const ActivityContext& context) : context_(context) {}

  absl::Status RecordOpinion(const auth::Caller& caller, const v1::RecordOpinionRequest& request,
                             v1::RecordOpinionResponse* response);
  absl::Status ReportOpinion(const auth::Caller& caller, const v1::ReportOpinionRequest& request,
                             v1::ReportOpinionResponse* response);
  // By the branch, once the opinion has been reported to it.
  absl::Status ResolveOpinion(const auth::Caller& caller, const v1::ResolveOpinionRequest& request,
                              v1::ResolveOpinionResponse* response);
  absl::Status ListOpinions(const auth::Caller& caller, const v1::ListOpinionsRequest& request,
                            v1::ListOpinionsResponse* response);

 private:
  const ActivityContext context_;
};

}  // namespace partygroup::activity
