#include "common/server/health_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace partygroup::server {

using grpc::health::v1::HealthCheckResponse;

void HealthService::SetStatus(const std::string& service, ServingStatus status) {
  absl::MutexLock lock(&mu_);
  if (shutdown_) return;
  auto [it, inserted] = statuses_.emplace(service, status);
  if (inserted || it->second != status) {
    it->second = status;
    ++generation_;
  }
}

void HealthService::SetAll(ServingStatus status) {
  absl::MutexLock lock(&mu_);
  if (shutdown_) return;
  for (auto& [service, current] : statuses_) current = status;
  ++generation_;
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mu_);
  for (auto& [service, current] : statuses_) current = HealthCheckResponse::NOT_SERVING;
  shutdown_ = true;
  ++generation_;
}

grpc::Status HealthService::Check(grpc::ServerContext*,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  HealthCheckResponse* response) {
  absl::MutexLock lock(&mu_);
  auto it = statuses_.find(request->service());
  if (it == statuses_.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service " + request->service());
  }
  response->set_status(it->second);
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(grpc::ServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::ServerWriter<HealthCheckResponse>* writer) {
  const std::optional<OpenStreams::Place> place = watches_.Open();
  if (!place.has_value()) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("at most ", watches_.max(),
                                     " health watches are open at once on this server; ask "
                                     "with Check"));
  }
  int64_t seen_generation = -1;
  ServingStatus last_sent = HealthCheckResponse::UNKNOWN;
  while (!context->IsCancelled()) {
    ServingStatus status;
    bool shutting_down;
    {
      absl::MutexLock lock(&mu_);
      // Wake on a change, or every second to notice a cancelled call.
      auto changed = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return generation_ != seen_generation;
      };
      mu_.AwaitWithTimeout(absl::Condition(&changed), absl::Seconds(1));
      if (generation_ == seen_generation) continue;
      seen_generation = generation_;
      auto it = statuses_.find(request->service());
      // The protocol: an unknown service is SERVICE_UNKNOWN on Watch, not an error.
      status = it == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN : it->second;
      shutting_down = shutdown_;
    }
    if (status != last_sent || last_sent == HealthCheckResponse::UNKNOWN) {
      HealthCheckResponse response;
      response.set_status(status);
      if (!writer->Write(response)) break;
      last_sent = status;
    }
    if (shutting_down) break;
  }
  return grpc::Status::OK;
}

}  // namespace partygroup::server
