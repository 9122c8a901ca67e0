// The scoring engine and the default rubrics (第十四条: 述职评议考核 and 双述双评).
#include "common/rules/scoring.h"

#include "common/rules/catalogue.h"
#include "common/rules/default_rubrics.h"
#include "common/rules/period.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/rules/rules_test_util.h"

namespace partygroup::rules {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;

Finding FindingOf(absl::string_view code) {
  return MakeFinding(code, Severity::kFinding, {"group", "100", "第一党小组"}, "示例");
}

TEST(RubricTest, DefaultRubricsAreValidAndCiteArticles) {
  for (const Rubric& rubric :
       {DefaultGroupRubric(), DefaultBranchRubric(), DefaultGeneralBranchRubric(),
        DefaultUnitRubric(), GroupRubricV1(), GroupRubricV2(), BranchRubricV1(), UnitRubricV1()}) {
    EXPECT_THAT(ValidateRubric(rubric), IsOk()) << rubric.version;
    for (const Indicator& indicator : rubric.indicators) {
      EXPECT_FALSE(indicator.articles.empty()) << rubric.version << " " << indicator.id;
    }
  }
}

TEST(RubricTest, ValidationNamesTheField) {
  Rubric rubric = DefaultGroupRubric();
  rubric.indicators[1].weight += 1;
  EXPECT_THAT(ValidateRubric(rubric),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sum to 100, not 101")));
  rubric = DefaultGroupRubric();
  rubric.indicators[2].id = rubric.indicators[0].id;
  EXPECT_THAT(ValidateRubric(rubric),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("indicators[2].id")));
  rubric = DefaultGroupRubric();
  rubric.indicators[3].finding_codes.push_back("NO_SUCH_RULE");
  EXPECT_THAT(ValidateRubric(rubric), StatusIs(absl::StatusCode::kInvalidArgument,
                                               HasSubstr("indicators[3].finding_codes")));
  rubric = DefaultGroupRubric();
  rubric.bands = {{"好", 90}, {"较好", 95}, {"差", 0}};
  EXPECT_THAT(ValidateRubric(rubric),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bands[1].min_score")));
  rubric.bands = {{"好", 90}, {"一般", 60}};
  EXPECT_THAT(ValidateRubric(rubric),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("start at 0")));
}

TEST(ScoreTest, NothingWrongIsOneHundredAndGood) {
  ScoringInput input;
  input.rates = {{"meetings", {12, 12}}, {"talks", {5, 5}}, {"dues", {60, 60}}};
  ASSERT_OK_AND_ASSIGN(ScoreResult result, Score(DefaultGroupRubric(), input));
  EXPECT_EQ(result.score_centi, 10000);
  EXPECT_EQ(result.grade, "好");
  EXPECT_EQ(result.breakdown.size(), DefaultGroupRubric().indicators.size());
}

TEST(ScoreTest, KnownGapsGiveTheScoreTheRubricImplies) {
  // A group that missed March (11 of 12 months), talked with 4 of 5 members, collected 58 of
  // 60 member-months of dues, has an untrained leader and one overdue task, scored by the first
  // group rubric (which still charged leader training to the group).
  ScoringInput input;
  input.rates = {{"meetings", {11, 12}}, {"talks", {4, 5}}, {"dues", {58, 60}}};
  input.findings = {FindingOf(kMonthlyMeetingMissing),
                    FindingOf(kTalkCoverage),
                    FindingOf(kDuesUnpaid),
                    FindingOf(kDuesUnpaid),
                    FindingOf(kLeaderUntrained),
                    FindingOf(kTaskOverdue)};
  ASSERT_OK_AND_ASSIGN(ScoreResult result, Score(GroupRubricV1(), input));
  // meetings 91.67×25 + talks 80×15 + dues 96.67×15 + org_life 100×15 + tasks 80×10
  // + leader 50×10 + setup 100×5 + cadres 100×5 (no cadres: not applicable)
  // = (9167×25 + 8000×15 + 9667×15 + 10000×15 + 8000×10 + 5000×10 + 10000×5 + 10000×5) / 100
  EXPECT_EQ(result.score_centi, (9167 * 25 + 8000 * 15 + 9667 * 15 + 10000 * 15 + 8000 * 10 +
                                 5000 * 10 + 10000 * 5 + 10000 * 5 + 50) /
                                    100);
  EXPECT_EQ(FormatScore(result.score_centi), "87.42");
  EXPECT_EQ(result.grade, "较好");
  const IndicatorScore& meetings = result.breakdown[0];
  EXPECT_EQ(meetings.id, "monthly_meetings");
  EXPECT_EQ(meetings.score_centi, 9167);
  EXPECT_THAT(meetings.articles, Contains("第五条"));
  EXPECT_THAT(meetings.evidence, Contains("达成 11/12"));
  EXPECT_THAT(meetings.evidence, Contains(HasSubstr("MONTHLY_MEETING_MISSING（第五条）")));
  const IndicatorScore& leader = result.breakdown[5];
  EXPECT_EQ(leader.id, "leader");
  EXPECT_EQ(leader.score_centi, 5000);
  EXPECT_THAT(leader.evidence, Contains(HasSubstr("LEADER_UNTRAINED（第十四条）")));

  // v2 leaves leader training to the unit (第十四条: the 党组（党委）'s duty): the same gaps cost
  // the group 5 points less.
  ASSERT_OK_AND_ASSIGN(ScoreResult v2, Score(GroupRubricV2(), input));
  EXPECT_EQ(v2.score_centi, result.score_centi + 500);
  EXPECT_EQ(v2.breakdown[5].score_centi, 10000);
  for (const Indicator& indicator : DefaultGroupRubric().indicators) {
    EXPECT_THAT(indicator.finding_codes, ::testing::Not(Contains("LEADER_UNTRAINED")))
        << indicator.id;
  }
  EXPECT_THAT(CitedCodes(DefaultUnitRubric()), Contains("LEADER_UNTRAINED"));
}

TEST(ScoreTest, PenaltiesStopAtZero) {
  ScoringInput input;
  for (int i = 0; i < 9; ++i) input.findings.push_back(FindingOf(kTaskOverdue));
  ASSERT_OK_AND_ASSIGN(ScoreResult result, Score(DefaultGroupRubric(), input));
  EXPECT_EQ(result.breakdown[4].score_centi, 0);
  EXPECT_EQ(result.score_centi, 9000);
  EXPECT_EQ(result.grade, "好");  // 90 is the lower edge of 好
}

TEST(ScoreTest, SameInputsSameOutput) {
  ScoringInput input;
  input.rates = {{"meetings", {7, 12}}, {"talks", {2, 3}}, {"dues", {1, 3}}};
  input.findings = {FindingOf(kGroupWithoutLeader), FindingOf(kFilingOverdue)};
  ASSERT_OK_AND_ASSIGN(ScoreResult first, Score(DefaultGroupRubric(), input));
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK_AND_ASSIGN(ScoreResult again, Score(DefaultGroupRubric(), input));
    EXPECT_EQ(again.score_centi, first.score_centi);
    EXPECT_EQ(again.grade, first.grade);
    for (size_t j = 0; j < first.breakdown.size(); ++j) {
      EXPECT_EQ(again.breakdown[j].score_centi, first.breakdown[j].score_centi);
      EXPECT_EQ(again.breakdown[j].evidence, first.breakdown[j].evidence);
    }
  }
}

