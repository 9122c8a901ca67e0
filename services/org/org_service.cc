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
  absl::StatusOr<server::AdmittedCall> call =
      runtime_.Admit(*context, server::CallKind::kStream, *request);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  absl::StatusOr<std::string> scope = findings_.EventScope(call->caller);
  if (!scope.ok()) return server::ToGrpcStatus(scope.status());
  return server::ServeEvents(runtime_, context, request->after_sequence(), request->follow(),
                             *scope, writer);
}

}  // namespace partygroup::org

namespace partygroup::org {

grpc::Status OrgServiceImpl::StreamTree(grpc::ServerContext* context,
                                        const v1::StreamTreeRequest* request,
                                        grpc::ServerWriter<v1::StreamTreeResponse>* writer) {
  absl::StatusOr<server::AdmittedCall> call =
      runtime_.Admit(*context, server::CallKind::kStream, *request);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  // Now, or as it stood during a period.
  auto stream = [&](const std::function<bool(v1::StreamTreeResponse&)>& emit) {
    return request->has_period() ? period_.StreamTree(call->caller, *request, emit)
                                 : tree_.StreamTree(call->caller, *request, emit);
  };
  if (request->batch_size() <= 1) {
    return server::ToGrpcStatus(
        stream([&](v1::StreamTreeResponse& response) { return writer->Write(response); }));
  }
  v1::StreamTreeResponse batch;
  absl::Status streamed = stream([&](v1::StreamTreeResponse& item) {
    v1::TreeNode* entry = batch.add_nodes();
    entry->mutable_node()->Swap(item.mutable_node());
    if (item.has_leader()) entry->mutable_leader()->Swap(item.mutable_leader());
    entry->mutable_leader_terms()->Swap(item.mutable_leader_terms());
    if (batch.nodes_size() < request->batch_size()) return true;
    const bool written = writer->Write(batch);
    batch.clear_nodes();
    return written;
  });
  if (streamed.ok() && batch.nodes_size() > 0) writer->Write(batch);  // the last batch
  return server::ToGrpcStatus(streamed);
}

grpc::Status OrgServiceImpl::StreamMembers(grpc::ServerContext* context,
                                           const v1::StreamMembersRequest* request,
                                           grpc::ServerWriter<v1::StreamMembersResponse>* writer) {
  absl::StatusOr<server::AdmittedCall> call =
      runtime_.Admit(*context, server::CallKind::kStream, *request);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  v1::StreamMembersResponse response;
  const int batch_size = request->batch_size();
  auto stream = [&](const std::function<bool(v1::Member&)>& emit) {
    return request->has_period() ? period_.StreamMembers(call->caller, *request, emit)
                                 : members_.StreamMembers(call->caller, *request, emit);
  };
  absl::Status streamed = stream([&](v1::Member& member) {
    if (batch_size <= 1) {
      *response.mutable_member() = std::move(member);
      return writer->Write(response);
    }
    *response.add_members() = std::move(member);
    if (response.members_size() < batch_size) return true;
    const bool written = writer->Write(response);
    response.clear_members();
    return written;
  });
  if (streamed.ok() && response.members_size() > 0) writer->Write(response);  // the last batch
  return server::ToGrpcStatus(streamed);
}

grpc::Status OrgServiceImpl::ImportRecords(grpc::ServerContext* context,
                                           grpc::ServerReader<v1::ImportRecordsRequest>* reader,
                                           v1::ImportRecordsResponse* response) {
  absl::StatusOr<server::AdmittedCall> call = runtime_.Admit(*context, server::CallKind::kStream);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  // Rights before the stream is read, and no more than a call may carry is kept.
  if (absl::Status allowed = OaImport::RequireImporter(call->caller); !allowed.ok()) {
    return server::ToGrpcStatus(allowed);
  }
  std::string request_id;
  std::vector<v1::ImportRecord> records;
  v1::ImportRecordsRequest message;
  while (reader->Read(&message)) {
    if (absl::Status valid = runtime_.Validate(message); !valid.ok()) {
      return server::ToGrpcStatus(server::InStreamMessage(valid, records.size() + 1));
    }
    if (records.empty()) request_id = message.request_id();
    if (records.size() >= OaImport::kMaxRows) {
      return server::ToGrpcStatus(
          absl::ResourceExhaustedError("records: at most 200000 a call; split the import"));
    }
    records.push_back(std::move(*message.mutable_record()));
  }
  return server::ToGrpcStatus(import_.ImportRecords(call->caller, request_id, records, response));
}

}  // namespace partygroup::org
