// Each duty judged for the time it was owed (第四条, 第五条, 第七条, 第八条, 第十三条, 第十四条):
// spells that end on a month's last day, a leader changed mid-month, a group founded on the
// year's last day, all in Shanghai.
#include "common/rules/tenure.h"

#include <algorithm>

#include "common/rules/period.h"
#include "common/rules/records.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/rules/rules_test_util.h"

namespace partygroup::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace ::partygroup::rules::testing;  // NOLINT: test builders

const Period k2024 = {2024, 0};
const absl::Time kAfter2024 = ShanghaiTime(2025, 2, 1);

GroupPeriodResult Judge(const GroupActivity& activity, const Period& period = k2024,
                        absl::Time now = kAfter2024) {
  return CheckGroupPeriod(activity, period, now, Shanghai(), Policy{});
}

std::vector<std::string> MonthsOf(const std::vector<Finding>& findings, absl::string_view code) {
  std::vector<std::string> months;
  for (const Finding& finding : findings) {
    if (finding.code == code) months.push_back(EvidenceValue(finding, "month"));
  }
  return months;
}

// A group of four (member 1 leads) that met, collected dues, talked, reported and trained for all
// of 2024, its members' dues paid only as `paid(member, month)` says.
GroupActivity Year(const std::function<bool(int64_t, int)>& paid = [](int64_t, int) {
  return true;
}) {
  GroupActivity activity;
  activity.group = MakeGroup(4);
  for (int month = 1; month <= 12; ++month) {
    GroupMeeting meeting;
    meeting.id = month;
    meeting.held_at = ShanghaiTime(2024, month, 15);
    meeting.chair_id = 1;
    for (const Member& member : activity.group.members) {
      meeting.attendance.push_back({member.id, true, ""});
      if (paid(member.id, month)) {
        activity.dues.push_back(
            {member.id, absl::CivilMonth(2024, month), 2000, ShanghaiTime(2024, month, 20)});
      }
    }
    activity.meetings.push_back(meeting);
  }
  for (int64_t id = 2; id <= 4; ++id) activity.talks.push_back({ShanghaiTime(2024, 9, 2), 1, id});
  activity.annual_reports.push_back({2024, ShanghaiTime(2024, 12, 20)});
  activity.leader_trainings.push_back({1, absl::CivilDay(2024, 6, 1)});
  return activity;
}

TEST(TenureTest, DuesAreOwedInTheGroupTheMemberEndedTheMonthIn) {
  // Member 4 left on 30 April (not in the group that day) and paid nothing: January to March.
  GroupActivity activity = Year([](int64_t member, int) { return member != 4; });
  activity.group.members[3].spells.front().days.until = absl::CivilDay(2024, 4, 30);
  EXPECT_THAT(MonthsOf(Judge(activity).findings, "DUES_UNPAID"),
              ElementsAre("2024-01", "2024-02", "2024-03"));
  // Leaving on 1 May, they ended April in the group: April too.
  activity.group.members[3].spells.front().days.until = absl::CivilDay(2024, 5, 1);
  GroupPeriodResult result = Judge(activity);
  EXPECT_THAT(MonthsOf(result.findings, "DUES_UNPAID"),
              ElementsAre("2024-01", "2024-02", "2024-03", "2024-04"));
  EXPECT_EQ(result.metrics.dues_months_due, 3 * 12 + 4);
}

TEST(TenureTest, SixMonthsUnpaidCountOnlyTheMonthsOwedInThisGroup) {
  // Member 4 paid nothing after March and joined another group on 1 August: April to July (four
  // months) are this group's, not six.
  GroupActivity activity =
      Year([](int64_t member, int month) { return member != 4 || month <= 3; });
  activity.group.members[3].spells.front().days.until = absl::CivilDay(2024, 8, 1);
  std::vector<Finding> findings = Judge(activity).findings;
  EXPECT_THAT(MonthsOf(findings, "DUES_UNPAID"),
              ElementsAre("2024-04", "2024-05", "2024-06", "2024-07"));
  EXPECT_EQ(std::count_if(findings.begin(), findings.end(),
                          [](const Finding& f) { return f.code == "DUES_SIX_MONTHS_UNPAID"; }),
            0);
  // Still in the group through December: six months and more, counted back from December.
  activity.group.members[3].spells.front().days.until.reset();
  findings = Judge(activity).findings;
  auto warning = std::find_if(findings.begin(), findings.end(),
                              [](const Finding& f) { return f.code == "DUES_SIX_MONTHS_UNPAID"; });
  ASSERT_NE(warning, findings.end());
  EXPECT_EQ(EvidenceValue(*warning, "through"), "2024-12");
}

