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
using ::testing::HasSubstr;
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

// 党章第九条: six months in a row, wherever in the period they fall, not only its last six.
TEST(DuesTest, SixUnpaidMonthsInTheMiddleOfTheYearRaiseTheWarning) {
  GroupActivity activity = ExemplaryYear();
  for (DuesPayment& payment : activity.dues) {
    if (payment.member_id == 3 && payment.month >= absl::CivilMonth(2024, 2) &&
        payment.month <= absl::CivilMonth(2024, 7)) {
      payment.paid_at.reset();  // February to July; paid again from August
    }
  }
  std::vector<Finding> findings = Check(activity, k2024, kAfter2024);
  auto warning = std::find_if(findings.begin(), findings.end(),
                              [](const Finding& f) { return f.code == "DUES_SIX_MONTHS_UNPAID"; });
  ASSERT_NE(warning, findings.end());
  EXPECT_EQ(warning->basis, "PARTY_CONSTITUTION");
  EXPECT_EQ(warning->source, "党章第九条");
  EXPECT_EQ(EvidenceValue(*warning, "from"), "2024-02");
  EXPECT_EQ(EvidenceValue(*warning, "through"), "2024-07");
  EXPECT_THAT(warning->message, HasSubstr("连续6个月未交纳党费（2024年2月至2024年7月）"));
}

TEST(DuesTest, ARunThatBeganBeforeThePeriodCountsItsEarlierMonths) {
  GroupActivity activity = ExemplaryYear();
  // 2023 paid but for October to December; 2024 unpaid January to March: six in a row.
  for (int month = 1; month <= 9; ++month) {
    for (int64_t id = 1; id <= 4; ++id) {
      activity.dues.push_back(
          {id, absl::CivilMonth(2023, month), 2000, ShanghaiTime(2023, month, 10)});
    }
  }
  for (int month = 10; month <= 12; ++month) {
    for (int64_t id : {1, 2, 4}) {
      activity.dues.push_back(
          {id, absl::CivilMonth(2023, month), 2000, ShanghaiTime(2023, month, 10)});
    }
  }
  for (DuesPayment& payment : activity.dues) {
    if (payment.member_id == 3 && payment.month >= absl::CivilMonth(2024, 1) &&
        payment.month <= absl::CivilMonth(2024, 3)) {
      payment.paid_at.reset();
    }
  }
  std::vector<Finding> findings = Check(activity, k2024, kAfter2024);
  EXPECT_EQ(std::count_if(findings.begin(), findings.end(),
                          [](const Finding& f) { return f.code == "DUES_UNPAID"; }),
            3);  // only the period's own months are each a finding
  auto warning = std::find_if(findings.begin(), findings.end(),
                              [](const Finding& f) { return f.code == "DUES_SIX_MONTHS_UNPAID"; });
  ASSERT_NE(warning, findings.end());
  EXPECT_EQ(EvidenceValue(*warning, "from"), "2023-10");
  EXPECT_EQ(EvidenceValue(*warning, "through"), "2024-03");
  // Two months before the period and three in it are five: no warning.
  activity.dues.push_back({3, absl::CivilMonth(2023, 10), 2000, ShanghaiTime(2023, 10, 10)});
  EXPECT_THAT(Codes(Check(activity, k2024, kAfter2024)),
              ::testing::Not(::testing::Contains("DUES_SIX_MONTHS_UNPAID")));
}

TEST(DuesTest, AWaivedMonthIsNotUnpaid) {
  GroupActivity activity = ExemplaryYear();
  for (DuesPayment& payment : activity.dues) {
    if (payment.member_id == 3 && payment.month >= absl::CivilMonth(2024, 7)) {
      payment.paid_at.reset();  // July to December unpaid ...
      if (payment.month == absl::CivilMonth(2024, 9)) {
        // ... but September waived (免交) by the superior committee's approval.
        payment.paid_at = ShanghaiTime(2024, 9, 1);
        payment.amount_fen = 0;
        payment.waived = true;
      }
    }
  }
  GroupPeriodResult result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  EXPECT_THAT(Codes(result.findings), ElementsAre("DUES_UNPAID", "DUES_UNPAID", "DUES_UNPAID",
                                                  "DUES_UNPAID", "DUES_UNPAID"));
  EXPECT_EQ(result.metrics.dues_months_paid, 43);  // the waived month counts as met
}

TEST(DuesTest, AMonthPaidAfterItEndedIsPaidAndLateUnlessThePolicySwitchesTheCheckOff) {
  EXPECT_FALSE(PaidLate(absl::CivilMonth(2024, 3), ShanghaiTime(2024, 3, 31, 23, 59), Shanghai()));
  EXPECT_TRUE(PaidLate(absl::CivilMonth(2024, 3), ShanghaiTime(2024, 4, 1, 0, 0), Shanghai()));
  GroupActivity activity = ExemplaryYear();
  for (DuesPayment& payment : activity.dues) {
    if (payment.member_id == 2 && payment.month == absl::CivilMonth(2024, 3)) {
      payment.paid_at = ShanghaiTime(2024, 5, 6);
      payment.paid_late = true;
    }
  }
  GroupPeriodResult result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  ASSERT_THAT(Codes(result.findings), ElementsAre("DUES_PAID_LATE"));
  EXPECT_EQ(result.findings[0].basis, "NATIONAL_RULE");
  EXPECT_EQ(EvidenceValue(result.findings[0], "month"), "2024-03");
  EXPECT_EQ(EvidenceValue(result.findings[0], "paid_on"), "2024-05-06");
  EXPECT_EQ(result.metrics.dues_months_paid, 48);  // paid all the same
  Policy off;
  off.rules_off = {"DUES_PAID_LATE"};
  EXPECT_TRUE(ValidatePolicy(off).ok());
  EXPECT_THAT(CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), off).findings, IsEmpty());
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

