// The assessment's computation of a year as plain C++ (第十四条): a small city fed in as org and
// activity stream it, scored with the default rubrics, no database and no network.
#include "services/assessment/compute.h"

#include <string>
#include <vector>

#include "common/proto/convert.h"
#include "common/rules/catalogue.h"
#include "common/rules/default_rubrics.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace partygroup::assessment {
namespace {

using ::partygroup::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

const absl::TimeZone kShanghai = absl::FixedTimeZone(8 * 3600);

org::v1::StreamTreeResponse Node(int64_t id, int64_t parent, org::v1::NodeKind kind,
                                 const std::string& name, const std::string& path) {
  org::v1::StreamTreeResponse item;
  org::v1::Node* node = item.mutable_node();
  node->set_id(id);
  node->set_parent_id(parent);
  node->set_kind(kind);
  node->set_name(name);
  node->set_path(path);
  node->set_status(org::v1::NODE_STATUS_ACTIVE);
  return item;
}

// A member as org streams one with a period: in `branch` and `group` since 2024, still there.
org::v1::Member Member(int64_t id, int64_t branch, int64_t group) {
  org::v1::Member member;
  member.set_id(id);
  member.set_name("党员" + std::to_string(id));
  member.set_status(org::v1::MEMBER_STATUS_FORMAL);
  member.set_branch_id(branch);
  member.set_group_id(group);
  org::v1::MemberSpell* spell = member.add_spells();
  spell->set_branch_id(branch);
  spell->set_group_id(group);
  *spell->mutable_from_day() = proto::ToDate(absl::CivilDay(2024, 1, 1));
  spell->set_status(org::v1::MEMBER_STATUS_FORMAL);
  return member;
}

Rubrics Defaults() {
  return {rules::DefaultGroupRubric(), rules::DefaultBranchRubric(),
          rules::DefaultGeneralBranchRubric(), rules::DefaultUnitRubric()};
}

std::vector<std::string> Codes(const v1::Result& result) {
  std::vector<std::string> codes;
  for (const auto& finding : result.findings()) codes.push_back(finding.code());
  return codes;
}

// The committee (1) with a unit (2): branch 3 with group 4 (members 10-12, 10 leads) and
// branch 5 of 25 members without a group. 2025 judged at its end; nothing recorded.
class ComputationTest : public ::testing::Test {
 protected:
  ComputationTest()
      : computation_(2025, Defaults(), {}, absl::FromCivil(absl::CivilDay(2026, 1, 1), kShanghai),
                     kShanghai,
                     [this](v1::Result result) { groups_.push_back(std::move(result)); }) {
    computation_.AddNode(Node(1, 0, org::v1::NODE_KIND_COMMITTEE, "市直机关工委", "/1/"));
    computation_.AddNode(Node(2, 1, org::v1::NODE_KIND_UNIT, "市审计局党组", "/1/2/"));
    computation_.AddNode(Node(3, 2, org::v1::NODE_KIND_BRANCH, "机关第一党支部", "/1/2/3/"));
    org::v1::StreamTreeResponse group =
        Node(4, 3, org::v1::NODE_KIND_GROUP, "第一党小组", "/1/2/3/4/");
    group.mutable_leader()->set_group_id(4);
    group.mutable_leader()->set_member_id(10);
    *group.mutable_leader()->mutable_appointed_on() = proto::ToDate(absl::CivilDay(2024, 1, 1));
    *group.add_leader_terms() = group.leader();
    *group.mutable_node()->mutable_created_on() = proto::ToDate(absl::CivilDay(2024, 1, 1));
    computation_.AddNode(group);
    computation_.AddNode(Node(5, 2, org::v1::NODE_KIND_BRANCH, "机关第二党支部", "/1/2/5/"));
    for (int64_t id : {10, 11, 12}) computation_.AddMember(Member(id, 3, 4));
    for (int64_t id = 100; id < 125; ++id) computation_.AddMember(Member(id, 5, 0));
  }

  // Finishes the computation; the branches' and units' results in the order handed out.
  std::vector<v1::Result> Finish(const SubjectVotes& manual = {}) {
    std::vector<v1::Result> scored;
    EXPECT_THAT(computation_.Finish(
                    manual, [&](ComputedResult r) { scored.push_back(std::move(r.result)); }),
                IsOk());
    return scored;
  }

