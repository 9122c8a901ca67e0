// 第四条 to 第九条, 第十二条: records checked as they are made, and their follow-up.
#include "common/rules/records.h"

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/rules/rules_test_util.h"

namespace partygroup::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace ::partygroup::rules::testing;  // NOLINT: test builders

// A meeting that followed 第五条 to the letter: requested with topics, approved, notified to
// all, chaired by the leader, attendance for all, minutes.
GroupMeeting ProperMeeting(const Group& group) {
  GroupMeeting meeting;
  meeting.id = 7;
  meeting.group_id = group.id;
  meeting.topics = {"学习党的二十大精神"};
  meeting.requested_at = ShanghaiTime(2024, 3, 1, 9);
  meeting.approved_at = ShanghaiTime(2024, 3, 2, 9);
  meeting.notified_at = ShanghaiTime(2024, 3, 3, 9);
  for (const Member& member : group.members) {
    meeting.notified_member_ids.push_back(member.id);
    meeting.attendance.push_back({member.id, true, ""});
  }
  meeting.held_at = ShanghaiTime(2024, 3, 5, 15);
  meeting.chair_id = *group.leader_id;
  meeting.minutes = "会议学习了……";
  return meeting;
}

TEST(MeetingTest, AProperMeetingPasses) {
  const Group group = MakeGroup(4);
  EXPECT_THAT(CheckMeetingRequest(ProperMeeting(group), group), IsEmpty());
  EXPECT_THAT(CheckMeetingHeld(ProperMeeting(group), group), IsEmpty());
}

TEST(MeetingTest, RequestNeedsTopics) {
  const Group group = MakeGroup(3);
  GroupMeeting meeting = ProperMeeting(group);
  meeting.topics = {""};
  std::vector<Finding> findings = CheckMeetingRequest(meeting, group);
  ASSERT_THAT(Codes(findings), ElementsAre("MEETING_NO_TOPICS"));
  EXPECT_EQ(findings[0].article, "第五条");
  EXPECT_EQ(findings[0].severity, Severity::kViolation);
}

struct HeldCase {
  const char* name;
  void (*spoil)(GroupMeeting&);
  const char* code;
};

class MeetingHeldTest : public ::testing::TestWithParam<HeldCase> {};

TEST_P(MeetingHeldTest, EachMissingStepIsRefusedWithItsCode) {
  const Group group = MakeGroup(4);
  GroupMeeting meeting = ProperMeeting(group);
  GetParam().spoil(meeting);
  std::vector<Finding> findings = CheckMeetingHeld(meeting, group);
  ASSERT_THAT(Codes(findings), ElementsAre(GetParam().code));
  // Attendance serves 第四条（三） (督促按时参加) as well as 第五条's record.
  EXPECT_THAT(findings[0].article, ::testing::HasSubstr("第五条"));
  EXPECT_EQ(findings[0].subject.kind, "group_meeting");
  EXPECT_EQ(findings[0].subject.id, "7");
}

