#include "absl/status/status.h"

#include <grpcpp/support/status.h>

#include "absl/status/statusor.h"
#include "common/server/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace partygroup {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError("n: odd");
  return n / 2;
}

absl::StatusOr<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

absl::Status CheckEven(int n, int* calls_after) {
  RETURN_IF_ERROR(Half(n).status());
  ++*calls_after;
  return absl::OkStatus();
}

TEST(StatusMacrosTest, AssignOrReturnPassesValuesAndErrorsThrough) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_THAT(Quarter(6), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("odd")));
}

TEST(StatusMacrosTest, ReturnIfErrorStopsAtTheFirstError) {
  int calls_after = 0;
  EXPECT_THAT(CheckEven(3, &calls_after), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(calls_after, 0);
  EXPECT_THAT(CheckEven(4, &calls_after), IsOk());
  EXPECT_EQ(calls_after, 1);
}

TEST(StatusMatchersTest, MatchersTellCodesApart) {
  EXPECT_THAT(absl::NotFoundError("x"), Not(IsOk()));
  EXPECT_THAT(absl::NotFoundError("x"), Not(StatusIs(absl::StatusCode::kFailedPrecondition)));
  EXPECT_THAT(absl::StatusOr<int>(3), IsOk());
}

TEST(GrpcStatusTest, EveryCodeKeepsItsMeaningAndMessage) {
  const std::pair<absl::Status, grpc::StatusCode> cases[] = {
      {absl::InvalidArgumentError("name: empty"), grpc::StatusCode::INVALID_ARGUMENT},
      {absl::FailedPreconditionError("GROUP_TOO_SMALL (第一条)"),
       grpc::StatusCode::FAILED_PRECONDITION},
      {absl::NotFoundError("group 7"), grpc::StatusCode::NOT_FOUND},
      {absl::PermissionDeniedError("branch 3"), grpc::StatusCode::PERMISSION_DENIED},
      {absl::UnauthenticatedError("expired"), grpc::StatusCode::UNAUTHENTICATED},
      {absl::UnavailableError("db"), grpc::StatusCode::UNAVAILABLE},
      {absl::AbortedError("deadlock"), grpc::StatusCode::ABORTED},
      {absl::AlreadyExistsError("dup"), grpc::StatusCode::ALREADY_EXISTS},
  };
  for (const auto& [status, code] : cases) {
    const grpc::Status converted = server::ToGrpcStatus(status);
    EXPECT_EQ(converted.error_code(), code) << status;
    EXPECT_EQ(converted.error_message(), std::string(status.message()));
  }
  EXPECT_TRUE(server::ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace partygroup
