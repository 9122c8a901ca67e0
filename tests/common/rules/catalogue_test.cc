#include "common/rules/catalogue.h"

#include <set>
#include <string>

#include "absl/strings/match.h"
#include "common/rules/finding.h"
#include "gtest/gtest.h"

namespace partygroup::rules {
namespace {

TEST(CatalogueTest, EveryArticleThatAsksForSomethingHasARule) {
  // 第三条 states the group's role in general terms; 第十五条 and 第十六条 are final provisions.
  for (const char* article : {"第一条", "第二条", "第四条", "第五条", "第六条", "第七条", "第八条",
                              "第九条", "第十条", "第十一条", "第十二条", "第十三条", "第十四条"}) {
    bool found = false;
    for (const RuleInfo& rule : Catalogue()) {
      if (absl::StrContains(rule.article, article)) found = true;
    }
    EXPECT_TRUE(found) << article;
  }
}

TEST(CatalogueTest, CodesAreUniqueAndEveryRuleIsSummarised) {
  std::set<std::string> codes;
  for (const RuleInfo& rule : Catalogue()) {
    EXPECT_TRUE(codes.insert(std::string(rule.code)).second) << rule.code;
    EXPECT_TRUE(rule.violation || rule.finding) << rule.code;
    EXPECT_FALSE(rule.summary.empty()) << rule.code;
    EXPECT_TRUE(absl::StartsWith(rule.article, "第")) << rule.code;
    EXPECT_EQ(FindRule(rule.code), &rule);
  }
  EXPECT_EQ(FindRule("NO_SUCH_RULE"), nullptr);
}

TEST(CatalogueTest, FindingsTakeTheirArticleBasisAndSourceFromTheCatalogue) {
  Finding finding = MakeFinding(kGroupTooSmall, Severity::kViolation, {"group", "1", "甲"}, "x");
  EXPECT_EQ(finding.article, "第一条");
  EXPECT_EQ(finding.basis, "REGULATION");
  EXPECT_EQ(finding.source, "第一条");
  EXPECT_EQ(FormatViolation(finding), "GROUP_TOO_SMALL (第一条): x");
  // A refusal whose line the regulation does not draw cites where it is drawn.
  Finding vote =
      MakeFinding(kEvaluationProbationaryVote, Severity::kViolation, {"member", "3", "乙"}, "y");
  EXPECT_EQ(vote.article, "第七条");
  EXPECT_EQ(vote.basis, "PARTY_CONSTITUTION");
  EXPECT_EQ(FormatViolation(vote), "EVALUATION_PROBATIONARY_VOTE (党章第七条): y");
}

TEST(CatalogueTest, EveryRuleSaysWhereItsLineIsDrawn) {
  for (const RuleInfo& rule : Catalogue()) {
    EXPECT_FALSE(rule.source.empty()) << rule.code;
    EXPECT_FALSE(rule.source_text.empty()) << rule.code;
    switch (rule.basis) {
      case Basis::kRegulation:
        // The regulation's own words, at the article the rule checks.
        EXPECT_TRUE(absl::StartsWith(rule.source, "第")) << rule.code;
        break;
      case Basis::kPartyConstitution:
        EXPECT_TRUE(absl::StartsWith(rule.source, "党章第")) << rule.code;
        EXPECT_TRUE(absl::StrContains(rule.source_text, "《中国共产党章程》")) << rule.code;
        break;
      case Basis::kNationalRule:
        EXPECT_TRUE(absl::StrContains(rule.source_text, "《")) << rule.code;
        break;
      case Basis::kLocalPolicy:
        // A committee's number, said to be the committee's and read from a setting.
        EXPECT_EQ(rule.source, "本委政策") << rule.code;
        EXPECT_FALSE(rule.policy_settings.empty()) << rule.code;
        EXPECT_TRUE(absl::StrContains(rule.summary, "本委设定")) << rule.code;
        EXPECT_TRUE(absl::StrContains(rule.source_text, "由本委设定")) << rule.code;
        break;
    }
    // No number the committee sets is put in the regulation's mouth.
    EXPECT_FALSE(absl::StrContains(rule.summary, "30日内")) << rule.code;
    EXPECT_FALSE(absl::StrContains(rule.source_text, "应在30日内")) << rule.code;
  }
  EXPECT_EQ(FindRule(kDuesSixMonthsUnpaid)->source, "党章第九条");
  EXPECT_EQ(FindRule(kFilingOverdue)->basis, Basis::kLocalPolicy);
  EXPECT_EQ(FindRule(kTalkCoverage)->basis, Basis::kLocalPolicy);
  EXPECT_EQ(FindRule(kLeaderUntrained)->basis, Basis::kLocalPolicy);
  EXPECT_EQ(FindRule(kDuesUnpaid)->basis, Basis::kNationalRule);
}

TEST(CatalogueTest, OnlyViolationsRefuseAnAct) {
  const Finding small =
      MakeFinding(kGroupTooSmall, Severity::kViolation, {"group", "1", "甲"}, "a");
  const Finding formal =
      MakeFinding(kGroupNoFormalMember, Severity::kViolation, {"group", "1", "甲"}, "b");
  const Finding found =
      MakeFinding(kGroupWithoutLeader, Severity::kFinding, {"group", "1", "甲"}, "c");
  EXPECT_TRUE(RefuseViolations({found}).ok());
  const absl::Status refused = RefuseViolations({small, found, formal});
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(), "GROUP_TOO_SMALL (第一条): a; GROUP_NO_FORMAL_MEMBER (第一条): b");
}

}  // namespace
}  // namespace partygroup::rules
