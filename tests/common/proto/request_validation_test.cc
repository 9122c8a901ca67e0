// The one validation layer, on the services' own request messages: each rule of
// common/proto/request_validation.h refuses with INVALID_ARGUMENT naming the field as the request
// spells it, and lets the neighbouring good value through.
#include "common/proto/request_validation.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::proto {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace activity = partygroup::activity::v1;
namespace org = partygroup::org::v1;

std::string Repeat(const std::string& piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

org::CreateMemberRequest GoodMember() {
  org::CreateMemberRequest request;
  request.set_request_id("r-1");
  request.set_branch_id(7);
  request.set_name("张三");
  request.set_status(org::MEMBER_STATUS_FORMAL);
  return request;
}

TEST(RequestValidationTest, AGoodRequestPasses) {
  EXPECT_THAT(ValidateRequest(GoodMember()), IsOk());
}

TEST(RequestValidationTest, AnEnumNumberTheProtoDoesNotDeclareIsRefused) {
  org::CreateMemberRequest request = GoodMember();
  request.set_status(static_cast<org::MemberStatus>(77));
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("status: 77 is not a value of MemberStatus")));
}

TEST(RequestValidationTest, ARequiredStringOfSpacesIsMissing) {
  org::CreateMemberRequest request = GoodMember();
  request.set_name("  \t");
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, "name: required"));
  request.set_name("\xE3\x80\x80\xE3\x80\x80");  // two ideographic spaces
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, "name: required"));
}

TEST(RequestValidationTest, AnOptionalStringOfSpacesIsRefusedAndAnEmptyOnePasses) {
  org::CreateMemberRequest request = GoodMember();
  request.set_staff_code("   ");
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, "staff_code: must not be only spaces"));
  request.set_staff_code("");
  EXPECT_THAT(ValidateRequest(request), IsOk());
}

TEST(RequestValidationTest, LengthsAreCountedInCharactersAsTheColumnCountsThem) {
  org::CreateMemberRequest request = GoodMember();
  request.set_name(Repeat("党", 100));  // 300 bytes, 100 characters: what VARCHAR(100) holds
  EXPECT_THAT(ValidateRequest(request), IsOk());
  request.set_name(Repeat("a", 101));  // 101 bytes, one character too many
  EXPECT_THAT(ValidateRequest(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 "name: at most 100 characters (101 given)"));
}

TEST(RequestValidationTest, AStringThatIsNotUtf8IsRefused) {
  org::CreateMemberRequest request = GoodMember();
  request.set_name("\xC3\x28");
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, "name: not valid UTF-8"));
}

TEST(RequestValidationTest, IdsAreNotNegative) {
  org::CreateMemberRequest request = GoodMember();
  request.set_branch_id(-3);
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, "branch_id: must not be negative"));
}

TEST(RequestValidationTest, DatesAreRealDaysAfter1921) {
  org::CreateMemberRequest request = GoodMember();
  request.mutable_joined_party_on()->set_year(2023);
  request.mutable_joined_party_on()->set_month(2);
  request.mutable_joined_party_on()->set_day(29);
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "joined_party_on: 2023-2-29 is not a day of the calendar"));
  request.mutable_joined_party_on()->set_year(2024);  // a leap year
  EXPECT_THAT(ValidateRequest(request), IsOk());
  request.mutable_joined_party_on()->set_year(1900);
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("year must be 1921")));
}

TEST(RequestValidationTest, TimestampsHaveValidNanosAndASaneYear) {
  activity::RequestThemeDayRequest request;
  request.set_group_id(3);
  request.set_title("主题党日");
  request.mutable_planned_time()->set_seconds(1767225600);  // 2026-01-01
  EXPECT_THAT(ValidateRequest(request), IsOk());
  request.mutable_planned_time()->set_nanos(1000000000);
  EXPECT_THAT(ValidateRequest(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 "planned_time: nanos must be 0 to 999999999"));
  request.mutable_planned_time()->set_nanos(0);
  request.mutable_planned_time()->set_seconds(-2000000000);  // 1906
  EXPECT_THAT(ValidateRequest(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 "planned_time: must lie between 1921 and 2200"));
}

TEST(RequestValidationTest, NestedAndRepeatedFieldsAreNamedByTheirPath) {
  activity::RecordGroupMeetingHeldRequest request;
  request.set_meeting_id(5);
  request.add_attendance()->set_member_id(1);
  request.add_attendance()->set_member_id(2);
  request.mutable_attendance(1)->set_absence_reason(Repeat("病", 201));
  EXPECT_THAT(ValidateRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "attendance[1].absence_reason: at most 200 characters (201 given)"));
}

TEST(RequestValidationTest, RepeatedFieldsAreBounded) {
  activity::RequestGroupMeetingRequest request;
  request.set_group_id(3);
  for (int i = 0; i < 50; ++i) request.add_topics("学习");
  EXPECT_THAT(ValidateRequest(request), IsOk());
  request.add_topics("one too many");
  EXPECT_THAT(ValidateRequest(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 "topics: at most 50 entries (51 given)"));
}

}  // namespace
}  // namespace partygroup::proto
