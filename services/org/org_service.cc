#include "services/org/org_service.h"

#include "absl/time/clock.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"

namespace partygroup::org {
namespace {

constexpr int kEventBatch = 200;
constexpr absl::Duration kFollowPoll = absl::Milliseconds(300);

}  // namespace

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
  if (request->after_sequence() < 0) {
    return server::ToGrpcStatus(
        absl::InvalidArgumentError("after_sequence: must not be negative"));
  }
  absl::StatusOr<std::string> scope = domain_.EventScope(*caller);
  if (!scope.ok()) return server::ToGrpcStatus(scope.status());
  int64_t after = request->after_sequence();
  while (!context->IsCancelled() && !runtime_.shutting_down()) {
    absl::StatusOr<std::vector<mutation::StoredEvent>> batch =
        mutation::ReadEvents(runtime_.pool(), after, *scope, kEventBatch);
    if (!batch.ok()) return server::ToGrpcStatus(batch.status());
    for (const mutation::StoredEvent& stored : *batch) {
      v1::WatchEventsResponse response;
      common::v1::Event* event = response.mutable_event();
      event->set_sequence(stored.sequence);
      *event->mutable_time() = proto::ToTimestamp(stored.at);
      event->set_kind(stored.event.kind);
      event->set_target_kind(stored.event.target_kind);
      event->set_target_id(stored.event.target_id);
      event->set_scope_path(stored.event.scope_path);
      event->set_payload_json(stored.event.payload_json);
      if (!writer->Write(response)) return grpc::Status::OK;  // the client went away
      after = stored.sequence;
    }
    if (static_cast<int>(batch->size()) == kEventBatch) continue;
    if (!request->follow()) break;
    absl::SleepFor(kFollowPoll);
  }
  return grpc::Status::OK;
}

}  // namespace partygroup::org

namespace partygroup::org {

grpc::Status OrgServiceImpl::StreamTree(grpc::ServerContext* context,
                                        const v1::StreamTreeRequest* request,
                                        grpc::ServerWriter<v1::StreamTreeResponse>* writer) {
  absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
  if (!caller.ok()) return server::ToGrpcStatus(caller.status());
  v1::StreamTreeResponse response;
  return server::ToGrpcStatus(domain_.StreamTree(*caller, *request, [&](const v1::Node& node) {
    *response.mutable_node() = node;
    return writer->Write(response);
  }));
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
