#include "services/activity/activity_service.h"

#include "common/server/grpc_status.h"

namespace partygroup::activity {

grpc::Status ActivityServiceImpl::GetServiceInfo(grpc::ServerContext* context,
                                             const v1::GetServiceInfoRequest*,
                                             v1::GetServiceInfoResponse* response) {
  return runtime_.AnswerServiceInfo(*context, response->mutable_info());
}

}  // namespace partygroup::activity
