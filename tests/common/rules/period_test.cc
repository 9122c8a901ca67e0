// 第一条, 第二条, 第四条, 第五条, 第八条, 第十二条 to 第十四条: a period judged at `now`, in
// Shanghai.
#include "common/rules/period.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/rules/rules_test_util.h"

namespace partygroup::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace ::partygroup::rules::testing;  // NOLINT: test builders

GroupMeeting HeldMeeting(int64_t id, absl::Time held_at, const Group& group) {
  GroupMeeting meeting;
  meeting.id = id;
  meeting.group_id = group.id;
  meeting.held_at = held_at;
  meeting.chair_id = group.leader_id.value_or(0);
  for (const Member& member : group.members) meeting.attendance.push_back({member.id, true, ""});
  return meeting;
}

// A group of four that did everything the regulation asks in 2024.
GroupActivity ExemplaryYear() {
  GroupActivity activity;
  activity.group = MakeGroup(4);
  const Group& group = activity.group;
  for (int month = 1; month <= 12; ++month) {
    activity.meetings.push_back(HeldMeeting(month, ShanghaiTime(2024, month, 15), group));
    for (const Member& member : group.members) {
      activity.dues.push_back(
          {member.id, absl::CivilMonth(2024, month), 2000, ShanghaiTime(2024, month, 10)});
    }
  }
  for (const Member& member : group.members) {
    if (member.id != 1) activity.talks.push_back({ShanghaiTime(2024, 4, 2), 1, member.id});
  }
  activity.annual_reports.push_back({2024, ShanghaiTime(2024, 12, 20)});
  activity.leader_trainings.push_back({1, absl::CivilDay(2024, 6, 1)});
  return activity;
}

const Period k2024 = {2024, 0};
const absl::Time kAfter2024 = ShanghaiTime(2025, 1, 10);

std::vector<Finding> Check(const GroupActivity& activity, const Period& period, absl::Time now) {
  return CheckGroupPeriod(activity, period, now, Shanghai(), Policy{}).findings;
}

TEST(GroupPeriodTest, AnExemplaryYearHasNoFindingsAndFullMetrics) {
  GroupPeriodResult result =
      CheckGroupPeriod(ExemplaryYear(), k2024, kAfter2024, Shanghai(), Policy{});
  EXPECT_THAT(result.findings, IsEmpty());
  EXPECT_EQ(result.metrics.meeting_months_due, 12);
  EXPECT_EQ(result.metrics.meeting_months_met, 12);
  EXPECT_EQ(result.metrics.talk_members_due, 3);
  EXPECT_EQ(result.metrics.talk_members_covered, 3);
  EXPECT_EQ(result.metrics.dues_months_due, 48);
  EXPECT_EQ(result.metrics.dues_months_paid, 48);
  EXPECT_EQ(result.metrics.meetings_held, 12);
}

TEST(MonthlyMeetingTest, HalfPastMidnightOnTheFirstOfMarchInShanghaiIsMarch) {
  GroupActivity activity = ExemplaryYear();
  // The February and March meetings are replaced by one at 00:30 on 1 March, Shanghai time:
  // still 29 February in UTC.
  activity.meetings.erase(activity.meetings.begin() + 1, activity.meetings.begin() + 3);
  activity.meetings.push_back(HeldMeeting(99, ShanghaiTime(2024, 3, 1, 0, 30), activity.group));
  ASSERT_EQ(absl::ToCivilMonth(*activity.meetings.back().held_at, absl::UTCTimeZone()),
            absl::CivilMonth(2024, 2));
  std::vector<Finding> findings = Check(activity, k2024, kAfter2024);
  ASSERT_THAT(Codes(findings), ElementsAre("MONTHLY_MEETING_MISSING"));
  EXPECT_EQ(findings[0].subject.kind, "month");
  EXPECT_EQ(findings[0].subject.id, "2024-02");
  EXPECT_EQ(findings[0].article, "第五条");
  EXPECT_EQ(EvidenceValue(findings[0], "meetings"), "0");
}