  Computation computation_;
  std::vector<v1::Result> groups_;
};

TEST_F(ComputationTest, AGroupThatRecordedNothingIsScoredWithEveryMonthMissing) {
  EXPECT_THAT(Finish(), Not(IsEmpty()));
  ASSERT_EQ(groups_.size(), 1u);
  const v1::Result& group = groups_[0];
  EXPECT_EQ(group.subject_kind(), v1::SUBJECT_KIND_GROUP);
  EXPECT_EQ(group.subject_id(), 4);
  EXPECT_EQ(group.unit_id(), 2);
  EXPECT_EQ(group.branch_id(), 3);
  EXPECT_TRUE(group.complete());  // a group's rubric asks for no votes
  EXPECT_THAT(Codes(group), ::testing::Contains(std::string(rules::kMonthlyMeetingMissing)));
  EXPECT_LT(group.score_centi(), 6000);  // a year without a meeting is not passed
  EXPECT_FALSE(group.grade().empty());
}

TEST_F(ComputationTest, BranchesThenUnitsEachByIdWaitingForTheirVotes) {
  const std::vector<v1::Result> scored = Finish();
  std::vector<int64_t> ids;
  for (const v1::Result& r : scored) ids.push_back(r.subject_id());
  EXPECT_THAT(ids, ElementsAre(3, 5, 2));
  for (const v1::Result& r : scored) {
    EXPECT_FALSE(r.complete()) << r.subject_id();  // 述职评议 and 双述双评 not yet recorded
    EXPECT_THAT(r.missing_inputs(), Not(IsEmpty())) << r.subject_id();
    EXPECT_EQ(r.score_centi(), 0) << r.subject_id();
  }
}

TEST_F(ComputationTest, ABranchOfTwentyFiveMembersWithoutAGroupIsFoundShort) {
  const std::vector<v1::Result> scored = Finish();
  ASSERT_EQ(scored.size(), 3u);
  EXPECT_THAT(Codes(scored[1]), ::testing::Contains(std::string(rules::kBranchShouldHaveGroups)));
  EXPECT_THAT(Codes(scored[0]),
              Not(::testing::Contains(std::string(rules::kBranchShouldHaveGroups))));
}

TEST(ComputationOfAYearTest, TheBranchesAreCountedAsTheyStoodAtTheYearsEnd) {
  // Branch 5 had 25 members until 1 December 2025, when five moved to branch 3 (into no group);
  // a group of branch 5 (6) was dissolved on 1 November: at the end of the year branch 5 had 20
  // members and no group, branch 3 had 8 and its group.
  std::vector<v1::Result> groups;
  Computation computation(2025, Defaults(), {},
                          absl::FromCivil(absl::CivilDay(2026, 1, 1), kShanghai), kShanghai,
                          [&](v1::Result result) { groups.push_back(std::move(result)); });
  computation.AddNode(Node(1, 0, org::v1::NODE_KIND_COMMITTEE, "市直机关工委", "/1/"));
  computation.AddNode(Node(2, 1, org::v1::NODE_KIND_UNIT, "市审计局党组", "/1/2/"));
  computation.AddNode(Node(3, 2, org::v1::NODE_KIND_BRANCH, "机关第一党支部", "/1/2/3/"));
  computation.AddNode(Node(5, 2, org::v1::NODE_KIND_BRANCH, "机关第二党支部", "/1/2/5/"));
  org::v1::StreamTreeResponse dissolved =
      Node(6, 5, org::v1::NODE_KIND_GROUP, "撤销的党小组", "/1/2/5/6/");
  *dissolved.mutable_node()->mutable_created_on() = proto::ToDate(absl::CivilDay(2024, 1, 1));
  *dissolved.mutable_node()->mutable_dissolved_on() = proto::ToDate(absl::CivilDay(2025, 11, 1));
  dissolved.mutable_node()->set_status(org::v1::NODE_STATUS_DISSOLVED);
  computation.AddNode(dissolved);
  for (int64_t id = 100; id < 125; ++id) {
    org::v1::Member member = Member(id, 5, 0);
    if (id < 103) {  // in group 6 until it was dissolved
      org::v1::MemberSpell* in_group = member.mutable_spells(0);
      in_group->set_group_id(6);
      *in_group->mutable_until_day() = proto::ToDate(absl::CivilDay(2025, 11, 1));
      org::v1::MemberSpell* after = member.add_spells();
      after->set_branch_id(5);
      *after->mutable_from_day() = proto::ToDate(absl::CivilDay(2025, 11, 1));
      after->set_status(org::v1::MEMBER_STATUS_FORMAL);
    }
    if (id >= 120) {  // to branch 3 on 1 December
      org::v1::MemberSpell* last = member.mutable_spells(member.spells_size() - 1);
      *last->mutable_until_day() = proto::ToDate(absl::CivilDay(2025, 12, 1));
      org::v1::MemberSpell* moved = member.add_spells();
      moved->set_branch_id(3);
      *moved->mutable_from_day() = proto::ToDate(absl::CivilDay(2025, 12, 1));
      moved->set_status(org::v1::MEMBER_STATUS_FORMAL);
    }
    computation.AddMember(member);
  }
  std::vector<v1::Result> scored;
  ASSERT_THAT(computation.Finish({}, [&](ComputedResult r) { scored.push_back(r.result); }),
              IsOk());
  // The dissolved group is scored for its ten months (three members, their dues of January to
  // October) and appears in the cycle.
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].subject_id(), 6);
  int dues_months = 0;
  for (const auto& finding : groups[0].findings()) {
    if (finding.code() == rules::kDuesUnpaid) ++dues_months;
  }
  EXPECT_EQ(dues_months, 3 * 10);
  // Branch 5: 20 members at the year's end and no group standing: 应建尽建.
  ASSERT_EQ(scored.size(), 3u);
  EXPECT_EQ(scored[1].subject_id(), 5);
  bool short_of_groups = false;
  for (const auto& finding : scored[1].findings()) {
    if (finding.code() == rules::kBranchShouldHaveGroups) {
      short_of_groups = true;
      for (const auto& evidence : finding.evidence()) {
        if (evidence.name() == "members") {
          EXPECT_EQ(evidence.value(), "20");
        }
      }
    }
  }
  EXPECT_TRUE(short_of_groups);
}

