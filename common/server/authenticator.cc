#include "common/server/authenticator.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/status/error_reason.h"

namespace partygroup::server {

absl::StatusOr<auth::Caller> Authenticator::Authenticate(const grpc::ServerContext& context) const {
  return Authenticate(context.client_metadata());
}

absl::StatusOr<auth::Caller> Authenticator::Authenticate(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) const {
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return status::WithReason(
        absl::UnauthenticatedError(
            "missing 'authorization: Bearer <token>' metadata (mint one with partygroup-token)"),
        "TOKEN_MISSING");
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") && !absl::ConsumePrefix(&value, "bearer ")) {
    return status::WithReason(
        absl::UnauthenticatedError("authorization metadata must be 'Bearer <token>'"),
        "TOKEN_MISSING");
  }
  absl::StatusOr<auth::Caller> caller =
      verifier_.Verify(absl::StripAsciiWhitespace(value), absl::Now());
  if (!caller.ok()) return status::WithReason(caller.status(), "TOKEN_INVALID");
  return caller;
}

bool IsPublicMethod(absl::string_view method) {
  return absl::StartsWith(method, "/grpc.health.v1.Health/") ||
         absl::StartsWith(method, "/grpc.reflection.v1alpha.ServerReflection/") ||
         absl::StartsWith(method, "/grpc.reflection.v1.ServerReflection/");
}

}  // namespace partygroup::server
