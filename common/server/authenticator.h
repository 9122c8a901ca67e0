// Authenticates a gRPC call from its `authorization: Bearer <JWT>` metadata.
//
// Every handler of a partygroup service starts with
//   ASSIGN_OR_RETURN(auth::Caller caller, authenticator.Authenticate(*context));
// Health and reflection are the only services that do not (IsPublicMethod).
#pragma once

#include <grpcpp/server_context.h>

#include <map>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/jwt.h"

namespace partygroup::server {

class Authenticator final {
 public:
  explicit Authenticator(auth::JwtVerifier verifier) : verifier_(std::move(verifier)) {}

  // UNAUTHENTICATED when the metadata is missing, not a bearer token, or the token fails
  // verification (see JwtVerifier::Verify).
  absl::StatusOr<auth::Caller> Authenticate(const grpc::ServerContext& context) const;
  absl::StatusOr<auth::Caller> Authenticate(
      const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) const;

 private:
  auth::JwtVerifier verifier_;
};

// Health checks and reflection need no token, so that probes and grpcurl list work.
bool IsPublicMethod(absl::string_view method);

}  // namespace partygroup::server