std::vector<std::string> EvidenceOf(const v1::Result& result, const std::string& indicator) {
  for (const v1::IndicatorScore& score : result.breakdown()) {
    if (score.id() == indicator) return {score.evidence().begin(), score.evidence().end()};
  }
  return {};
}

TEST_F(ComputationTest, ABranchWithItsVotesIsCompleteAndGraded) {
  SubjectVotes votes;
  votes[3].duty = rules::Votes{9, 1, 0, 0};            // 98
  votes[3].party_building = rules::Votes{8, 2, 0, 0};  // 96
  votes[3].business = rules::Votes{6, 4, 0, 0};        // 92
  const std::vector<v1::Result> scored = Finish(votes);
  ASSERT_EQ(scored.size(), 3u);
  EXPECT_TRUE(scored[0].complete());
  EXPECT_THAT(scored[0].missing_inputs(), IsEmpty());
  EXPECT_GT(scored[0].score_centi(), 0);
  EXPECT_FALSE(scored[0].grade().empty());
  EXPECT_FALSE(scored[1].complete());  // branch 5 has no votes
  // The manual indicators show the votes behind them; the groups indicator the groups.
  EXPECT_THAT(EvidenceOf(scored[0], "duty_review"),
              ElementsAre("述职评议：好9 较好1 一般0 差0（每票100/80/60/0分），得98.00分"));
  EXPECT_THAT(EvidenceOf(scored[0], "dual_review"),
              ::testing::Contains(::testing::HasSubstr("业务述职：好6 较好4")));
  ASSERT_EQ(groups_.size(), 1u);
  EXPECT_THAT(
      EvidenceOf(scored[0], "groups"),
      ElementsAre(::testing::StartsWith("达成 "), "第一党小组：" + groups_[0].score() + "分"));
  for (const v1::IndicatorScore& score : scored[0].breakdown()) {
    if (score.id() == "duty_review") {
      EXPECT_EQ(score.score_centi(), 9800);
    }
    if (score.id() == "dual_review") {
      EXPECT_EQ(score.score_centi(), 9400);
    }
  }
}

