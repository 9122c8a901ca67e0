#include "absl/status/status.h"

#include <grpcpp/support/status.h>

#include <vector>

#include "absl/status/statusor.h"
#include "common/rules/finding.h"
#include "common/server/grpc_status.h"
#include "common/status/error_reason.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_matchers.h"

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

using ::partygroup::testing::ErrorDetails;

TEST(GrpcStatusTest, ARuleRefusalCarriesItsRuleArticleAndBasis) {
  const grpc::Status refused = server::ToGrpcStatus(rules::RefuseViolations(
      {rules::MakeFinding("GROUP_TOO_SMALL", rules::Severity::kViolation,
                          rules::Subject{"group", "12", "一组"},
                          "党小组不少于3名党员，调整后为2名"),
       rules::MakeFinding("GROUP_TOO_SMALL", rules::Severity::kFinding,
                          rules::Subject{"group", "13", "二组"}, "not a refusal")}));
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  const auto infos = ErrorDetails<google::rpc::ErrorInfo>(refused);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].reason(), "GROUP_TOO_SMALL");
  EXPECT_EQ(infos[0].domain(), "partygroup");
  EXPECT_EQ(infos[0].metadata().at("article"), "第一条");
  EXPECT_EQ(infos[0].metadata().at("basis"), "REGULATION");
  const auto failures = ErrorDetails<google::rpc::PreconditionFailure>(refused);
  ASSERT_EQ(failures.size(), 1u);
  ASSERT_EQ(failures[0].violations_size(), 1);  // the finding refuses nothing
  EXPECT_EQ(failures[0].violations(0).type(), "GROUP_TOO_SMALL");
  EXPECT_EQ(failures[0].violations(0).subject(), "group:12");
  EXPECT_THAT(failures[0].violations(0).description(), HasSubstr("调整后为2名"));
}

TEST(GrpcStatusTest, ABadFieldIsAFieldViolation) {
  const grpc::Status refused = server::ToGrpcStatus(
      absl::InvalidArgumentError("attendance[1].absence_reason: at most 200 characters"));
  const auto requests = ErrorDetails<google::rpc::BadRequest>(refused);
  ASSERT_EQ(requests.size(), 1u);
  ASSERT_EQ(requests[0].field_violations_size(), 1);
  EXPECT_EQ(requests[0].field_violations(0).field(), "attendance[1].absence_reason");
  EXPECT_EQ(requests[0].field_violations(0).description(), "at most 200 characters");
  const auto infos = ErrorDetails<google::rpc::ErrorInfo>(refused);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].reason(), "INVALID_FIELD");
  EXPECT_EQ(infos[0].metadata().at("field"), "attendance[1].absence_reason");
}

TEST(GrpcStatusTest, EveryRefusalNamesAReasonAndRetryableOnesADelay) {
  const grpc::Status state =
      server::ToGrpcStatus(absl::FailedPreconditionError("reported already"));
  EXPECT_EQ(ErrorDetails<google::rpc::ErrorInfo>(state).at(0).reason(), "WRONG_STATE");
  EXPECT_EQ(ErrorDetails<google::rpc::PreconditionFailure>(state).at(0).violations(0).type(),
            "STATE");

  const grpc::Status denied =
      server::ToGrpcStatus(absl::PermissionDeniedError("branch 3 is outside"));
  EXPECT_EQ(ErrorDetails<google::rpc::ErrorInfo>(denied).at(0).reason(), "PERMISSION_DENIED");

  const grpc::Status budget = server::ToGrpcStatus(
      status::WithReason(absl::ResourceExhaustedError("64 calls"), "CALLER_BUDGET_EXHAUSTED"));
  EXPECT_EQ(ErrorDetails<google::rpc::ErrorInfo>(budget).at(0).reason(), "CALLER_BUDGET_EXHAUSTED");

  const grpc::Status unavailable = server::ToGrpcStatus(absl::UnavailableError("database"));
  ASSERT_EQ(ErrorDetails<google::rpc::RetryInfo>(unavailable).size(), 1u);
  EXPECT_EQ(ErrorDetails<google::rpc::RetryInfo>(unavailable)[0].retry_delay().seconds(), 1);
}

TEST(GrpcStatusTest, AStreamMessageRefusalNamesTheMessage) {
  const absl::Status refused =
      server::InStreamMessage(absl::InvalidArgumentError("record.member.name: required"), 3);
  EXPECT_EQ(refused.message(), "message[3].record.member.name: required");
  EXPECT_EQ(server::FieldOfMessage(refused.message()), "message[3].record.member.name");
  EXPECT_EQ(server::FieldOfMessage("the task has been checked already"), "");
}

}  // namespace
}  // namespace partygroup
