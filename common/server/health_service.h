// grpc.health.v1.Health, generated from Debian's grpc-proto so that reflection can describe it
// (grpcurl ... grpc.health.v1.Health/Check). A server reports SERVING only while its database
// answers; the Runtime's health checker flips the status.
#pragma once

#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/server/open_streams.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace partygroup::server {

class HealthService final : public grpc::health::v1::Health::Service {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // Watch streams need no token and each holds a worker thread while open: at most
  // `max_watches` at once (a probe needs one, or Check), the next refused with
  // RESOURCE_EXHAUSTED, so that unauthenticated streams cannot take the server's threads.
  explicit HealthService(int max_watches) : watches_(max_watches) {}

  // Sets the status of `service` ("" is the server as a whole).
  void SetStatus(const std::string& service, ServingStatus status);
  // Sets every known service's status at once.
  void SetAll(ServingStatus status);
  // Ends Watch streams so that the server can shut down; statuses become NOT_SERVING.
  void Shutdown();

  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  grpc::Status Watch(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>* writer) override;

 private:
  absl::Mutex mu_;
  std::map<std::string, ServingStatus> statuses_ ABSL_GUARDED_BY(mu_);
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
  // Bumped on every change, so that watchers wake up.
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  OpenStreams watches_;
};

}  // namespace partygroup::server