TEST(TenureTest, ATalkCountsForTheLeaderWhoLedThatDay) {
  // Member 1 led until 15 June (not that day), member 2 from then on.
  GroupActivity activity = Year();
  activity.group.leader_terms = {{1, {absl::CivilDay(2020, 1, 1), absl::CivilDay(2024, 6, 15)}},
                                 {2, {absl::CivilDay(2024, 6, 15), std::nullopt}}};
  activity.group.leader_id = 2;
  activity.leader_trainings.push_back({2, absl::CivilDay(2024, 11, 1)});
  // Member 1 talked with 2, 3 and 4 in September, when 2 led: the talk with 2 counts for 1 (a
  // member again since June), the others count for nobody.
  std::vector<Finding> findings = Judge(activity).findings;
  std::vector<std::string> uncovered;
  for (const Finding& f : findings) {
    if (f.code == "TALK_COVERAGE") uncovered.push_back(f.subject.id);
  }
  EXPECT_THAT(uncovered, UnorderedElementsAre("2", "3", "4"));

  activity.talks = {{ShanghaiTime(2024, 6, 14, 23, 59), 1, 3},  // 1 still led: counts for 3
                    {ShanghaiTime(2024, 6, 15, 0, 0), 1, 4},    // 1 no longer led: does not
                    {ShanghaiTime(2024, 7, 1), 2, 1},           // 2 led: counts for 1
                    {ShanghaiTime(2024, 3, 1), 1, 2}};          // 1 led: counts for 2
  uncovered.clear();
  GroupPeriodResult result = Judge(activity);
  for (const Finding& f : result.findings) {
    if (f.code == "TALK_COVERAGE") uncovered.push_back(f.subject.id);
  }
  EXPECT_THAT(uncovered, ElementsAre("4"));
  EXPECT_EQ(result.metrics.talk_members_due, 4);
  EXPECT_EQ(result.metrics.talk_members_covered, 3);
}

TEST(TenureTest, EveryLeaderOfAWholeMonthOwesTheYearsTraining) {
  GroupActivity activity = Year();
  // 1 led January to May and was trained in June; 2 led from 15 June and never was; 3 led from
  // 1 June to 15 June, no whole month: owes nothing.
  activity.group.leader_terms = {{1, {absl::CivilDay(2020, 1, 1), absl::CivilDay(2024, 6, 1)}},
                                 {3, {absl::CivilDay(2024, 6, 1), absl::CivilDay(2024, 6, 15)}},
                                 {2, {absl::CivilDay(2024, 6, 15), std::nullopt}}};
  activity.group.leader_id = 2;
  activity.talks.clear();
  GroupPeriodResult result = Judge(activity);
  std::vector<Finding> untrained;
  for (const Finding& f : result.findings) {
    if (f.code == "LEADER_UNTRAINED") untrained.push_back(f);
  }
  ASSERT_EQ(untrained.size(), 1u);
  EXPECT_EQ(untrained[0].subject.id, "2");
  EXPECT_EQ(result.metrics.leaders_due_training, 2);
  EXPECT_EQ(result.metrics.leaders_trained, 1);
}

TEST(TenureTest, ALeaderReplacedAfterTheYearLeavesTheYearWithTheOldLeader) {
  // The leader of 2024 (1) was replaced on 10 January 2025: 2024 is 1's alone, the talks held
  // with 1 count and 2 owes no training for 2024.
  GroupActivity activity = Year();
  activity.group.leader_terms = {{1, {absl::CivilDay(2020, 1, 1), absl::CivilDay(2025, 1, 10)}},
                                 {2, {absl::CivilDay(2025, 1, 10), std::nullopt}}};
  activity.group.leader_id = 2;
  GroupPeriodResult result = Judge(activity);
  EXPECT_THAT(result.findings, IsEmpty());
  EXPECT_EQ(result.metrics.leaders_due_training, 1);
}

TEST(TenureTest, AGroupFoundedOnTheLastDayOfTheYearOwesNoneOfTheYearsWork) {
  GroupActivity activity;
  activity.group = MakeGroup(3);
  activity.group.created_on = absl::CivilDay(2024, 12, 31);
  for (Member& member : activity.group.members) {
    member.spells.front().days.from = absl::CivilDay(2024, 12, 31);
  }
  activity.group.leader_terms.front().days.from = absl::CivilDay(2024, 12, 31);
  // December's dues are owed where the members ended December: here.
  for (int64_t id = 1; id <= 3; ++id) {
    activity.dues.push_back({id, absl::CivilMonth(2024, 12), 500, ShanghaiTime(2024, 12, 31, 20)});
  }
  GroupPeriodResult result = Judge(activity);
  EXPECT_THAT(result.findings, IsEmpty());
  EXPECT_EQ(result.metrics.meeting_months_due, 0);
  EXPECT_EQ(result.metrics.talk_members_due, 0);
  EXPECT_EQ(result.metrics.leaders_due_training, 0);
  EXPECT_EQ(result.metrics.dues_months_due, 3);
  // Founded on 1 December, it owes December's meeting and the year's report.
  activity.group.created_on = absl::CivilDay(2024, 12, 1);
  EXPECT_THAT(Codes(Judge(activity).findings),
              UnorderedElementsAre("MONTHLY_MEETING_MISSING", "ANNUAL_REPORT_MISSING"));
}