// 第六条 抓好落实: a measure past its deadline and not done.
TEST(RectificationTest, AMeasurePastItsDeadlineAndNotDoneIsOverdue) {
  GroupActivity activity = ExemplaryYear();
  OrgLifeMeeting meeting;
  meeting.id = 30;
  meeting.group_id = activity.group.id;
  meeting.held_at = ShanghaiTime(2024, 6, 1);
  meeting.problems = {"学习不够深入"};
  meeting.rectification = {{"每周集中学习一次", 2, absl::CivilDay(2024, 9, 30), false},
                           {"建立学习台账", 3, absl::CivilDay(2024, 9, 30), true}};
  meeting.reported_at = ShanghaiTime(2024, 6, 20);
  activity.org_life_meetings.push_back(meeting);
  EXPECT_THAT(Codes(Check(activity, {2024, 9}, ShanghaiTime(2024, 9, 30, 23))), IsEmpty());
  std::vector<Finding> overdue = Check(activity, k2024, kAfter2024);
  ASSERT_THAT(Codes(overdue), ElementsAre("RECTIFICATION_OVERDUE"));
  EXPECT_EQ(overdue[0].article, "第六条");
  EXPECT_EQ(EvidenceValue(overdue[0], "measure"), "每周集中学习一次");
  EXPECT_EQ(EvidenceValue(overdue[0], "owner_member_id"), "2");
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

// 第十四条 带头参加所在党小组活动: the group's org-life meetings count as well.
TEST(CadreTest, ACadresOrgLifeMeetingsCountTowardLeadingByExample) {
  GroupActivity activity = ExemplaryYear();
  activity.group.members[3].leading_cadre = true;
  activity.group.members[3].spells.front().leading_cadre = true;
  OrgLifeMeeting meeting;
  meeting.id = 31;
  meeting.held_at = ShanghaiTime(2024, 11, 20);
  meeting.present_member_ids = {1, 2, 3};
  meeting.criticism_member_ids = {1, 2, 3};
  meeting.reported_at = ShanghaiTime(2024, 11, 25);
  activity.org_life_meetings.push_back(meeting);
  GroupPeriodResult result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  ASSERT_THAT(Codes(result.findings), ElementsAre("CADRE_ABSENT"));
  EXPECT_EQ(EvidenceValue(result.findings[0], "org_life_meetings"), "1");
  EXPECT_EQ(EvidenceValue(result.findings[0], "org_life_attended"), "0");
  EXPECT_EQ(result.metrics.cadre_meetings_due, 13);
  EXPECT_EQ(result.metrics.cadre_meetings_attended, 12);
  activity.org_life_meetings[0].present_member_ids.push_back(4);
  activity.org_life_meetings[0].criticism_member_ids.push_back(4);
  EXPECT_THAT(Check(activity, k2024, kAfter2024), IsEmpty());
}

// 第十四条 带头参加所在党小组活动: a theme day (第九条) with its attendance counts as well; one
// recorded without attendance says nothing and is passed over; a reason excuses an absence.
TEST(CadreTest, ACadresThemeDaysCountTowardLeadingByExample) {
  GroupActivity activity = ExemplaryYear();
  MakeCadre(activity.group.members[3]);  // member 4
  ThemeDay day;
  day.id = 41;
  day.consent_at = ShanghaiTime(2024, 9, 1);
  day.held_at = ShanghaiTime(2024, 9, 10);
  day.attendance = {{1, true, ""}, {2, true, ""}, {3, true, ""}, {4, false, ""}};
  activity.theme_days.push_back(day);
  ThemeDay unrecorded = day;
  unrecorded.id = 42;
  unrecorded.attendance.clear();
  activity.theme_days.push_back(unrecorded);
  GroupPeriodResult result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  ASSERT_THAT(Codes(result.findings), ElementsAre("CADRE_ABSENT"));
  EXPECT_EQ(EvidenceValue(result.findings[0], "theme_days"), "1");
  EXPECT_EQ(EvidenceValue(result.findings[0], "theme_days_attended"), "0");
  EXPECT_EQ(result.metrics.cadre_meetings_due, 13);
  EXPECT_EQ(result.metrics.cadre_meetings_attended, 12);

  activity.theme_days[0].attendance[3] = {4, false, "出差"};
  result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  EXPECT_THAT(result.findings, IsEmpty());
  EXPECT_EQ(result.metrics.cadre_meetings_attended, 12);
  activity.theme_days[0].attendance[3] = {4, true, ""};
  result = CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), Policy{});
  EXPECT_EQ(result.metrics.cadre_meetings_attended, 13);
}

