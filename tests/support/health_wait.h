// The health of a server under test, as a load balancer asks it (grpc.health.v1), and a wait for
// it to become what a test expects.
#pragma once

#include <grpcpp/client_context.h>

#include <string>

#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace partygroup::testing {

inline grpc::health::v1::HealthCheckResponse::ServingStatus CheckHealth(
    grpc::health::v1::Health::Stub& stub, const std::string& service) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub.Check(&context, request, &response);
  return status.ok() ? response.status() : grpc::health::v1::HealthCheckResponse::UNKNOWN;
}

// Polls every 50 ms for up to 15 s; true once the health is `want`.
inline bool WaitForHealth(grpc::health::v1::Health::Stub& stub, const std::string& service,
                          grpc::health::v1::HealthCheckResponse::ServingStatus want) {
  const absl::Time give_up = absl::Now() + absl::Seconds(15);
  while (absl::Now() < give_up) {
    if (CheckHealth(stub, service) == want) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

}  // namespace partygroup::testing
