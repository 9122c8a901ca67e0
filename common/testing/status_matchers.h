// GoogleTest matchers for absl::Status and absl::StatusOr, which this Abseil lacks.
//
//   EXPECT_THAT(store.Insert(row), IsOk());
//   EXPECT_THAT(service.Get(id), StatusIs(absl::StatusCode::kNotFound));
//   EXPECT_THAT(result, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("第一条")));
//   ASSERT_OK_AND_ASSIGN(Group group, store.Get(id));
#pragma once

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace partygroup::testing {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER(IsOk, negation ? "is not OK" : "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P(StatusIs, code,
          std::string(negation ? "has a code other than " : "has code ") +
              absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           std::string(negation ? "does not have code " : "has code ") +
               absl::StatusCodeToString(code) + " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher, negation)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(status.message()),
                                       result_listener);
}

}  // namespace partygroup::testing

#define PARTYGROUP_TESTING_CONCAT_INNER(a, b) a##b
#define PARTYGROUP_TESTING_CONCAT(a, b) PARTYGROUP_TESTING_CONCAT_INNER(a, b)

// ASSERT_OK_AND_ASSIGN(lhs, expr): asserts that the StatusOr is OK and moves its value into lhs.
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(PARTYGROUP_TESTING_CONCAT(partygroup_statusor_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(statusor, lhs, expr)             \
  auto statusor = (expr);                                          \
  ASSERT_TRUE(statusor.ok()) << "status is " << statusor.status(); \
  lhs = std::move(statusor).value()