// 第四条（三）: six months in a row of group meetings missed without a reason (the policy's
// number, the Constitution's by default); a meeting attended or excused breaks the run.
TEST(AbsenceTest, AMemberWhoMissedEveryMeetingForSixMonthsIsFound) {
  GroupActivity activity = ExemplaryYear();
  auto absent = [&](int month, std::string reason) {
    activity.meetings[static_cast<size_t>(month - 1)].attendance[2] = {3, false, std::move(reason)};
  };
  for (int month = 3; month <= 7; ++month) absent(month, "");
  absent(8, "病假");
  EXPECT_THAT(Check(activity, k2024, kAfter2024), IsEmpty());  // five, then excused
  absent(8, "");
  std::vector<Finding> findings = Check(activity, k2024, kAfter2024);
  ASSERT_THAT(Codes(findings), ElementsAre("MEMBER_LONG_ABSENT"));
  EXPECT_EQ(findings[0].subject.id, "3");
  EXPECT_EQ(findings[0].basis, "LOCAL_POLICY");
  EXPECT_EQ(EvidenceValue(findings[0], "from"), "2024-03");
  EXPECT_EQ(EvidenceValue(findings[0], "through"), "2024-08");
  // A month without a meeting neither counts nor breaks the run.
  absent(10, "");
  activity.meetings.erase(activity.meetings.begin() + 8);  // September
  findings = Check(activity, k2024, kAfter2024);
  ASSERT_THAT(Codes(findings), ElementsAre("MONTHLY_MEETING_MISSING", "MEMBER_LONG_ABSENT"));
  EXPECT_EQ(EvidenceValue(findings[1], "months"), "7");
  EXPECT_EQ(EvidenceValue(findings[1], "through"), "2024-10");
  Policy stricter;
  stricter.member_absent_months = 8;
  EXPECT_THAT(Codes(CheckGroupPeriod(activity, k2024, kAfter2024, Shanghai(), stricter).findings),
              ElementsAre("MONTHLY_MEETING_MISSING"));
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
  Branch branch{10, "市财政局机关第一党支部", GetParam().members, GetParam().groups, {}, {}};
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

// 第一条, 第十四条 under the committee's size: 61 members in two groups is more than 30 a group.
TEST(BranchGroupsTest, ABigBranchWithTooFewGroupsForItsSize) {
  Branch branch{10, "机关党支部", 60, 2, {}, {}};
  EXPECT_THAT(CheckBranch(branch, absl::CivilDay(2024, 12, 1), Policy{}), IsEmpty());
  branch.member_count = 61;
  std::vector<Finding> findings = CheckBranch(branch, absl::CivilDay(2024, 12, 1), Policy{});
  ASSERT_THAT(Codes(findings), ElementsAre("BRANCH_TOO_FEW_GROUPS"));
  EXPECT_EQ(findings[0].basis, "LOCAL_POLICY");
  EXPECT_THAT(findings[0].message, HasSubstr("超过本委设定的30名"));
  Policy roomier;
  roomier.branch_members_per_group_most = 40;
  EXPECT_THAT(CheckBranch(branch, absl::CivilDay(2024, 12, 1), roomier), IsEmpty());
}

// 第十四条: in a branch with groups, a member in none is a finding (one the policy may switch
// off: 党章第八条 allows a member in the branch alone); a leading cadre in none always is.
TEST(BranchGroupsTest, MembersAndCadresOfABranchWithGroupsAreInOne) {
  Member cadre = Formal(7, "局长");
  cadre.leading_cadre = true;
  Branch branch{10, "机关党支部", 12, 2, {}, {Formal(6, "张三"), cadre}};
  std::vector<Finding> findings = CheckBranch(branch, absl::CivilDay(2024, 12, 1), Policy{});
  ASSERT_THAT(Codes(findings), ElementsAre("MEMBER_WITHOUT_GROUP", "CADRE_WITHOUT_GROUP"));
  EXPECT_EQ(findings[0].subject.id, "6");
  EXPECT_EQ(findings[1].subject.id, "7");
  EXPECT_EQ(findings[1].branch_id, 10);
  Policy off;
  off.rules_off = {"MEMBER_WITHOUT_GROUP"};
  EXPECT_TRUE(ValidatePolicy(off).ok());
  EXPECT_THAT(Codes(CheckBranch(branch, absl::CivilDay(2024, 12, 1), off)),
              ElementsAre("CADRE_WITHOUT_GROUP"));
  // A branch without groups has no group to be in: BRANCH_SHOULD_HAVE_GROUPS speaks for it when
  // it should have them.
  branch.active_group_count = 0;
  EXPECT_THAT(CheckBranch(branch, absl::CivilDay(2024, 12, 1), Policy{}), IsEmpty());
}

TEST(FilingTest, AChangeIsFiledWithinThirtyDays) {
  Branch branch{10, "第一党支部", 12, 3, {}, {}};
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
