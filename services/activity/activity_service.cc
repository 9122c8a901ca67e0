#include "services/activity/activity_service.h"

namespace partygroup::activity {

grpc::Status ActivityServiceImpl::GetServiceInfo(grpc::ServerContext* context,
                                                 const v1::GetServiceInfoRequest*,
                                                 v1::GetServiceInfoResponse* response) {
  return runtime_.AnswerServiceInfo(*context, response->mutable_info());
}

grpc::Status ActivityServiceImpl::WatchEvents(grpc::ServerContext* context,
                                              const v1::WatchEventsRequest* request,
                                              grpc::ServerWriter<v1::WatchEventsResponse>* writer) {
  absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
  if (!caller.ok()) return server::ToGrpcStatus(caller.status());
  absl::StatusOr<std::string> scope = domain_.EventScope(*caller);
  if (!scope.ok()) return server::ToGrpcStatus(scope.status());
  return server::ServeEvents(runtime_, context, request->after_sequence(), request->follow(),
                             *scope, writer);
}

grpc::Status ActivityServiceImpl::StreamPeriod(
    grpc::ServerContext* context, const v1::StreamPeriodRequest* request,
    grpc::ServerWriter<v1::StreamPeriodResponse>* writer) {
  absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
  if (!caller.ok()) return server::ToGrpcStatus(caller.status());
  return server::ToGrpcStatus(
      domain_.StreamPeriod(*caller, *request, [&](v1::StreamPeriodResponse& response) {
        return !context->IsCancelled() && writer->Write(response);
      }));
}

}  // namespace partygroup::activity
