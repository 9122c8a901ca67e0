#include "common/rules/default_rubrics.h"

#include <string>
#include <utility>
#include <vector>

#include "common/rules/catalogue.h"

namespace partygroup::rules {
namespace {

std::vector<GradeBand> DefaultBands() {
  return {{"好", 90}, {"较好", 80}, {"一般", 60}, {"差", 0}};
}

Indicator RateIndicator(std::string id, std::string name, int weight,
                        std::vector<std::string> articles, std::string rate,
                        std::vector<std::string> codes) {
  Indicator indicator;
  indicator.id = std::move(id);
  indicator.name = std::move(name);
  indicator.weight = weight;
  indicator.articles = std::move(articles);
  indicator.kind = IndicatorKind::kRate;
  indicator.rate = std::move(rate);
  indicator.finding_codes = std::move(codes);
  return indicator;
}

Indicator PenaltyIndicator(std::string id, std::string name, int weight,
                           std::vector<std::string> articles, std::vector<std::string> codes,
                           int penalty) {
  Indicator indicator;
  indicator.id = std::move(id);
  indicator.name = std::move(name);
  indicator.weight = weight;
  indicator.articles = std::move(articles);
  indicator.kind = IndicatorKind::kFindingPenalty;
  indicator.finding_codes = std::move(codes);
  indicator.penalty_per_finding = penalty;
  return indicator;
}

Indicator ManualIndicator(std::string id, std::string name, int weight,
                          std::vector<std::string> articles, std::string input) {
  Indicator indicator;
  indicator.id = std::move(id);
  indicator.name = std::move(name);
  indicator.weight = weight;
  indicator.articles = std::move(articles);
  indicator.kind = IndicatorKind::kManual;
  indicator.manual_input = std::move(input);
  return indicator;
}

std::string S(absl::string_view code) { return std::string(code); }

// 第一条, 第二条, 第十四条: the findings on a branch's own standing, counted where the branch is
// judged (its groups' scores never weigh them).
std::vector<std::string> BranchSetupCodes() {
  return {S(kBranchShouldHaveGroups), S(kBranchTooFewGroups), S(kCadreWithoutGroup),
          S(kFilingOverdue)};
}

}  // namespace

Rubric GroupRubricV1() {
  Rubric rubric;
  rubric.version = "loudi-2023-8/group/v1";
  rubric.indicators = {
      RateIndicator("monthly_meetings", "党小组会每月召开", 25, {"第五条"}, "meetings",
                    {S(kMonthlyMeetingMissing)}),
      RateIndicator("talks", "谈心谈话覆盖", 15, {"第八条"}, "talks", {S(kTalkCoverage)}),
      RateIndicator("dues", "党费收缴", 15, {"第四条", "第十二条"}, "dues",
                    {S(kDuesUnpaid), S(kDuesSixMonthsUnpaid)}),
      PenaltyIndicator(
          "org_life", "组织生活会与民主评议", 15, {"第六条", "第七条"},
          {S(kOrgLifeNoCriticism), S(kRectificationMissing), S(kRectificationNotReported),
           S(kEvaluationIncomplete), S(kEvaluationNotReported)},
          20),
      PenaltyIndicator("tasks", "任务落实与意见反映", 10, {"第四条", "第十二条"},
                       {S(kTaskOverdue), S(kOpinionNotReported)}, 20),
      PenaltyIndicator("leader", "组长配备、培训与年度报告", 10, {"第十条", "第十三条", "第十四条"},
                       {S(kGroupWithoutLeader), S(kLeaderUntrained), S(kAnnualReportMissing)}, 50),
      PenaltyIndicator("setup", "设置规范与备案", 5, {"第一条", "第二条"},
                       {S(kGroupTooSmall), S(kGroupNoFormalMember), S(kFilingOverdue)}, 50),
      RateIndicator("cadres", "党员领导干部带头参加", 5, {"第十四条"}, "cadre_attendance",
                    {S(kCadreAbsent)}),
  };
  rubric.bands = DefaultBands();
  return rubric;
}

// Leader training left the group: it is the unit's (第十四条: 部门单位党组（党委）……加强党小组组长
// 教育培训). A month paid late is cited beside the unpaid ones, a rectification item left undone
// counts with the rest of the org-life meeting's follow-up (第六条 抓好落实), and a member long
// absent is cited beside the months without a meeting (第四条（三）).
Rubric GroupRubricV2() {
  Rubric rubric = GroupRubricV1();
  rubric.version = "loudi-2023-8/group/v2";
  for (Indicator& indicator : rubric.indicators) {
    if (indicator.id == "leader") {
      indicator.name = "组长配备与年度报告";
      indicator.articles = {"第十条", "第十一条", "第十三条"};
      indicator.finding_codes = {S(kGroupWithoutLeader), S(kAnnualReportMissing)};
    }
    if (indicator.id == "dues") {
      indicator.finding_codes = {S(kDuesUnpaid), S(kDuesSixMonthsUnpaid), S(kDuesPaidLate)};
    }
    if (indicator.id == "org_life") indicator.finding_codes.push_back(S(kRectificationOverdue));
    if (indicator.id == "monthly_meetings") indicator.finding_codes.push_back(S(kMemberLongAbsent));
  }
  return rubric;
}

// The group keeps only what the group does. Its setup is its composition (第一条); the filing of
// its changes is the branch's act (第二条) and never a finding on the group. The leading cadres'
// part (第十四条 党员领导干部带头参加) is scored once, on the unit, whose cadres they are: its
// five points go to the group's setup.
Rubric DefaultGroupRubric() {
  Rubric rubric = GroupRubricV2();
  rubric.version = "loudi-2023-8/group/v3";
  std::vector<Indicator> kept;
  for (Indicator& indicator : rubric.indicators) {
    if (indicator.id == "cadres") continue;
    if (indicator.id == "setup") {
      indicator.name = "设置规范";
      indicator.weight = 10;
      indicator.articles = {"第一条"};
      indicator.finding_codes = {S(kGroupTooSmall), S(kGroupNoFormalMember)};
    }
    kept.push_back(std::move(indicator));
  }
  rubric.indicators = std::move(kept);
  return rubric;
}

Rubric BranchRubricV1() {
  Rubric rubric;
  rubric.version = "loudi-2023-8/branch/v1";
  rubric.indicators = {
      RateIndicator("groups", "所属党小组工作", 25, {"第十三条", "第十四条"}, "group_scores", {}),
      PenaltyIndicator("setup", "应建尽建与备案", 15, {"第一条", "第二条", "第十四条"},
                       {S(kBranchShouldHaveGroups), S(kFilingOverdue), S(kGroupWithoutLeader)}, 50),
      ManualIndicator("duty_review", "述职评议", 30, {"第十四条"}, "duty_review"),
      ManualIndicator("dual_review", "双述双评", 30, {"第十四条"}, "dual_review"),
  };
  rubric.bands = DefaultBands();
  return rubric;
}

// A group without a leader is weighed in that group's score, which the branch averages; the
// branch counts its own standing (应建尽建 for its size, cadres in groups, filings) and the share
// of its members in a group.
Rubric DefaultBranchRubric() {
  Rubric rubric;
  rubric.version = "loudi-2023-8/branch/v2";
  rubric.indicators = {
      RateIndicator("groups", "所属党小组工作", 25, {"第十三条", "第十四条"}, "group_scores", {}),
      PenaltyIndicator("setup", "应建尽建与备案", 10, {"第一条", "第二条", "第十四条"},
                       BranchSetupCodes(), 50),
      RateIndicator("members_grouped", "党员编入党小组", 5, {"第一条", "第十四条"},
                    "members_grouped", {S(kMemberWithoutGroup)}),
      ManualIndicator("duty_review", "述职评议", 30, {"第十四条"}, "duty_review"),
      ManualIndicator("dual_review", "双述双评", 30, {"第十四条"}, "dual_review"),
  };
  rubric.bands = DefaultBands();
  return rubric;
}

// 第十四条: 所属党组织书记抓基层党建述职评议考核 — a general branch's secretary reports on the
// branches under it; 双述双评 is for branch secretaries only.
Rubric DefaultGeneralBranchRubric() {
  Rubric rubric;
  rubric.version = "loudi-2023-8/general_branch/v1";
  rubric.indicators = {
      RateIndicator("groups", "所属党小组工作", 40, {"第十三条", "第十四条"}, "group_scores", {}),
      PenaltyIndicator("setup", "指导党支部应建尽建与备案", 10, {"第一条", "第二条", "第十四条"},
                       BranchSetupCodes(), 25),
      RateIndicator("members_grouped", "党员编入党小组", 10, {"第一条", "第十四条"},
                    "members_grouped", {S(kMemberWithoutGroup)}),
      ManualIndicator("duty_review", "书记抓基层党建述职评议", 40, {"第十四条"}, "duty_review"),
  };
  rubric.bands = DefaultBands();
  return rubric;
}

Rubric UnitRubricV1() {
  Rubric rubric;
  rubric.version = "loudi-2023-8/unit/v1";
  rubric.indicators = {
      RateIndicator("groups", "党小组工作质量", 30, {"第十四条"}, "group_scores", {}),
      PenaltyIndicator("setup", "应建尽建与备案", 10, {"第一条", "第二条", "第十四条"},
                       {S(kBranchShouldHaveGroups), S(kFilingOverdue)}, 25),
      RateIndicator("leader_training", "党小组组长教育培训", 10, {"第十四条"}, "leader_training",
                    {S(kLeaderUntrained)}),
      RateIndicator("cadres", "党员领导干部带头参加", 10, {"第十四条"}, "cadre_attendance",
                    {S(kCadreAbsent)}),
      ManualIndicator("duty_review", "书记抓基层党建述职评议", 40, {"第十四条"}, "duty_review"),
  };
  rubric.bands = DefaultBands();
  return rubric;
}

// 第十四条 puts on the unit: 指导督促党支部按照应建尽建原则完善党小组设置 (its branches' standing
// and their members in groups), 加强党小组组长教育培训, and its leading cadres' 带头参加.
Rubric DefaultUnitRubric() {
  Rubric rubric;
  rubric.version = "loudi-2023-8/unit/v2";
  rubric.indicators = {
      RateIndicator("groups", "党小组工作质量", 30, {"第十四条"}, "group_scores", {}),
      PenaltyIndicator("setup", "应建尽建与备案", 5, {"第一条", "第二条", "第十四条"},
                       BranchSetupCodes(), 25),
      RateIndicator("members_grouped", "党员编入党小组", 5, {"第一条", "第十四条"},
                    "members_grouped", {S(kMemberWithoutGroup)}),
      RateIndicator("leader_training", "党小组组长教育培训", 10, {"第十四条"}, "leader_training",
                    {S(kLeaderUntrained)}),
      RateIndicator("cadres", "党员领导干部带头参加", 10, {"第十四条"}, "cadre_attendance",
                    {S(kCadreAbsent)}),
      ManualIndicator("duty_review", "书记抓基层党建述职评议", 40, {"第十四条"}, "duty_review"),
  };
  rubric.bands = DefaultBands();
  return rubric;
}

}  // namespace partygroup::rules