TEST(ScoreTest, BranchRubricCombinesGroupsWithManualReviews) {
  ScoringInput input;
  input.rates = {{"group_scores", {8500 + 9500, 2 * 10000}}};  // two groups: 85 and 95
  EXPECT_THAT(Score(DefaultBranchRubric(), input),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("duty_review")));
  ASSERT_OK_AND_ASSIGN(int64_t votes, VoteScoreCenti({8, 2, 0, 0}));  // 96 points
  EXPECT_EQ(votes, 9600);
  input.manual_centi = {{"duty_review", votes}, {"dual_review", 8000}};
  ASSERT_OK_AND_ASSIGN(ScoreResult result, Score(DefaultBranchRubric(), input));
  // groups 90×25 + setup 100×10 + members grouped (not judged) 100×5 + duty 96×30 + dual 80×30
  // = 90.3
  EXPECT_EQ(result.score_centi, 9030);
  EXPECT_EQ(result.grade, "好");
  input.manual_centi["dual_review"] = 10001;
  EXPECT_THAT(Score(DefaultBranchRubric(), input), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(VotesTest, AverageOfTheScaleAndInvalidCounts) {
  ASSERT_OK_AND_ASSIGN(int64_t mixed, VoteScoreCenti({1, 1, 1, 1}));  // (100+80+60+0)/4
  EXPECT_EQ(mixed, 6000);
  ASSERT_OK_AND_ASSIGN(int64_t thirds, VoteScoreCenti({1, 2, 0, 0}));  // 86.666…
  EXPECT_EQ(thirds, 8667);
  EXPECT_THAT(VoteScoreCenti({0, 0, 0, 0}), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(VoteScoreCenti({-1, 2, 0, 0}), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ScoreTest, GroupRatesComeFromThePeriodMetrics) {
  GroupMetrics metrics;
  metrics.meeting_months_due = 12;
  metrics.meeting_months_met = 10;
  metrics.dues_months_due = 36;
  metrics.dues_months_paid = 30;
  std::map<std::string, Rate> rates = GroupRates(metrics);
  EXPECT_EQ(rates["meetings"].numerator, 10);
  EXPECT_EQ(rates["meetings"].denominator, 12);
  EXPECT_EQ(rates["dues"].numerator, 30);
  EXPECT_EQ(rates["talks"].denominator, 0);
}

}  // namespace
}  // namespace partygroup::rules

namespace partygroup::rules {
namespace {

TEST(DualReviewTest, TheMeanOfTheTwoReportsHalfUp) {
  EXPECT_EQ(DualReviewCenti(9600, 8000), 8800);
  EXPECT_EQ(DualReviewCenti(6000, 0), 3000);
  EXPECT_EQ(DualReviewCenti(6001, 0), 3001);  // 30.005 → 30.01
  EXPECT_EQ(DualReviewCenti(10000, 10000), 10000);
}

TEST(GroupScoresTest, TheMeanOfTheGroupsAndABranchWithoutGroups) {
  const Rate two = GroupScoresRate(9500 + 8773, 2, false);
  EXPECT_EQ(two.numerator, 18273);
  EXPECT_EQ(two.denominator, 20000);
  const Rate owed = GroupScoresRate(0, 0, /*should_have_groups=*/true);  // 应建尽建
  EXPECT_EQ(owed.numerator, 0);
  EXPECT_EQ(owed.denominator, 1);
  const Rate small = GroupScoresRate(0, 0, /*should_have_groups=*/false);
  EXPECT_EQ(small.denominator, 0);  // not judged: full marks
}

TEST(CitedCodesTest, TheCodesEveryIndicatorCountsOrCites) {
  const std::set<std::string> unit = CitedCodes(UnitRubricV1());
  EXPECT_EQ(unit, (std::set<std::string>{std::string(kBranchShouldHaveGroups),
                                         std::string(kFilingOverdue), std::string(kLeaderUntrained),
                                         std::string(kCadreAbsent)}));
  // A group's monthly meetings are scored on the group, not cited by the unit.
  EXPECT_EQ(unit.count(std::string(kMonthlyMeetingMissing)), 0u);
  EXPECT_EQ(CitedCodes(DefaultGroupRubric()).count(std::string(kMonthlyMeetingMissing)), 1u);
}

}  // namespace
}  // namespace partygroup::rules

namespace partygroup::rules {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Scoring as data: what a vote of each grade is worth and how the two reports of 双述双评 weigh
// are the rubric's; the defaults are 100/80/60/0 and half each.
TEST(VotePointsTest, TheRubricsPointsAndWeightsScoreTheVotes) {
  Rubric rubric = DefaultBranchRubric();
  ScoringInput input;
  ReviewVotes votes;
  votes.duty = Votes{6, 3, 1, 0};            // (600 + 240 + 60) / 10 = 90
  votes.party_building = Votes{8, 2, 0, 0};  // 96
  votes.business = Votes{4, 4, 2, 0};        // 84
  ASSERT_THAT(AddManualRatings(rubric, votes, input), IsOk());
  EXPECT_EQ(input.manual_centi["duty_review"], 9000);
  EXPECT_EQ(input.manual_centi["dual_review"], 9000);  // (96 + 84) / 2
  EXPECT_THAT(input.manual_evidence["duty_review"],
              ElementsAre("述职评议：好6 较好3 一般1 差0（每票100/80/60/0分），得90.00分"));

  rubric.vote_points = {100, 85, 70, 0};
  rubric.dual_review = {70, 30};
  input = {};
  ASSERT_THAT(AddManualRatings(rubric, votes, input), IsOk());
  EXPECT_EQ(input.manual_centi["duty_review"], 9250);  // (600 + 255 + 70) / 10
  // party building (800 + 170) / 10 = 97, business (400 + 340 + 140) / 10 = 88: 97×0.7 + 88×0.3
  EXPECT_EQ(input.manual_centi["dual_review"], 9430);
  EXPECT_THAT(input.manual_evidence["dual_review"], Contains("党建占70%、业务占30%"));

  // One part of 双述双评 alone rates nothing yet.
  votes.business.reset();
  input = {};
  ASSERT_THAT(AddManualRatings(rubric, votes, input), IsOk());
  EXPECT_EQ(input.manual_centi.count("dual_review"), 0u);
}

TEST(VotePointsTest, PointsAndWeightsAreValidated) {
  Rubric rubric = DefaultBranchRubric();
  rubric.vote_points = {80, 90, 60, 0};
  EXPECT_THAT(ValidateRubric(rubric),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("vote_points")));
  rubric.vote_points = {101, 80, 60, 0};
  EXPECT_THAT(ValidateRubric(rubric),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("vote_points.good")));
  rubric = DefaultBranchRubric();
  rubric.dual_review = {60, 50};
  EXPECT_THAT(ValidateRubric(rubric),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dual_review")));
}

// The manual indicator shows the counts behind it; a branch's groups indicator the groups.
TEST(EvidenceTest, ManualIndicatorsShowTheVotesAndAveragesTheirGroups) {
  ScoringInput input;
  input.rates = {{"group_scores", {8500 + 9500, 2 * 10000}}};
  input.rate_evidence["group_scores"] = {"第一党小组 85.00", "第二党小组 95.00"};
  ReviewVotes votes;
  votes.duty = Votes{9, 1, 0, 0};
  votes.party_building = votes.business = Votes{10, 0, 0, 0};
  ASSERT_THAT(AddManualRatings(DefaultBranchRubric(), votes, input), IsOk());
  ASSERT_OK_AND_ASSIGN(ScoreResult result, Score(DefaultBranchRubric(), input));
  EXPECT_THAT(result.breakdown[0].evidence,
              ElementsAre("达成 18000/20000", "第一党小组 85.00", "第二党小组 95.00"));
  EXPECT_THAT(result.breakdown[3].evidence, ElementsAre(HasSubstr("好9 较好1 一般0 差0")));
  EXPECT_THAT(result.breakdown[4].evidence,
              ElementsAre(HasSubstr("党建述职：好10"), HasSubstr("业务述职：好10"),
                          "党建占50%、业务占50%"));
}

// No indicator cites a rule that can never reach its subject.
TEST(ReachTest, ARubricCitesOnlyFindingsThatReachItsSubject) {
  EXPECT_THAT(CheckRubricFindings(DefaultGroupRubric(), SubjectLevel::kGroup), IsOk());
  EXPECT_THAT(CheckRubricFindings(DefaultBranchRubric(), SubjectLevel::kBranch), IsOk());
  EXPECT_THAT(CheckRubricFindings(DefaultGeneralBranchRubric(), SubjectLevel::kGeneralBranch),
              IsOk());
  EXPECT_THAT(CheckRubricFindings(DefaultUnitRubric(), SubjectLevel::kUnit), IsOk());
  // The filing of a group's change is the branch's (第二条): v1 and v2 cited it on the group.
  EXPECT_THAT(CheckRubricFindings(GroupRubricV2(), SubjectLevel::kGroup),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("FILING_OVERDUE")));
  Rubric refused = DefaultGroupRubric();
  refused.indicators[4].finding_codes.push_back(std::string(kMeetingNotRequested));
  EXPECT_THAT(CheckRubricFindings(refused, SubjectLevel::kGroup),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("indicators[4].finding_codes: MEETING_NOT_REQUESTED is never")));
}

