#include "services/activity/activity_service.h"

#include "common/server/grpc_status.h"

namespace partygroup::activity {

grpc::Status ActivityServiceImpl::GetServiceInfo(grpc::ServerContext* context,
                                             const v1::GetServiceInfoRequest*,
                                             v1::GetServiceInfoResponse* response) {
  absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
  if (!caller.ok()) return server::ToGrpcStatus(caller.status());
  runtime_.DescribeService(*caller, response->mutable_info());
  return grpc::Status::OK;
}

}  // namespace partygroup::activity