TEST(TenureTest, ACadresAttendanceCountsTheMeetingsHeldWhileTheyWereACadreInTheGroup) {
  GroupActivity activity = Year();
  // Member 4: an ordinary member until 1 July, a leading cadre after, absent from every meeting.
  Member& four = activity.group.members[3];
  four.spells = {
      {{absl::CivilDay(2020, 1, 1), absl::CivilDay(2024, 7, 1)}, MemberStatus::kFormal, false},
      {{absl::CivilDay(2024, 7, 1), std::nullopt}, MemberStatus::kFormal, true}};
  for (GroupMeeting& meeting : activity.meetings) meeting.attendance[3] = {4, false, ""};
  GroupPeriodResult result = Judge(activity);
  EXPECT_EQ(result.metrics.cadre_meetings_due, 6);
  EXPECT_EQ(result.metrics.cadre_meetings_attended, 0);
  // Absent from every meeting of the year, a cadre or not: 第四条（三） finds that too.
  ASSERT_THAT(Codes(result.findings), ElementsAre("CADRE_ABSENT", "MEMBER_LONG_ABSENT"));
  EXPECT_EQ(EvidenceValue(result.findings[0], "meetings"), "6");
}

TEST(TenureTest, TheStandingIsTheGroupOnThePeriodsLastDay) {
  GroupActivity activity = Year();
  // Member 4 left on 1 December and member 3 on 2 January 2025: at the end of 2024 the group had
  // three members, and GROUP_TOO_SMALL is not 2024's.
  activity.group.members[3].spells.front().days.until = absl::CivilDay(2024, 12, 1);
  activity.group.members[2].spells.front().days.until = absl::CivilDay(2025, 1, 2);
  EXPECT_THAT(Judge(activity).findings, IsEmpty());
  // Member 2 left in November as well: two members at the year's end.
  activity.group.members[1].spells.front().days.until = absl::CivilDay(2024, 11, 1);
  EXPECT_THAT(Codes(Judge(activity).findings), ElementsAre("GROUP_TOO_SMALL"));
  // The leader's term ended on 31 December (not that day): no leader at the year's end.
  activity.group.members[1].spells.front().days.until.reset();
  activity.group.leader_terms.front().days.until = absl::CivilDay(2024, 12, 31);
  EXPECT_THAT(Codes(Judge(activity).findings), ElementsAre("GROUP_WITHOUT_LEADER"));
}

TEST(TenureTest, StandingOnADayTakesThatSpellsStatus) {
  Group group = MakeGroup(2, 1);  // 1, 2 formal, 3 probationary
  Member& three = group.members[2];
  three.status = MemberStatus::kFormal;  // as read today
  three.spells = {{{absl::CivilDay(2020, 1, 1), absl::CivilDay(2024, 9, 1)},
                   MemberStatus::kProbationary,
                   false},
                  {{absl::CivilDay(2024, 9, 1), std::nullopt}, MemberStatus::kFormal, false}};
  EXPECT_EQ(StandingOn(group, absl::CivilDay(2024, 8, 31)).members[2].status,
            MemberStatus::kProbationary);
  EXPECT_EQ(StandingOn(group, absl::CivilDay(2024, 9, 1)).members[2].status, MemberStatus::kFormal);
  EXPECT_EQ(StandingOn(group, absl::CivilDay(2019, 12, 31)).members.size(), 0u);
  EXPECT_EQ(StandingOn(group, absl::CivilDay(2019, 12, 31)).leader_id, std::nullopt);
}

