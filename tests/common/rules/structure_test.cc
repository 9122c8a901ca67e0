// 第一条, 第二条, 第十条, 第十一条, 第十三条.
#include "common/rules/structure.h"

#include "common/rules/catalogue.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/rules/rules_test_util.h"

namespace partygroup::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace ::partygroup::rules::testing;  // NOLINT: test builders

const BranchDecision kDecision = {absl::CivilDay(2024, 3, 1), "娄财党支〔2024〕3号"};

struct CompositionCase {
  const char* name;
  int formal;
  int probationary;
  std::vector<std::string> codes;
};

class CompositionTest : public ::testing::TestWithParam<CompositionCase> {};

TEST_P(CompositionTest, BranchDecisionIsRefusedBelowTheMinimums) {
  const CompositionCase& c = GetParam();
  std::vector<Finding> findings =
      CheckGroupDecision(GroupChangeKind::kAdjust, kDecision, MakeGroup(c.formal, c.probationary));
  EXPECT_EQ(Codes(findings), c.codes);
  for (const Finding& finding : findings) {
    EXPECT_EQ(finding.severity, Severity::kViolation);
    EXPECT_EQ(finding.article, "第一条");
    EXPECT_EQ(finding.group_id, 100);
    EXPECT_EQ(finding.branch_id, 10);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Article1, CompositionTest,
    ::testing::Values(
        CompositionCase{"three_formal", 3, 0, {}},
        CompositionCase{"two_formal", 2, 0, {"GROUP_TOO_SMALL"}},
        CompositionCase{"one_formal_two_probationary", 1, 2, {}},
        CompositionCase{"three_probationary", 0, 3, {"GROUP_NO_FORMAL_MEMBER"}},
        CompositionCase{"two_probationary", 0, 2, {"GROUP_TOO_SMALL", "GROUP_NO_FORMAL_MEMBER"}},
        CompositionCase{"empty", 0, 0, {"GROUP_TOO_SMALL", "GROUP_NO_FORMAL_MEMBER"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(GroupDecisionTest, RefusalTextCarriesCodeArticleAndTheNumbers) {
  std::vector<Finding> findings =
      CheckGroupDecision(GroupChangeKind::kAdjust, kDecision, MakeGroup(2));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(FormatViolation(findings[0]),
            "GROUP_TOO_SMALL (第一条): 党小组不少于3名党员，调整后为2名");
  EXPECT_EQ(EvidenceValue(findings[0], "members"), "2");
}

TEST(GroupDecisionTest, EveryChangeNeedsADecisionWithItsReference) {
  for (GroupChangeKind kind :
       {GroupChangeKind::kCreate, GroupChangeKind::kAdjust, GroupChangeKind::kDissolve}) {
    EXPECT_THAT(Codes(CheckGroupDecision(kind, std::nullopt, MakeGroup(3))),
                ElementsAre("GROUP_CHANGE_WITHOUT_DECISION"));
    BranchDecision no_reference = kDecision;
    no_reference.document_ref.clear();
    std::vector<Finding> findings = CheckGroupDecision(kind, no_reference, MakeGroup(3));
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].article, "第二条");
    EXPECT_THAT(CheckGroupDecision(kind, kDecision, MakeGroup(3)), IsEmpty());
  }
}

TEST(GroupDecisionTest, DissolvingDoesNotCheckTheCompositionLeftBehind) {
  EXPECT_THAT(CheckGroupDecision(GroupChangeKind::kDissolve, kDecision, MakeGroup(0)), IsEmpty());
}

TEST(GroupDecisionTest, TheRegulationsMinimumsAreNoPolicy) {
  // 第一条's 3 members and 1 formal member are the text's own: a finding cites 第一条 with its
  // basis the regulation.
  std::vector<Finding> findings =
      CheckGroupDecision(GroupChangeKind::kCreate, kDecision, MakeGroup(2));
  ASSERT_THAT(Codes(findings), ElementsAre("GROUP_TOO_SMALL"));
  EXPECT_EQ(findings[0].basis, "REGULATION");
  EXPECT_EQ(findings[0].source, "第一条");
  EXPECT_EQ(EvidenceValue(findings[0], "minimum"), "3");
}

TEST(DepartureTest, TransferOutThatLeavesAGroupShortIsAFindingNotARefusal) {
  std::vector<Finding> findings = CheckGroupAfterDeparture(MakeGroup(2));
  ASSERT_THAT(Codes(findings), ElementsAre("GROUP_TOO_SMALL"));
  EXPECT_EQ(findings[0].severity, Severity::kFinding);
  EXPECT_THAT(findings[0].message, HasSubstr("现有2名"));
  EXPECT_THAT(CheckGroupAfterDeparture(MakeGroup(3)), IsEmpty());
}

LeaderAppointment Appoint(int64_t member_id,
                          AppointmentMethod method = AppointmentMethod::kBranchDesignation,
                          std::string record = "娄财党支〔2024〕5号") {
  return LeaderAppointment{member_id, method, std::move(record), absl::CivilDay(2024, 4, 1)};
}

TEST(LeaderAppointmentTest, OnlyAFormalMemberOfTheGroupMayLead) {
  const Group group = MakeGroup(2, 1);  // members 1, 2 formal; 3 probationary
  EXPECT_THAT(CheckLeaderAppointment(Appoint(2), group), IsEmpty());
  std::vector<Finding> probationary = CheckLeaderAppointment(Appoint(3), group);
  ASSERT_THAT(Codes(probationary), ElementsAre("LEADER_NOT_FORMAL"));
  EXPECT_EQ(probationary[0].article, "第十条");
  EXPECT_EQ(probationary[0].subject.kind, "member");
  EXPECT_EQ(probationary[0].subject.id, "3");
  EXPECT_THAT(Codes(CheckLeaderAppointment(Appoint(99), group)),
              ElementsAre("LEADER_NOT_GROUP_MEMBER"));
}

TEST(LeaderAppointmentTest, MethodAndRecordAreRequired) {
  const Group group = MakeGroup(3);
  EXPECT_THAT(
      CheckLeaderAppointment(
          Appoint(2, AppointmentMethod::kMemberRecommendation, "第一党小组推荐会议记录"), group),
      IsEmpty());
  std::vector<Finding> unspecified =
      CheckLeaderAppointment(Appoint(2, AppointmentMethod::kUnspecified), group);
  ASSERT_THAT(Codes(unspecified), ElementsAre("LEADER_APPOINTMENT_METHOD"));
  EXPECT_EQ(unspecified[0].article, "第十一条");
  EXPECT_THAT(
      Codes(CheckLeaderAppointment(Appoint(2, AppointmentMethod::kBranchDesignation, ""), group)),
      ElementsAre("LEADER_APPOINTMENT_METHOD"));
}

TEST(AdmonitionTest, RecordsWhoWhenWhyAndByWhom) {
  const Group group = MakeGroup(3);
  Admonition complete{1, absl::CivilDay(2024, 6, 3), "连续两个月未召开党小组会", "张书记"};
  EXPECT_THAT(CheckAdmonition(complete, group), IsEmpty());
  Admonition bare{1, std::nullopt, "", ""};
  std::vector<Finding> findings = CheckAdmonition(bare, group);
  ASSERT_THAT(Codes(findings), ElementsAre("ADMONITION_INCOMPLETE"));
  EXPECT_EQ(findings[0].article, "第十三条");
  EXPECT_EQ(findings[0].evidence.size(), 3u);
  Admonition not_the_leader = complete;
  not_the_leader.leader_id = 2;
  EXPECT_THAT(Codes(CheckAdmonition(not_the_leader, group)), ElementsAre("ADMONITION_INCOMPLETE"));
}

TEST(LeaderReplacementTest, NeedsADecisionAndAnEligibleSuccessor) {
  const Group group = MakeGroup(2, 1);
  EXPECT_THAT(CheckLeaderReplacement(kDecision, Appoint(2), group), IsEmpty());
  EXPECT_THAT(Codes(CheckLeaderReplacement(std::nullopt, Appoint(3), group)),
              ElementsAre("LEADER_REPLACEMENT_WITHOUT_DECISION", "LEADER_NOT_FORMAL"));
}

}  // namespace
}  // namespace partygroup::rules

namespace partygroup::rules {
namespace {

TEST(TreeGrammarTest, EachKindSitsOnlyWhereTheTreeAllowsIt) {
  EXPECT_TRUE(MaySitUnder(NodeKind::kUnit, NodeKind::kCommittee));
  EXPECT_FALSE(MaySitUnder(NodeKind::kUnit, NodeKind::kUnit));
  EXPECT_TRUE(MaySitUnder(NodeKind::kGeneralBranch, NodeKind::kUnit));
  EXPECT_FALSE(MaySitUnder(NodeKind::kGeneralBranch, NodeKind::kCommittee));
  for (NodeKind parent : {NodeKind::kCommittee, NodeKind::kUnit, NodeKind::kGeneralBranch}) {
    EXPECT_TRUE(MaySitUnder(NodeKind::kBranch, parent));
  }
  EXPECT_FALSE(MaySitUnder(NodeKind::kBranch, NodeKind::kBranch));
  EXPECT_TRUE(MaySitUnder(NodeKind::kGroup, NodeKind::kBranch));
  EXPECT_FALSE(MaySitUnder(NodeKind::kGroup, NodeKind::kUnit));
  EXPECT_FALSE(MaySitUnder(NodeKind::kCommittee, NodeKind::kCommittee));
}

TEST(FilingDueTest, DueTheConfiguredDaysAfterTheDecision) {
  Policy config;
  EXPECT_EQ(FilingDueOn(absl::CivilDay(2026, 3, 2), config), absl::CivilDay(2026, 4, 1));
  config.filing_deadline_days = 15;
  EXPECT_EQ(FilingDueOn(absl::CivilDay(2026, 12, 20), config), absl::CivilDay(2027, 1, 4));
}

}  // namespace
}  // namespace partygroup::rules