INSTANTIATE_TEST_SUITE_P(
    Article5, MeetingHeldTest,
    ::testing::Values(
        HeldCase{"never_approved", [](GroupMeeting& m) { m.approved_at.reset(); },
                 "MEETING_NOT_REQUESTED"},
        HeldCase{"approved_after_held",
                 [](GroupMeeting& m) { m.approved_at = *m.held_at + absl::Minutes(1); },
                 "MEETING_NOT_REQUESTED"},
        HeldCase{"no_notice", [](GroupMeeting& m) { m.notified_at.reset(); }, "MEETING_NO_NOTICE"},
        HeldCase{"one_member_not_notified",
                 [](GroupMeeting& m) { m.notified_member_ids.pop_back(); }, "MEETING_NO_NOTICE"},
        HeldCase{"chaired_by_another", [](GroupMeeting& m) { m.chair_id = 2; },
                 "MEETING_CHAIR_NOT_LEADER"},
        HeldCase{"attendance_missing_one", [](GroupMeeting& m) { m.attendance.pop_back(); },
                 "MEETING_ATTENDANCE_INCOMPLETE"},
        HeldCase{"no_minutes", [](GroupMeeting& m) { m.minutes.clear(); }, "MEETING_NO_MINUTES"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(MeetingTest, AGroupWithoutLeaderCannotHoldAMeetingChairedByItsLeader) {
  Group group = MakeGroup(3);
  GroupMeeting meeting = ProperMeeting(group);
  SetLeader(group, std::nullopt);
  std::vector<Finding> findings = CheckMeetingHeld(meeting, group);
  ASSERT_THAT(Codes(findings), ElementsAre("MEETING_CHAIR_NOT_LEADER"));
  EXPECT_THAT(findings[0].message, HasSubstr("尚无组长"));
}

TEST(MeetingTest, ApprovalAtTheVeryMomentOfTheMeetingCounts) {
  const Group group = MakeGroup(3);
  GroupMeeting meeting = ProperMeeting(group);
  meeting.approved_at = meeting.held_at;
  meeting.notified_at = meeting.held_at;
  EXPECT_THAT(CheckMeetingHeld(meeting, group), IsEmpty());
}

OrgLifeMeeting ProperOrgLife() {
  OrgLifeMeeting meeting;
  meeting.id = 21;
  meeting.group_id = 100;
  meeting.study_sessions = 2;
  meeting.talks = 4;
  meeting.opinions_gathered = 6;
  meeting.held_at = ShanghaiTime(2024, 12, 20, 14);
  meeting.problems = {"理论学习不够深入"};
  meeting.present_member_ids = {1, 2, 3};
  meeting.criticism_member_ids = {1, 2, 3};
  meeting.rectification = {{"每周集中学习一次", 1, absl::CivilDay(2025, 3, 31), false}};
  meeting.reported_at = ShanghaiTime(2024, 12, 28, 10);
  return meeting;
}

TEST(OrgLifeTest, PreparationAndProblemsAreRequired) {
  const Group group = MakeGroup(3);
  EXPECT_THAT(CheckOrgLifeHeld(ProperOrgLife(), group), IsEmpty());
  OrgLifeMeeting unprepared = ProperOrgLife();
  unprepared.talks = 0;
  std::vector<Finding> findings = CheckOrgLifeHeld(unprepared, group);
  ASSERT_THAT(Codes(findings), ElementsAre("ORGLIFE_UNPREPARED"));
  EXPECT_EQ(findings[0].article, "第六条");
  EXPECT_EQ(EvidenceValue(findings[0], "talks"), "0");
  OrgLifeMeeting no_problems = ProperOrgLife();
  no_problems.problems.clear();
  EXPECT_THAT(Codes(CheckOrgLifeHeld(no_problems, group)), ElementsAre("ORGLIFE_NO_PROBLEMS"));
}

TEST(OrgLifeTest, FollowUpFindsMissingCriticismRectificationAndReport) {
  const Group group = MakeGroup(3);
  const absl::Time later = ShanghaiTime(2025, 2, 1);
  EXPECT_THAT(CheckOrgLifeFollowUp(ProperOrgLife(), group, later, Policy{}), IsEmpty());

  OrgLifeMeeting meeting = ProperOrgLife();
  meeting.criticism_member_ids = {1, 2};
  meeting.rectification.clear();
  meeting.reported_at.reset();
  // 30 days after 20 December 14:00 is 19 January 14:00.
  EXPECT_THAT(Codes(CheckOrgLifeFollowUp(meeting, group, ShanghaiTime(2025, 1, 19, 13), Policy{})),
              ElementsAre("ORGLIFE_NO_CRITICISM", "RECTIFICATION_MISSING"));
  EXPECT_THAT(
      Codes(CheckOrgLifeFollowUp(meeting, group, ShanghaiTime(2025, 1, 19, 15), Policy{})),
      ElementsAre("ORGLIFE_NO_CRITICISM", "RECTIFICATION_MISSING", "RECTIFICATION_NOT_REPORTED"));
}

TEST(EvaluationTest, ProbationaryMembersTakePartUnderTheDefaultPolicy) {
  // 第七条 draws no line between formal and probationary members.
  const Group group = MakeGroup(2, 1);
  EXPECT_THAT(CheckEvaluationVote({3, 1, EvaluationRating::kQualified}, group, Policy{}),
              IsEmpty());
}

TEST(EvaluationTest, APolicyFollowingTheConstitutionsVoteRefusesProbationaryVotes) {
  const Group group = MakeGroup(2, 1);
  Policy policy;
  policy.version = 4;
  policy.probationary_members_in_mutual_evaluation = false;
  EXPECT_THAT(CheckEvaluationVote({1, 2, EvaluationRating::kExcellent}, group, policy), IsEmpty());
  std::vector<Finding> findings =
      CheckEvaluationVote({3, 1, EvaluationRating::kQualified}, group, policy);
  ASSERT_THAT(Codes(findings), ElementsAre("EVALUATION_PROBATIONARY_VOTE"));
  EXPECT_EQ(findings[0].article, "第七条");
  EXPECT_EQ(findings[0].basis, "PARTY_CONSTITUTION");
  EXPECT_THAT(FormatViolation(findings[0]),
              HasSubstr("EVALUATION_PROBATIONARY_VOTE (党章第七条): "));
  EXPECT_THAT(findings[0].message, HasSubstr("本委政策（第4版）"));
}

TEST(EvaluationTest, OneFormalAndTwoProbationaryMembersCompleteUnderTheDefaultPolicy) {
  // A legal group (第一条: 3 members, 1 formal) whose formal member can only be evaluated by
  // probationary members.
  const Group group = MakeGroup(1, 2);
  EvaluationCampaign campaign;
  campaign.deadline = absl::CivilDay(2024, 12, 31);
  campaign.self_evaluated_ids = {1, 2, 3};
  campaign.party_spirit_ids = {1, 2, 3};
  campaign.mutual = {{2, 1, EvaluationRating::kExcellent},
                     {3, 2, EvaluationRating::kQualified},
                     {1, 3, EvaluationRating::kQualified}};
  for (const MutualEvaluation& vote : campaign.mutual) {
    EXPECT_THAT(CheckEvaluationVote(vote, group, Policy{}), IsEmpty());
  }
  EXPECT_THAT(MissingEvaluationParts(campaign, group, Policy{}), IsEmpty());
  EXPECT_THAT(CheckEvaluationCampaign(campaign, group, absl::CivilDay(2025, 1, 2), Policy{}),
              IsEmpty());

  // Under a policy without probationary votes, their votes are refused and the lone formal
  // member owes no mutual evaluation no one may give.
  Policy no_votes;
  no_votes.probationary_members_in_mutual_evaluation = false;
  EXPECT_THAT(Codes(CheckEvaluationVote(campaign.mutual[0], group, no_votes)),
              ElementsAre("EVALUATION_PROBATIONARY_VOTE"));
  campaign.mutual = {{1, 2, EvaluationRating::kQualified}, {1, 3, EvaluationRating::kQualified}};
  EXPECT_THAT(MissingEvaluationParts(campaign, group, no_votes), IsEmpty());
  // Under the default policy the same votes leave the formal member unevaluated.
  std::vector<EvaluationGap> gaps = MissingEvaluationParts(campaign, group, Policy{});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].member_id, 1);
  EXPECT_THAT(gaps[0].missing, ElementsAre("党员互评"));
}

TEST(EvaluationTest, AfterTheDeadlineMissingPartsAndReportAreFindings) {
  const Group group = MakeGroup(3);
  EvaluationCampaign campaign;
  campaign.id = 5;
  campaign.opened_on = absl::CivilDay(2024, 12, 1);
  campaign.deadline = absl::CivilDay(2024, 12, 31);
  campaign.self_evaluated_ids = {1, 2, 3};
  campaign.party_spirit_ids = {1, 2};
  campaign.mutual = {{1, 2, EvaluationRating::kExcellent},
                     {2, 1, EvaluationRating::kQualified},
                     {2, 3, EvaluationRating::kQualified}};
  // Still open: nothing yet.
  EXPECT_THAT(CheckEvaluationCampaign(campaign, group, absl::CivilDay(2024, 12, 31), Policy{}),
              IsEmpty());
  std::vector<Finding> findings =
      CheckEvaluationCampaign(campaign, group, absl::CivilDay(2025, 1, 1), Policy{});
  ASSERT_THAT(Codes(findings), ElementsAre("EVALUATION_INCOMPLETE"));
  EXPECT_EQ(findings[0].subject.id, "3");
  EXPECT_EQ(EvidenceValue(findings[0], "missing"), "党性分析");
  // Not reported 15 days after the deadline.
  EXPECT_THAT(
      Codes(CheckEvaluationCampaign(campaign, group, absl::CivilDay(2025, 1, 16), Policy{})),
      ElementsAre("EVALUATION_INCOMPLETE", "EVALUATION_NOT_REPORTED"));
}

TEST(ThemeDayTest, ConsentMustComeBeforeTheDay) {
  const Group group = MakeGroup(3);
  ThemeDay day{9, 100, ThemeDayKind::kVolunteer, ShanghaiTime(2024, 5, 1),
               ShanghaiTime(2024, 5, 5), {}};
  EXPECT_THAT(CheckThemeDayHeld(day, group), IsEmpty());
  day.consent_at = ShanghaiTime(2024, 5, 6);  // approved after it was held
  std::vector<Finding> findings = CheckThemeDayHeld(day, group);
  ASSERT_THAT(Codes(findings), ElementsAre("THEMEDAY_NOT_APPROVED"));
  EXPECT_EQ(findings[0].article, "第九条");
  EXPECT_THAT(findings[0].message, HasSubstr("之前"));
  day.consent_at.reset();
  EXPECT_THAT(Codes(CheckThemeDayHeld(day, group)), ElementsAre("THEMEDAY_NOT_APPROVED"));
}

TEST(TaskTest, PastDueAndUncheckedIsOverdue) {
  const Group group = MakeGroup(3);
  const absl::Time due = ShanghaiTime(2024, 6, 30, 18);
  std::vector<Task> tasks = {{1, "走访联系群众", due, std::nullopt},
                             {2, "整理学习笔记", due, due - absl::Hours(1)},
                             {3, "志愿服务", due, due + absl::Hours(1)}};
  // At the deadline nothing is overdue yet (task 3 is only checked an hour later).
  EXPECT_THAT(CheckTasks({tasks[0], tasks[1]}, group, due), IsEmpty());
  std::vector<Finding> findings = CheckTasks(tasks, group, due + absl::Seconds(1));
  ASSERT_THAT(Codes(findings), ElementsAre("TASK_OVERDUE", "TASK_OVERDUE"));
  EXPECT_EQ(findings[0].subject.id, "1");
  EXPECT_EQ(findings[1].subject.id, "3");  // checked, but late
  EXPECT_EQ(findings[0].article, "第十二条");
}

TEST(OpinionTest, OpinionsReachTheBranchInTime) {
  const Group group = MakeGroup(3);
  const absl::Time received = ShanghaiTime(2024, 6, 1);
  std::vector<Opinion> opinions = {{1, received, received + absl::Hours(24 * 10)},
                                   {2, received, std::nullopt}};
  EXPECT_THAT(CheckOpinions(opinions, group, received + absl::Hours(24 * 30), Policy{}), IsEmpty());
  std::vector<Finding> findings =
      CheckOpinions(opinions, group, received + absl::Hours(24 * 30) + absl::Seconds(1), Policy{});
  ASSERT_THAT(Codes(findings), ElementsAre("OPINION_NOT_REPORTED"));
  EXPECT_EQ(findings[0].article, "第四条");
}

}  // namespace
}  // namespace partygroup::rules

