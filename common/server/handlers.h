// What every service's gRPC handlers share: authenticate, hand to the domain, convert the
// status (Handle); and serve the event log as a resumable stream (ServeEvents).
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/server/grpc_status.h"
#include "common/server/runtime.h"

namespace partygroup::server {

// A unary handler: `return Handle(runtime_, context, domain_, &Domain::Method, *request,
// response);` — the domain method takes the verified caller, the request and the response. The
// call counts in its caller's budget until it returns (Runtime::Admit). The request passes the
// one validation layer (proto::ValidateRequest) after the token is checked and before the domain
// sees it.
template <typename Domain, typename Request, typename Response>
grpc::Status Handle(const Runtime& runtime, grpc::ServerContext* context, Domain& domain,
                    absl::Status (Domain::*method)(const auth::Caller&, const Request&, Response*),
                    const Request& request, Response* response) {
  absl::StatusOr<AdmittedCall> call = runtime.Admit(*context, CallKind::kUnary, request);
  if (!call.ok()) return ToGrpcStatus(call.status());
  return ToGrpcStatus((domain.*method)(call->caller, request, response));
}

// Streams the service's event log after `after_sequence` whose scope_path starts with
// `scope_prefix`; with `follow`, keeps sending new events until the call is cancelled or the
// server shuts down. A follower reads the log when a commit of this process rings the event
// bell (mutation::EventBell), and otherwise every two seconds, for what another replica
// committed. Response is the service's WatchEventsResponse (one Event field).
template <typename Response>
grpc::Status ServeEvents(Runtime& runtime, grpc::ServerContext* context, int64_t after_sequence,
                         bool follow, const std::string& scope_prefix,
                         grpc::ServerWriter<Response>* writer) {
  constexpr int kBatch = 200;
  constexpr absl::Duration kFallbackRead = absl::Seconds(2);
  const mutation::EventBell& bell = mutation::EventBell::OfProcess();
  if (after_sequence < 0) {
    return ToGrpcStatus(absl::InvalidArgumentError("after_sequence: must not be negative"));
  }
  int64_t after = after_sequence;
  while (!context->IsCancelled() && !runtime.shutting_down()) {
    const int64_t rung = bell.Rung();  // before the read: a commit after it wakes the wait
    absl::StatusOr<std::vector<mutation::StoredEvent>> batch =
        mutation::ReadEvents(runtime.pool(), after, scope_prefix, kBatch);
    if (!batch.ok()) return ToGrpcStatus(batch.status());
    for (const mutation::StoredEvent& stored : *batch) {
      Response response;
      auto* event = response.mutable_event();
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
    if (static_cast<int>(batch->size()) == kBatch) continue;
    if (!follow) break;
    bell.WaitAfter(rung, kFallbackRead);
  }
  return grpc::Status::OK;
}

}  // namespace partygroup::server
