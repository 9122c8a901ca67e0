#include "services/org/org_service.h"

#include "absl/time/clock.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"

namespace partygroup::org {
grpc::Status OrgServiceImpl::GetServiceInfo(grpc::ServerContext* context,
                                            const v1::GetServiceInfoRequest*,
                                            v1::GetServiceInfoResponse* response) {
  return runtime_.AnswerServiceInfo(*context, response->mutable_info());
}

grpc::Status OrgServiceImpl::WatchEvents(grpc::ServerContext* context,
                                         const v1::WatchEventsRequest* request,
                                         grpc::ServerWriter<v1::WatchEventsResponse>* writer) {
  absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
  if (!caller.ok()) return server::ToGrpcStatus(caller.status());
  absl::StatusOr<std::string> scope = domain_.EventScope(*caller);
  if (!scope.ok()) return server::ToGrpcStatus(scope.status());
  return server::ServeEvents(runtime_, context, request->after_sequence(), request->follow(),
                             *scope, writer);
}

}  // namespace partygroup::org

namespace partygroup::org {

grpc::Status OrgServiceImpl::StreamTree(grpc::ServerContext* context,
                                        const v1::StreamTreeRequest* request,
                                        grpc::ServerWriter<v1::StreamTreeResponse>* writer) {
  absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
  if (!caller.ok()) return server::ToGrpcStatus(caller.status());
  return server::ToGrpcStatus(domain_.StreamTree(
      *caller, *request,
      [&](v1::StreamTreeResponse& response) { return writer->Write(response); }));
}

grpc::Status OrgServiceImpl::StreamMembers(grpc::ServerContext* context,
                                           const v1::StreamMembersRequest* request,
                                           grpc::ServerWriter<v1::StreamMembersResponse>* writer) {
  absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
  if (!caller.ok()) return server::ToGrpcStatus(caller.status());
  v1::StreamMembersResponse response;
  return server::ToGrpcStatus(
      domain_.StreamMembers(*caller, *request, [&](const v1::Member& member) {
        *response.mutable_member() = member;
        return writer->Write(response);
      }));
}

grpc::Status OrgServiceImpl::ImportRecords(grpc::ServerContext* context,
                                           grpc::ServerReader<v1::ImportRecordsRequest>* reader,
                                           v1::ImportRecordsResponse* response) {
  absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
  if (!caller.ok()) return server::ToGrpcStatus(caller.status());
  std::string request_id;
  std::vector<v1::ImportRecord> records;
  v1::ImportRecordsRequest message;
  while (reader->Read(&message)) {
    if (records.empty()) request_id = message.request_id();
    records.push_back(std::move(*message.mutable_record()));
  }
  return server::ToGrpcStatus(domain_.ImportRecords(*caller, request_id, records, response));
}

}  // namespace partygroup::org
