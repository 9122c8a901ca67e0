// Matchers of a grpc::Status, for the service tests:
//
//   EXPECT_THAT(client.Call(&S::GetGroup, request, &response), GrpcOk());
//   EXPECT_THAT(status, GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "GROUP_TOO_SMALL (第一条)"));
#pragma once

#include <grpcpp/support/status.h>

#include <string>

#include "gmock/gmock.h"

namespace partygroup::testing {

// The code is `code` and the message contains `substring`.
MATCHER_P2(GrpcIs, code, substring, "") {
  *result_listener << "status " << arg.error_code() << ": " << arg.error_message();
  return arg.error_code() == code && arg.error_message().find(substring) != std::string::npos;
}

MATCHER(GrpcOk, "") {
  *result_listener << "status " << arg.error_code() << ": " << arg.error_message();
  return arg.ok();
}

}  // namespace partygroup::testing
