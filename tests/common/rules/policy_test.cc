// 本委政策: the committee's settings, checked before a version is stored, and their effect on the
// rules (an optional rule switched off is not checked; a number changes the line).
#include "common/rules/policy.h"

#include "common/rules/catalogue.h"
#include "common/rules/period.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/rules/rules_test_util.h"

namespace partygroup::rules {
namespace {

using ::partygroup::rules::testing::Codes;
using ::partygroup::rules::testing::MakeGroup;
using ::partygroup::rules::testing::Shanghai;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(PolicyTest, TheDefaultsAreAValidVersionOne) {
  const Policy defaults;
  EXPECT_EQ(defaults.version, 1);
  EXPECT_TRUE(ValidatePolicy(defaults).ok());
  EXPECT_TRUE(defaults.IsOn(kTalkCoverage));
  EXPECT_TRUE(defaults.probationary_members_in_mutual_evaluation);
}

TEST(PolicyTest, NonsenseIsRefusedNamingTheSetting) {
  auto refused = [](void (*change)(Policy&)) {
    Policy policy;
    change(policy);
    const absl::Status status = ValidatePolicy(policy);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    return std::string(status.message());
  };
  EXPECT_THAT(refused([](Policy& p) { p.filing_deadline_days = 0; }),
              HasSubstr("policy.filing_deadline_days: 0 is outside 1-366"));
  EXPECT_THAT(refused([](Policy& p) { p.evaluation_report_days = 367; }),
              HasSubstr("policy.evaluation_report_days"));
  EXPECT_THAT(refused([](Policy& p) { p.leader_trainings_per_year = 0; }),
              HasSubstr("policy.leader_trainings_per_year"));
  EXPECT_THAT(refused([](Policy& p) { p.cadre_unexcused_absences_allowed = -1; }),
              HasSubstr("policy.cadre_unexcused_absences_allowed"));
  EXPECT_THAT(refused([](Policy& p) { p.annual_report_month = 13; }),
              HasSubstr("policy.annual_report_month"));
  EXPECT_THAT(refused([](Policy& p) { p.annual_report_month = 2, p.annual_report_day = 29; }),
              HasSubstr("policy.annual_report_day"));
  EXPECT_THAT(refused([](Policy& p) { p.annual_report_month = 4, p.annual_report_day = 31; }),
              HasSubstr("policy.annual_report_day"));
  EXPECT_THAT(refused([](Policy& p) { p.rules_off = {"MONTHLY_MEETING_MISSING"}; }),
              HasSubstr("MONTHLY_MEETING_MISSING is drawn by 第五条"));
  EXPECT_THAT(refused([](Policy& p) { p.rules_off = {"DUES_SIX_MONTHS_UNPAID"}; }),
              HasSubstr("is drawn by 党章第九条"));
  EXPECT_THAT(refused([](Policy& p) {
                p.rules_off = {"TALK_COVERAGE", "TALK_COVERAGE"};
              }),
              HasSubstr("given twice"));
  Policy edge;
  edge.filing_deadline_days = 366;
  edge.annual_report_month = 2;
  edge.annual_report_day = 28;
  edge.rules_off = {"TALK_COVERAGE", "LEADER_UNTRAINED"};
  EXPECT_TRUE(ValidatePolicy(edge).ok());
}

TEST(PolicyTest, EveryOptionalRuleCanBeSwitchedOffAndOnlyThose) {
  for (const RuleInfo& rule : Catalogue()) {
    Policy policy;
    policy.rules_off = {std::string(rule.code)};
    EXPECT_EQ(ValidatePolicy(policy).ok(), IsOptional(rule)) << rule.code;
  }
}

TEST(PolicyTest, ARuleSwitchedOffIsNotCheckedNorCounted) {
  // A leader never trained, a year over.
  GroupActivity activity;
  activity.group = MakeGroup(3);
  activity.group.leader_terms = {{1, {absl::CivilDay(2020, 1, 1), std::nullopt}}};
  const absl::Time after = absl::FromCivil(absl::CivilDay(2025, 2, 1), Shanghai());
  GroupPeriodResult on = CheckGroupPeriod(activity, {2024, 0}, after, Shanghai(), Policy{});
  EXPECT_THAT(Codes(on.findings), ::testing::Contains("LEADER_UNTRAINED"));
  EXPECT_EQ(on.metrics.leaders_due_training, 1);
  Policy off;
  off.rules_off = {"LEADER_UNTRAINED"};
  GroupPeriodResult result = CheckGroupPeriod(activity, {2024, 0}, after, Shanghai(), off);
  EXPECT_THAT(Codes(result.findings), ::testing::Not(::testing::Contains("LEADER_UNTRAINED")));
  EXPECT_EQ(result.metrics.leaders_due_training, 0);
}

TEST(PolicyTest, TheCommitteesNumberDrawsTheLineAndTheMessageSaysWhoseNumberItIs) {
  Branch branch;
  branch.id = 10;
  branch.name = "机关党支部";
  branch.changes = {
      {1, 100, "第一党小组", GroupChangeKind::kCreate, absl::CivilDay(2024, 3, 1), std::nullopt}};
  Policy ten_days;
  ten_days.filing_deadline_days = 10;
  EXPECT_THAT(CheckBranch(branch, absl::CivilDay(2024, 3, 11), ten_days), IsEmpty());
  std::vector<Finding> late = CheckBranch(branch, absl::CivilDay(2024, 3, 12), ten_days);
  ASSERT_THAT(Codes(late), ElementsAre("FILING_OVERDUE"));
  EXPECT_EQ(late[0].basis, "LOCAL_POLICY");
  EXPECT_EQ(late[0].source, "本委政策");
  EXPECT_THAT(late[0].message, HasSubstr("超过本委设定的10日期限未报上级党组织备案"));
  EXPECT_THAT(CheckBranch(branch, absl::CivilDay(2024, 3, 12), Policy{}), IsEmpty());
}

}  // namespace
}  // namespace partygroup::rules
