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

TEST(CatalogueTest, FindingsTakeTheirArticleFromTheCatalogue) {
  Finding finding = MakeFinding(kGroupTooSmall, Severity::kViolation, {"group", "1", "甲"}, "x");
  EXPECT_EQ(finding.article, "第一条");
  EXPECT_EQ(FormatViolation(finding), "GROUP_TOO_SMALL (第一条): x");
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
