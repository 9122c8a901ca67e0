// Matchers of a grpc::Status, for the service tests:
//
//   EXPECT_THAT(client.Call(&S::GetGroup, request, &response), GrpcOk());
//   EXPECT_THAT(status, GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "GROUP_TOO_SMALL (第一条)"));
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace partygroup::testing {

// The code is `code` and the message contains `substring`.
MATCHER_P2(GrpcIs, code, substring, "") {
  *result_listener << "status " << arg.error_code() << ": " << arg.error_message();
  return arg.error_code() == code && arg.error_message().find(substring) != std::string::npos;
}

// The details of `Detail` type (google.rpc.ErrorInfo, BadRequest, ...) a refusal carries in its
// grpc-status-details-bin trailer, as a client with the googleapis protos reads them.
template <typename Detail>
std::vector<Detail> ErrorDetails(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details())) << status.error_message();
  EXPECT_EQ(details.code(), static_cast<int>(status.error_code()));
  EXPECT_EQ(details.message(), status.error_message());
  std::vector<Detail> found;
  for (const google::protobuf::Any& any : details.details()) {
    Detail detail;
    if (any.UnpackTo(&detail)) found.push_back(detail);
  }
  return found;
}

MATCHER(GrpcOk, "") {
  *result_listener << "status " << arg.error_code() << ": " << arg.error_message();
  return arg.ok();
}

}  // namespace partygroup::testing