TEST(TenureTest, AnEvaluationIsOwedByTheMembersInTheGroupOnItsDeadline) {
  Group group = MakeGroup(3);
  group.members[2].spells.front().days.until = absl::CivilDay(2024, 11, 30);  // left the day before
  EvaluationCampaign campaign;
  campaign.id = 7;
  campaign.group_id = group.id;
  campaign.opened_on = absl::CivilDay(2024, 11, 1);
  campaign.deadline = absl::CivilDay(2024, 11, 30);
  campaign.self_evaluated_ids = {1, 2};
  campaign.party_spirit_ids = {1, 2};
  campaign.mutual = {{1, 2, EvaluationRating::kExcellent}, {2, 1, EvaluationRating::kExcellent}};
  EXPECT_THAT(MissingEvaluationParts(campaign, group, Policy{}), IsEmpty());
  group.members[2].spells.front().days.until = absl::CivilDay(2024, 12, 1);
  std::vector<EvaluationGap> gaps = MissingEvaluationParts(campaign, group, Policy{});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].member_id, 3);
}

TEST(TenureTest, AFilingRecordedForALaterDayWasNotYetMadeOnTheDayJudged) {
  Branch branch;
  branch.id = 10;
  branch.name = "第一党支部";
  branch.member_count = 8;
  branch.active_group_count = 2;
  GroupChange change;
  change.id = 5;
  change.group_id = 100;
  change.group_name = "第一党小组";
  change.decided_on = absl::CivilDay(2024, 11, 1);
  change.filed_on = absl::CivilDay(2025, 1, 20);  // late, known only in 2025
  branch.changes.push_back(change);
  // Judged at the end of 2024, the filing was overdue and not made yet; judged later, it was
  // made late: a finding either way, with what was known that day.
  std::vector<Finding> at_year_end = CheckBranch(branch, absl::CivilDay(2024, 12, 31), {});
  ASSERT_THAT(Codes(at_year_end), ElementsAre("FILING_OVERDUE"));
  EXPECT_EQ(EvidenceValue(at_year_end[0], "filed_on"), "未备案");
  // Decided on 20 December, due in January: not late at the end of 2024 although it was filed
  // late in 2025.
  branch.changes.front().decided_on = absl::CivilDay(2024, 12, 20);
  EXPECT_THAT(CheckBranch(branch, absl::CivilDay(2024, 12, 31), {}), IsEmpty());
}

TEST(TenureTest, CoversWholeMonthJoinsSpellsThatMeet) {
  const absl::CivilMonth jan(2024, 1), dec(2024, 12);
  // 10 March to 20 March and 20 March to 5 April: no whole month.
  EXPECT_FALSE(CoversWholeMonth({{absl::CivilDay(2024, 3, 10), absl::CivilDay(2024, 3, 20)},
                                 {absl::CivilDay(2024, 3, 20), absl::CivilDay(2024, 4, 5)}},
                                jan, dec));
  // 10 March to 20 March and 20 March to 1 May: April whole.
  EXPECT_TRUE(CoversWholeMonth({{absl::CivilDay(2024, 3, 10), absl::CivilDay(2024, 3, 20)},
                                {absl::CivilDay(2024, 3, 20), absl::CivilDay(2024, 5, 1)}},
                               jan, dec));
  // Outside the months asked: no; from 1 December on, still lasting: December.
  EXPECT_FALSE(
      CoversWholeMonth({{absl::CivilDay(2023, 1, 1), absl::CivilDay(2024, 1, 1)}}, jan, dec));
  EXPECT_TRUE(CoversWholeMonth({{absl::CivilDay(2024, 12, 1), std::nullopt}}, jan, dec));
  EXPECT_FALSE(CoversWholeMonth({{absl::CivilDay(2024, 12, 2), std::nullopt}}, jan, dec));
}

TEST(TenureTest, IntersectKeepsTheDaysBothCover) {
  // In the group from 10 March on; someone else led it until 1 May: 10 March to 1 May.
  const std::vector<DaySpan> both =
      Intersect({{absl::CivilDay(2024, 3, 10), std::nullopt}},
                {{absl::CivilDay(2020, 1, 1), absl::CivilDay(2024, 5, 1)},
                 {absl::CivilDay(2024, 6, 1), absl::CivilDay(2024, 6, 1)}});  // an empty term
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].from, absl::CivilDay(2024, 3, 10));
  EXPECT_EQ(both[0].until, absl::CivilDay(2024, 5, 1));
  EXPECT_TRUE(CoversWholeMonth(both, absl::CivilMonth(2024, 1), absl::CivilMonth(2024, 12)));
}

TEST(TenureTest, AGroupWithoutALeaderAllYearOwesNoTalksButItsStanding) {
  GroupActivity activity = Year();
  SetLeader(activity.group, std::nullopt);
  activity.talks.clear();
  GroupPeriodResult result = Judge(activity);
  EXPECT_EQ(result.metrics.talk_members_due, 0);
  EXPECT_THAT(Codes(result.findings), ElementsAre("GROUP_WITHOUT_LEADER"));
}

}  // namespace
}  // namespace partygroup::rules
