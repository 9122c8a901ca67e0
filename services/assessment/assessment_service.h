// partygroup.assessment.v1.AssessmentService: translates gRPC to the assessment domain and back,
// nothing else.
#pragma once

#include "common/server/runtime.h"
#include "partygroup/assessment/v1/assessment_service.grpc.pb.h"

namespace partygroup::assessment {

class AssessmentServiceImpl final : public partygroup::assessment::v1::AssessmentService::Service {
 public:
  explicit AssessmentServiceImpl(server::Runtime& runtime) : runtime_(runtime) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* context,
                              const v1::GetServiceInfoRequest* request,
                              v1::GetServiceInfoResponse* response) override;
  // The rules library's catalogue (第一条 to 第十四条), for any authenticated caller.
  grpc::Status ListRules(grpc::ServerContext* context, const v1::ListRulesRequest* request,
                         v1::ListRulesResponse* response) override;

 private:
  server::Runtime& runtime_;
};

}  // namespace partygroup::assessment