namespace partygroup::rules {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(MeetingStepTest, EachStepOnlyFromTheOneBefore) {
  EXPECT_THAT(RequireMeetingStep(3, MeetingStep::kApproved, MeetingStep::kApproved, "a notice"),
              IsOk());
  // Not approved: the branch's consent is missing (会前请示，党支部同意).
  EXPECT_THAT(RequireMeetingStep(3, MeetingStep::kRequested, MeetingStep::kApproved, "a notice"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("a notice needs a APPROVED meeting"),
                             HasSubstr("MEETING_NOT_REQUESTED (第五条)"))));
  EXPECT_THAT(RequireMeetingStep(3, MeetingStep::kRejected, MeetingStep::kNotified, "recording"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("MEETING_NOT_REQUESTED")));
  // Approved but never notified: 会前须将议题通知全体党员.
  EXPECT_THAT(RequireMeetingStep(3, MeetingStep::kApproved, MeetingStep::kNotified, "recording"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("MEETING_NO_NOTICE")));
  // Archived: read-only, corrections are amendments.
  EXPECT_THAT(
      RequireMeetingStep(3, MeetingStep::kArchived, MeetingStep::kHeld, "archiving"),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("group meeting 3 is archived"), HasSubstr("AmendGroupMeeting"))));
  EXPECT_THAT(
      RequireMeetingStep(3, MeetingStep::kHeld, MeetingStep::kApproved, "a review"),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("第五条: the meeting is HELD")));
}

TEST(MeetingStepTest, OnlyTheRecordOfAHeldMeetingIsAmended) {
  EXPECT_THAT(RequireAmendable(MeetingStep::kHeld), IsOk());
  EXPECT_THAT(RequireAmendable(MeetingStep::kArchived), IsOk());
  EXPECT_THAT(RequireAmendable(MeetingStep::kNotified),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("会议应当做好记录")));
}

TEST(MeetingStepTest, APastMeetingKeepsRequestApprovalNoticeInOrder) {
  const absl::Time requested = absl::FromUnixSeconds(1'700'000'000);
  EXPECT_THAT(CheckPastMeetingOrder(requested, requested, requested), IsOk());
  EXPECT_THAT(
      CheckPastMeetingOrder(requested, requested + absl::Hours(1), requested + absl::Hours(2)),
      IsOk());
  EXPECT_THAT(CheckPastMeetingOrder(requested, requested - absl::Seconds(1), requested),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("MEETING_NOT_REQUESTED")));
  EXPECT_THAT(CheckPastMeetingOrder(requested, requested + absl::Hours(1), requested),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("第五条")));
}

}  // namespace
}  // namespace partygroup::rules
