// partygroup.activity.v1.ActivityService: translates gRPC to the activity domain and back, nothing else.
#pragma once

#include "common/server/runtime.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"

namespace partygroup::activity {

class ActivityServiceImpl final : public partygroup::activity::v1::ActivityService::Service {
 public:
  explicit ActivityServiceImpl(server::Runtime& runtime) : runtime_(runtime) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* context,
                              const v1::GetServiceInfoRequest* request,
                              v1::GetServiceInfoResponse* response) override;

 private:
  server::Runtime& runtime_;
};

}  // namespace partygroup::activity