// 第十四条 所属党组织书记: a general branch (党总支) is a subject of its own, scored from the
// groups of the branches under it and its secretary's 述职评议; the unit above counts its groups
// once, with the unit's own.
TEST(ComputationOfAYearTest, AGeneralBranchIsScoredFromTheBranchesUnderIt) {
  std::vector<v1::Result> groups;
  Computation computation(2025, Defaults(), {},
                          absl::FromCivil(absl::CivilDay(2026, 1, 1), kShanghai), kShanghai,
                          [&](v1::Result result) { groups.push_back(std::move(result)); });
  computation.AddNode(Node(1, 0, org::v1::NODE_KIND_COMMITTEE, "市直机关工委", "/1/"));
  computation.AddNode(Node(2, 1, org::v1::NODE_KIND_UNIT, "市教育局党委", "/1/2/"));
  computation.AddNode(Node(6, 2, org::v1::NODE_KIND_GENERAL_BRANCH, "机关党总支", "/1/2/6/"));
  computation.AddNode(Node(7, 6, org::v1::NODE_KIND_BRANCH, "机关第一党支部", "/1/2/6/7/"));
  org::v1::StreamTreeResponse group =
      Node(8, 7, org::v1::NODE_KIND_GROUP, "第一党小组", "/1/2/6/7/8/");
  *group.mutable_node()->mutable_created_on() = proto::ToDate(absl::CivilDay(2024, 1, 1));
  computation.AddNode(group);
  computation.AddNode(Node(9, 2, org::v1::NODE_KIND_BRANCH, "直属党支部", "/1/2/9/"));
  for (int64_t id : {10, 11, 12}) computation.AddMember(Member(id, 7, 8));
  computation.AddMember(Member(13, 7, 0));  // in branch 7, in none of its groups
  SubjectVotes votes;
  votes[6].duty = rules::Votes{3, 1, 0, 0};  // 95
  std::vector<v1::Result> scored;
  ASSERT_THAT(computation.Finish(votes, [&](ComputedResult r) { scored.push_back(r.result); }),
              IsOk());
  std::vector<std::pair<int, int64_t>> order;
  for (const v1::Result& r : scored) order.emplace_back(r.subject_kind(), r.subject_id());
  EXPECT_THAT(order, ElementsAre(std::pair<int, int64_t>{v1::SUBJECT_KIND_BRANCH, 7},
                                 std::pair<int, int64_t>{v1::SUBJECT_KIND_BRANCH, 9},
                                 std::pair<int, int64_t>{v1::SUBJECT_KIND_GENERAL_BRANCH, 6},
                                 std::pair<int, int64_t>{v1::SUBJECT_KIND_UNIT, 2}));
  const v1::Result& general = scored[2];
  EXPECT_EQ(general.rubric_version(), "loudi-2023-8/general_branch/v1");
  EXPECT_EQ(general.unit_id(), 2);
  EXPECT_TRUE(general.complete());
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_THAT(EvidenceOf(general, "groups"),
              ElementsAre("达成 " + std::to_string(groups[0].score_centi()) + "/10000",
                          "第一党小组：" + groups[0].score() + "分"));
  EXPECT_THAT(EvidenceOf(general, "members_grouped"),
              ElementsAre("达成 3/4", "机关第一党支部：3/4",
                          ::testing::StartsWith("MEMBER_WITHOUT_GROUP（第一条、第十四条）：")));
  EXPECT_THAT(Codes(general), ElementsAre(std::string(rules::kMemberWithoutGroup)));
  // 40 × group + 10 × setup + 10 × 3/4 + 40 × 95
  const int64_t expected =
      (groups[0].score_centi() * 40 + 10000 * 10 + 7500 * 10 + 9500 * 40 + 50) / 100;
  EXPECT_EQ(general.score_centi(), expected);
  // The unit counts the same group and member once.
  EXPECT_THAT(Codes(scored[3]), ElementsAre(std::string(rules::kMemberWithoutGroup)));
  EXPECT_THAT(EvidenceOf(scored[3], "groups"), ::testing::SizeIs(2));
}

TEST_F(ComputationTest, RecordsOfAGroupTheTreeLacksArePassedOver) {
  activity::v1::GroupPeriodRecords dissolved;
  dissolved.set_group_id(99);
  EXPECT_THAT(computation_.AddGroupRecords(dissolved), IsOk());
  EXPECT_THAT(groups_, IsEmpty());
  Finish();
  ASSERT_EQ(groups_.size(), 1u);
  EXPECT_EQ(groups_[0].subject_id(), 4);
}

TEST(ScoringInputTest, StoredBesideAResultAndReadBackTheSame) {
  rules::ScoringInput input;
  input.findings.push_back(rules::MakeFinding(rules::kBranchShouldHaveGroups,
                                              rules::Severity::kFinding,
                                              {"branch", "5", "机关第二党支部"}, "应当划分党小组"));
  input.rates["group_scores"] = {7500, 10000};
  input.rate_evidence["group_scores"] = {"第一党小组：75.00分"};
  const std::string json = InputToJson(input);
  ASSERT_OK_AND_ASSIGN(rules::ScoringInput back, InputFromJson(json));
  ASSERT_EQ(back.findings.size(), 1u);
  EXPECT_EQ(back.findings[0].code, rules::kBranchShouldHaveGroups);
  EXPECT_EQ(back.findings[0].article, input.findings[0].article);
  EXPECT_EQ(back.findings[0].subject, input.findings[0].subject);
  EXPECT_EQ(back.rate_evidence, input.rate_evidence);
  EXPECT_EQ(InputToJson(back), json);
}

}  // namespace
}  // namespace partygroup::assessment
