// partygroup.org.v1.OrgService: translates gRPC to the org domain and back, nothing else.
#pragma once

#include "common/server/runtime.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"

namespace partygroup::org {

class OrgServiceImpl final : public partygroup::org::v1::OrgService::Service {
 public:
  explicit OrgServiceImpl(server::Runtime& runtime) : runtime_(runtime) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* context,
                              const v1::GetServiceInfoRequest* request,
                              v1::GetServiceInfoResponse* response) override;

 private:
  server::Runtime& runtime_;
};

}  // namespace partygroup::org