TEST(MonthlyMeetingTest, TheTwentyNinthOfFebruaryIsFebruary) {
  GroupActivity activity = ExemplaryYear();
  activity.meetings[1].held_at = ShanghaiTime(2024, 2, 29, 23, 30);
  EXPECT_THAT(Check(activity, k2024, kAfter2024), IsEmpty());
}

TEST(MonthlyMeetingTest, AMonthIsJudgedOnlyOnceItIsOver) {
  GroupActivity activity = ExemplaryYear();
  activity.meetings.erase(activity.meetings.begin() + 2);  // no March meeting
  const Period march = {2024, 3};
  EXPECT_THAT(Check(activity, march, ShanghaiTime(2024, 3, 31, 23, 59)), IsEmpty());
  EXPECT_THAT(Codes(Check(activity, march, ShanghaiTime(2024, 4, 1, 0, 0))),
              ElementsAre("MONTHLY_MEETING_MISSING"));
}

TEST(MonthlyMeetingTest, AGroupIsNotExpectedToMeetBeforeItsFirstWholeMonth) {
  GroupActivity activity = ExemplaryYear();
  activity.group.created_on = absl::CivilDay(2024, 3, 10);
  activity.meetings.erase(activity.meetings.begin(), activity.meetings.begin() + 3);
  GroupPeriodResult result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  EXPECT_THAT(Codes(result.findings), IsEmpty());
  EXPECT_EQ(result.metrics.meeting_months_due, 9);  // April to December
}

TEST(TalkCoverageTest, EveryMemberTalksWithTheLeaderWithinTheShanghaiYear) {
  GroupActivity activity = ExemplaryYear();
  // Member 4's talk happens at 00:30 on 1 January 2025 in Shanghai: 2024 in UTC, 2025 here.
  activity.talks.back().held_at = ShanghaiTime(2025, 1, 1, 0, 30);
  GroupPeriodResult result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  ASSERT_THAT(Codes(result.findings), ElementsAre("TALK_COVERAGE"));
  EXPECT_EQ(result.findings[0].subject.id, "4");
  EXPECT_EQ(result.findings[0].article, "第八条");
  EXPECT_EQ(result.metrics.talk_members_covered, 2);
  // Before the year is over, talk coverage is not judged yet.
  EXPECT_THAT(Check(activity, k2024, ShanghaiTime(2024, 12, 31, 23)), IsEmpty());
}

TEST(DuesTest, EachUnpaidMemberMonthIsAFinding) {
  GroupActivity activity = ExemplaryYear();
  auto unpay = [&](int64_t member_id, int month) {
    for (DuesPayment& payment : activity.dues) {
      if (payment.member_id == member_id && payment.month == absl::CivilMonth(2024, month)) {
        payment.paid_at.reset();
      }
    }
  };
  unpay(2, 3);
  unpay(2, 4);
  GroupPeriodResult result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  ASSERT_THAT(Codes(result.findings), ElementsAre("DUES_UNPAID", "DUES_UNPAID"));
  EXPECT_EQ(result.findings[0].article, "第四条、第十二条");
  EXPECT_EQ(EvidenceValue(result.findings[0], "month"), "2024-03");
  EXPECT_EQ(result.metrics.dues_months_paid, 46);
}