// No finding counted twice: inside one rubric, and between the groups' scores and the rubric
// that averages them.
TEST(CountedTwiceTest, AFindingMovesOneIndicatorAtOneLevel) {
  Rubric twice = DefaultGroupRubric();
  twice.indicators[4].finding_codes.push_back(std::string(kMonthlyMeetingMissing));
  EXPECT_THAT(CheckRubricFindings(twice, SubjectLevel::kGroup),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("MONTHLY_MEETING_MISSING is already scored by indicator "
                                 "monthly_meetings")));
  for (const Rubric& above :
       {DefaultBranchRubric(), DefaultGeneralBranchRubric(), DefaultUnitRubric()}) {
    EXPECT_THAT(CheckNotCountedTwice(DefaultGroupRubric(), above), IsOk()) << above.version;
  }
  // Branch v1 counted a group without a leader its group's score had weighed; unit v1 and group
  // v2 both scored the cadres' attendance.
  EXPECT_THAT(CheckNotCountedTwice(GroupRubricV2(), BranchRubricV1()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("GROUP_WITHOUT_LEADER")));
  EXPECT_THAT(CheckNotCountedTwice(GroupRubricV2(), UnitRubricV1()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cadre_attendance")));
}

TEST(MembersGroupedTest, TheShareOfABranchsMembersInAGroup) {
  Branch branch;
  branch.member_count = 25;
  branch.active_group_count = 2;
  branch.ungrouped.resize(3);
  Rate rate = MembersGroupedRate(branch, Policy{});
  EXPECT_EQ(rate.numerator, 22);
  EXPECT_EQ(rate.denominator, 25);
  Policy off;
  off.rules_off = {std::string(kMemberWithoutGroup)};
  EXPECT_EQ(MembersGroupedRate(branch, off).denominator, 0);
  branch.active_group_count = 0;  // BRANCH_SHOULD_HAVE_GROUPS says what is missing
  EXPECT_EQ(MembersGroupedRate(branch, Policy{}).denominator, 0);
}

}  // namespace
}  // namespace partygroup::rules
