// partygroup.assessment.v1.AssessmentService: translates gRPC to AssessmentDomain calls and
// back, nothing else.
#pragma once

#include "common/clients/activity_client.h"
#include "common/clients/org_client.h"
#include "common/server/handlers.h"
#include "common/server/runtime.h"
#include "partygroup/assessment/v1/assessment_service.grpc.pb.h"
#include "services/assessment/assessment_domain.h"

namespace partygroup::assessment {

class AssessmentServiceImpl final : public partygroup::assessment::v1::AssessmentService::Service {
 public:
  // Asks org at runtime.config().org_address and activity at runtime.config().activity_address,
  // with runtime.config().service_token, over TLS when runtime.config().peer_ca_pem is set.
  explicit AssessmentServiceImpl(server::Runtime& runtime)
      : runtime_(runtime),
        org_(clients::PeerChannel(
                 runtime.config().org_address,
                 clients::PeerTls{runtime.config().peer_ca_pem, runtime.config().peer_cert_pem,
                                  runtime.config().peer_key_pem}),
             runtime.config().service_token),
        activity_(clients::PeerChannel(
                      runtime.config().activity_address,
                      clients::PeerTls{runtime.config().peer_ca_pem, runtime.config().peer_cert_pem,
                                       runtime.config().peer_key_pem}),
                  runtime.config().service_token),
        rubric_versions_(runtime.pool()),
        domain_(runtime.pool(), org_, activity_, runtime.time_zone()) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* context,
                              const v1::GetServiceInfoRequest* request,
                              v1::GetServiceInfoResponse* response) override;
  // The rules library's catalogue (第一条 to 第十四条), for any authenticated caller.
  grpc::Status ListRules(grpc::ServerContext* context, const v1::ListRulesRequest* request,
                         v1::ListRulesResponse* response) override;

#define PARTYGROUP_UNARY(Method)                                                           \
  grpc::Status Method(grpc::ServerContext* context, const v1::Method##Request* request,    \
                      v1::Method##Response* response) override {                           \
    return server::Handle(runtime_, context, domain_, &AssessmentDomain::Method, *request, \
                          response);                                                       \
  }
  PARTYGROUP_UNARY(OpenCycle)
  PARTYGROUP_UNARY(GetCycle)
  PARTYGROUP_UNARY(ListCycles)
  PARTYGROUP_UNARY(RecordDutyReview)
  PARTYGROUP_UNARY(RecordDualReview)
  PARTYGROUP_UNARY(PublishCycle)
  PARTYGROUP_UNARY(GetResult)
  PARTYGROUP_UNARY(ListResults)
  PARTYGROUP_UNARY(ExportResults)
#undef PARTYGROUP_UNARY
#define PARTYGROUP_RUBRIC(Method)                                                                 \
  grpc::Status Method(grpc::ServerContext* context, const v1::Method##Request* request,           \
                      v1::Method##Response* response) override {                                  \
    return server::Handle(runtime_, context, rubric_versions_, &RubricVersions::Method, *request, \
                          response);                                                              \
  }
  PARTYGROUP_RUBRIC(CreateRubric)
  PARTYGROUP_RUBRIC(GetRubric)
  PARTYGROUP_RUBRIC(ListRubrics)
#undef PARTYGROUP_RUBRIC

  // As the others, then the city's year, held while it was scored, goes back to the system.
  grpc::Status ComputeCycle(grpc::ServerContext* context, const v1::ComputeCycleRequest* request,
                            v1::ComputeCycleResponse* response) override;
  grpc::Status StreamResults(grpc::ServerContext* context, const v1::StreamResultsRequest* request,
                             grpc::ServerWriter<v1::StreamResultsResponse>* writer) override;
  grpc::Status WatchEvents(grpc::ServerContext* context, const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::WatchEventsResponse>* writer) override;

 private:
  server::Runtime& runtime_;
  clients::OrgClient org_;
  clients::ActivityClient activity_;
  RubricVersions rubric_versions_;  // 第十四条's rubrics, as versions
  AssessmentDomain domain_;         // cycles, votes, results
};

}  // namespace partygroup::assessment