TEST(DuesTest, SixConsecutiveUnpaidMonthsRaiseTheWarningFiveDoNot) {
  GroupActivity activity = ExemplaryYear();
  for (DuesPayment& payment : activity.dues) {
    if (payment.member_id == 3 && payment.month >= absl::CivilMonth(2024, 8)) {
      payment.paid_at.reset();  // August to December: five months
    }
  }
  const std::vector<std::string> five = Codes(Check(activity, k2024, kAfter2024));
  EXPECT_EQ(five.size(), 5u);
  EXPECT_EQ(std::count(five.begin(), five.end(), "DUES_SIX_MONTHS_UNPAID"), 0);
  for (DuesPayment& payment : activity.dues) {
    if (payment.member_id == 3 && payment.month == absl::CivilMonth(2024, 7)) {
      payment.paid_at.reset();  // now July to December: six
    }
  }
  std::vector<Finding> findings = Check(activity, k2024, kAfter2024);
  auto warning = std::find_if(findings.begin(), findings.end(),
                              [](const Finding& f) { return f.code == "DUES_SIX_MONTHS_UNPAID"; });
  ASSERT_NE(warning, findings.end());
  EXPECT_EQ(warning->subject.id, "3");
  EXPECT_EQ(EvidenceValue(*warning, "consecutive_months"), "6");
  EXPECT_EQ(EvidenceValue(*warning, "through"), "2024-12");
}

TEST(DuesTest, AMemberOwesDuesFromTheMonthTheyJoined) {
  GroupActivity activity = ExemplaryYear();
  Member newcomer = Formal(5);
  newcomer.spells.front().days.from = absl::CivilDay(2024, 11, 20);
  activity.group.members.push_back(newcomer);
  activity.dues.push_back({5, absl::CivilMonth(2024, 11), 1000, ShanghaiTime(2024, 11, 25)});
  for (auto& meeting : activity.meetings) meeting.attendance.push_back({5, true, ""});
  activity.talks.push_back({ShanghaiTime(2024, 12, 1), 1, 5});
  std::vector<Finding> findings = Check(activity, k2024, kAfter2024);
  ASSERT_THAT(Codes(findings), ElementsAre("DUES_UNPAID"));
  EXPECT_EQ(EvidenceValue(findings[0], "month"), "2024-12");
}

TEST(AnnualReportTest, DueByTheEndOfThirtyFirstDecemberInShanghai) {
  GroupActivity activity = ExemplaryYear();
  activity.annual_reports = {{2024, ShanghaiTime(2024, 12, 31, 23, 59)}};
  EXPECT_THAT(Check(activity, k2024, kAfter2024), IsEmpty());

  activity.annual_reports = {{2024, ShanghaiTime(2025, 1, 1, 0, 1)}};
  std::vector<Finding> late = Check(activity, k2024, kAfter2024);
  ASSERT_THAT(Codes(late), ElementsAre("ANNUAL_REPORT_MISSING"));
  EXPECT_EQ(late[0].article, "第十三条");
  EXPECT_EQ(EvidenceValue(late[0], "submitted_late"), "2025-01-01");

  activity.annual_reports.clear();
  EXPECT_THAT(Check(activity, k2024, ShanghaiTime(2024, 12, 31, 23, 59)), IsEmpty());
  EXPECT_THAT(Codes(Check(activity, k2024, ShanghaiTime(2025, 1, 1, 0, 0))),
              ElementsAre("ANNUAL_REPORT_MISSING"));
}

TEST(LeaderTest, AGroupWithoutLeaderAndAnUntrainedLeaderAreFindings) {
  GroupActivity activity = ExemplaryYear();
  activity.leader_trainings.clear();
  std::vector<Finding> untrained = Check(activity, k2024, kAfter2024);
  ASSERT_THAT(Codes(untrained), ElementsAre("LEADER_UNTRAINED"));
  EXPECT_EQ(untrained[0].article, "第十四条");
  EXPECT_EQ(untrained[0].subject.id, "1");

  SetLeader(activity.group, std::nullopt);
  std::vector<Finding> leaderless = Check(activity, {2024, 6}, ShanghaiTime(2024, 7, 2));
  ASSERT_THAT(Codes(leaderless), ElementsAre("GROUP_WITHOUT_LEADER"));
  EXPECT_EQ(leaderless[0].article, "第十一条、第十三条");
  EXPECT_EQ(leaderless[0].source, "《中国共产党支部工作条例（试行）》第十条");
}

