#include "services/activity/activity_service.h"

#include "services/activity/group_records.h"

namespace partygroup::activity {

grpc::Status ActivityServiceImpl::GetServiceInfo(grpc::ServerContext* context,
                                                 const v1::GetServiceInfoRequest*,
                                                 v1::GetServiceInfoResponse* response) {
  return runtime_.AnswerServiceInfo(*context, response->mutable_info());
}

grpc::Status ActivityServiceImpl::WatchEvents(grpc::ServerContext* context,
                                              const v1::WatchEventsRequest* request,
                                              grpc::ServerWriter<v1::WatchEventsResponse>* writer) {
  absl::StatusOr<server::AdmittedCall> call =
      runtime_.Admit(*context, server::CallKind::kStream, *request);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  absl::StatusOr<std::string> scope = EventScope(context_, call->caller);
  if (!scope.ok()) return server::ToGrpcStatus(scope.status());
  return server::ServeEvents(runtime_, context, request->after_sequence(), request->follow(),
                             *scope, writer);
}

grpc::Status ActivityServiceImpl::StreamPeriod(
    grpc::ServerContext* context, const v1::StreamPeriodRequest* request,
    grpc::ServerWriter<v1::StreamPeriodResponse>* writer) {
  absl::StatusOr<server::AdmittedCall> call =
      runtime_.Admit(*context, server::CallKind::kStream, *request);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  return server::ToGrpcStatus(
      period_.StreamPeriod(call->caller, *request, [&](v1::StreamPeriodResponse& response) {
        return !context->IsCancelled() && writer->Write(response);
      }));
}

grpc::Status ActivityServiceImpl::ImportRecords(
    grpc::ServerContext* context, grpc::ServerReader<v1::ImportRecordsRequest>* reader,
    v1::ImportRecordsResponse* response) {
  absl::StatusOr<server::AdmittedCall> call = runtime_.Admit(*context, server::CallKind::kStream);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  // Rights before the stream is read, and no more than a call may carry is kept.
  if (absl::Status allowed = RequireBackOfficeRole(call->caller); !allowed.ok()) {
    return server::ToGrpcStatus(allowed);
  }
  std::string request_id;
  std::vector<v1::ImportRecord> records;
  v1::ImportRecordsRequest message;
  for (int number = 1; reader->Read(&message); ++number) {
    if (absl::Status valid = runtime_.Validate(message); !valid.ok()) {
      return server::ToGrpcStatus(server::InStreamMessage(valid, number));
    }
    if (number == 1) request_id = message.request_id();
    if (records.size() + static_cast<size_t>(message.records_size()) >
        BackOfficeImport::kMaxRecords) {
      return server::ToGrpcStatus(
          absl::ResourceExhaustedError("records: at most 100000 a call; split the import"));
    }
    for (v1::ImportRecord& record : *message.mutable_records())
      records.push_back(std::move(record));
  }
  return server::ToGrpcStatus(
      back_office_.ImportRecords(call->caller, request_id, records, response));
}

}  // namespace partygroup::activity