TEST(CadreTest, ALeadingCadreAbsentWithoutReasonIsAFinding) {
  GroupActivity activity = ExemplaryYear();
  MakeCadre(activity.group.members[3]);  // member 4
  activity.meetings[4].attendance[3] = {4, false, "出差"};
  EXPECT_THAT(Check(activity, k2024, kAfter2024), IsEmpty());
  activity.meetings[5].attendance[3] = {4, false, ""};
  GroupPeriodResult result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  ASSERT_THAT(Codes(result.findings), ElementsAre("CADRE_ABSENT"));
  EXPECT_EQ(result.findings[0].subject.id, "4");
  EXPECT_EQ(EvidenceValue(result.findings[0], "unexcused_absences"), "1");
  EXPECT_EQ(result.metrics.cadre_meetings_due, 12);
  EXPECT_EQ(result.metrics.cadre_meetings_attended, 10);
}

TEST(CompositionStateTest, AGroupThatShrankIsFoundShort) {
  GroupActivity activity = ExemplaryYear();
  activity.group.members.resize(2);
  EXPECT_THAT(Codes(Check(activity, {2024, 6}, ShanghaiTime(2024, 7, 1))),
              ElementsAre("GROUP_TOO_SMALL"));
}

struct BranchCase {
  const char* name;
  int members;
  int groups;
  bool finding;
};

class BranchGroupsTest : public ::testing::TestWithParam<BranchCase> {};

TEST_P(BranchGroupsTest, TwentyMembersOrMoreNeedGroups) {
  Branch branch{10, "市财政局机关第一党支部", GetParam().members, GetParam().groups, {}};
  std::vector<Finding> findings = CheckBranch(branch, absl::CivilDay(2024, 12, 1), Policy{});
  if (!GetParam().finding) {
    EXPECT_THAT(findings, IsEmpty());
    return;
  }
  ASSERT_THAT(Codes(findings), ElementsAre("BRANCH_SHOULD_HAVE_GROUPS"));
  EXPECT_EQ(findings[0].article, "第一条、第十四条");
  EXPECT_EQ(findings[0].branch_id, 10);
  EXPECT_EQ(EvidenceValue(findings[0], "members"), std::to_string(GetParam().members));
}

INSTANTIATE_TEST_SUITE_P(Article1, BranchGroupsTest,
                         ::testing::Values(BranchCase{"nineteen", 19, 0, false},
                                           BranchCase{"twenty", 20, 0, true},
                                           BranchCase{"twenty_five", 25, 0, true},
                                           BranchCase{"twenty_with_groups", 20, 2, false}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(FilingTest, AChangeIsFiledWithinThirtyDays) {
  Branch branch{10, "第一党支部", 12, 3, {}};
  GroupChange change{1,
                     100,
                     "第一党小组",
                     GroupChangeKind::kCreate,
                     absl::CivilDay(2024, 3, 1),
                     absl::CivilDay(2024, 3, 31)};  // day 30
  branch.changes = {change};
  EXPECT_THAT(CheckBranch(branch, absl::CivilDay(2024, 12, 1), Policy{}), IsEmpty());
  branch.changes[0].filed_on = absl::CivilDay(2024, 4, 1);  // day 31
  std::vector<Finding> late = CheckBranch(branch, absl::CivilDay(2024, 12, 1), Policy{});
  ASSERT_THAT(Codes(late), ElementsAre("FILING_OVERDUE"));
  EXPECT_EQ(late[0].article, "第二条");
  EXPECT_EQ(late[0].group_id, 100);
  branch.changes[0].filed_on.reset();
  EXPECT_THAT(CheckBranch(branch, absl::CivilDay(2024, 3, 31), Policy{}), IsEmpty());
  EXPECT_THAT(Codes(CheckBranch(branch, absl::CivilDay(2024, 4, 1), Policy{})),
              ElementsAre("FILING_OVERDUE"));
}

}  // namespace
}  // namespace partygroup::rules
