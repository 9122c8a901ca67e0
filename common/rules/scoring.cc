#include "common/rules/scoring.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/rules/catalogue.h"

namespace partygroup::rules {
namespace {

constexpr int64_t kFull = 10000;  // 100 points in hundredths

int64_t DivideRoundingHalfUp(int64_t numerator, int64_t denominator) {
  return (2 * numerator + denominator) / (2 * denominator);
}

std::string Field(size_t index, absl::string_view name) {
  return absl::StrCat("indicators[", index, "].", name);
}

std::vector<std::string> EvidenceOf(const Indicator& indicator,
                                    const std::vector<Finding>& findings, int* count) {
  std::vector<std::string> evidence;
  *count = 0;
  for (const Finding& finding : findings) {
    if (std::find(indicator.finding_codes.begin(), indicator.finding_codes.end(), finding.code) ==
        indicator.finding_codes.end()) {
      continue;
    }
    ++*count;
    evidence.push_back(absl::StrCat(finding.code, "（", finding.article, "）：", finding.message));
  }
  return evidence;
}

}  // namespace

absl::Status ValidateRubric(const Rubric& rubric) {
  if (rubric.version.empty()) return absl::InvalidArgumentError("version: must not be empty");
  if (rubric.indicators.empty()) {
    return absl::InvalidArgumentError("indicators: a rubric needs at least one indicator");
  }
  std::set<std::string> ids;
  int total_weight = 0;
  for (size_t i = 0; i < rubric.indicators.size(); ++i) {
    const Indicator& indicator = rubric.indicators[i];
    if (indicator.id.empty()) return absl::InvalidArgumentError(Field(i, "id: must not be empty"));
    if (!ids.insert(indicator.id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(Field(i, "id"), ": duplicate id ", indicator.id));
    }
    if (indicator.name.empty()) {
      return absl::InvalidArgumentError(Field(i, "name: must not be empty"));
    }
    if (indicator.weight <= 0 || indicator.weight > 100) {
      return absl::InvalidArgumentError(Field(i, "weight: must be between 1 and 100"));
    }
    total_weight += indicator.weight;
    for (const std::string& code : indicator.finding_codes) {
      if (FindRule(code) == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat(Field(i, "finding_codes"), ": unknown rule ", code));
      }
    }
    switch (indicator.kind) {
      case IndicatorKind::kRate:
        if (indicator.rate.empty()) {
          return absl::InvalidArgumentError(Field(i, "rate: a rate indicator names its rate"));
        }
        break;
      case IndicatorKind::kFindingPenalty:
        if (indicator.finding_codes.empty()) {
          return absl::InvalidArgumentError(
              Field(i, "finding_codes: a penalty indicator names the rules it counts"));
        }
        if (indicator.penalty_per_finding <= 0 || indicator.penalty_per_finding > 100) {
          return absl::InvalidArgumentError(
              Field(i, "penalty_per_finding: must be between 1 and 100"));
        }
        break;
      case IndicatorKind::kManual:
        if (indicator.manual_input.empty()) {
          return absl::InvalidArgumentError(
              Field(i, "manual_input: a manual indicator names its input"));
        }
        break;
    }
  }
  if (total_weight != 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("indicators: weights must sum to 100, not ", total_weight));
  }
  if (rubric.bands.empty()) return absl::InvalidArgumentError("bands: must not be empty");
  for (size_t i = 0; i < rubric.bands.size(); ++i) {
    const GradeBand& band = rubric.bands[i];
    if (band.grade.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("bands[", i, "].grade: must not be empty"));
    }
    if (band.min_score < 0 || band.min_score > 100 ||
        (i > 0 && band.min_score >= rubric.bands[i - 1].min_score)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "bands[", i, "].min_score: bands run from the highest minimum down, within 0-100"));
    }
  }
  if (rubric.bands.back().min_score != 0) {
    return absl::InvalidArgumentError("bands: the last band must start at 0");
  }
  return absl::OkStatus();
}

absl::StatusOr<ScoreResult> Score(const Rubric& rubric, const ScoringInput& input) {
  if (absl::Status valid = ValidateRubric(rubric); !valid.ok()) return valid;
  ScoreResult result;
  int64_t weighted = 0;
  for (const Indicator& indicator : rubric.indicators) {
    IndicatorScore score;
    score.id = indicator.id;
    score.name = indicator.name;
    score.weight = indicator.weight;
    score.articles = indicator.articles;
    int count = 0;
    score.evidence = EvidenceOf(indicator, input.findings, &count);
    switch (indicator.kind) {
      case IndicatorKind::kRate: {
        auto it = input.rates.find(indicator.rate);
        const Rate rate = it == input.rates.end() ? Rate{} : it->second;
        if (rate.denominator <= 0) {
          score.score_centi = kFull;
          score.evidence.insert(score.evidence.begin(), "不适用（无应达项）");
        } else {
          const int64_t numerator = std::clamp<int64_t>(rate.numerator, 0, rate.denominator);
          score.score_centi = DivideRoundingHalfUp(numerator * kFull, rate.denominator);
          score.evidence.insert(score.evidence.begin(),
                                absl::StrFormat("达成 %d/%d", numerator, rate.denominator));
        }
        break;
      }
      case IndicatorKind::kFindingPenalty:
        score.score_centi = std::max<int64_t>(
            0, kFull - static_cast<int64_t>(indicator.penalty_per_finding) * 100 * count);
        break;
      case IndicatorKind::kManual: {
        auto it = input.manual_centi.find(indicator.manual_input);
        if (it == input.manual_centi.end()) {
          return absl::FailedPreconditionError(
              absl::StrCat("manual rating ", indicator.manual_input, " for indicator ",
                           indicator.id, " has not been entered"));
        }
        if (it->second < 0 || it->second > kFull) {
          return absl::FailedPreconditionError(absl::StrCat(
              "manual rating ", indicator.manual_input, " must be between 0 and 100 points"));
        }
        score.score_centi = it->second;
        break;
      }
    }
    weighted += score.score_centi * indicator.weight;
    result.breakdown.push_back(std::move(score));
  }
  result.score_centi = DivideRoundingHalfUp(weighted, 100);
  for (const GradeBand& band : rubric.bands) {
    if (result.score_centi >= static_cast<int64_t>(band.min_score) * 100) {
      result.grade = band.grade;
      break;
    }
  }
  return result;
}

std::map<std::string, Rate> GroupRates(const GroupMetrics& metrics) {
  return {
      {"meetings", {metrics.meeting_months_met, metrics.meeting_months_due}},
      {"talks", {metrics.talk_members_covered, metrics.talk_members_due}},
      {"dues", {metrics.dues_months_paid, metrics.dues_months_due}},
      {"cadre_attendance", {metrics.cadre_meetings_attended, metrics.cadre_meetings_due}},
  };
}

absl::StatusOr<int64_t> VoteScoreCenti(const Votes& votes) {
  if (votes.good < 0 || votes.fairly_good < 0 || votes.average < 0 || votes.poor < 0) {
    return absl::InvalidArgumentError("votes: counts must not be negative");
  }
  const int64_t total = votes.good + votes.fairly_good + votes.average + votes.poor;
  if (total == 0) return absl::InvalidArgumentError("votes: no votes were cast");
  const int64_t points = votes.good * 100 + votes.fairly_good * 80 + votes.average * 60;
  return DivideRoundingHalfUp(points * 100, total);
}

int64_t DualReviewCenti(int64_t party_building_centi, int64_t business_centi) {
  return DivideRoundingHalfUp(party_building_centi + business_centi, 2);
}

std::set<std::string> CitedCodes(const Rubric& rubric) {
  std::set<std::string> codes;
  for (const Indicator& indicator : rubric.indicators) {
    codes.insert(indicator.finding_codes.begin(), indicator.finding_codes.end());
  }
  return codes;
}

Rate GroupScoresRate(int64_t sum_centi, int64_t groups, bool should_have_groups) {
  if (groups == 0) return should_have_groups ? Rate{0, 1} : Rate{0, 0};
  return Rate{sum_centi, groups * kFull};
}

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

// The group keeps only what the group does: leader training is the unit's (第十四条: 部门单位
// 党组（党委）……加强党小组组长教育培训) and scored on the unit's rubric alone; a month paid late
// is cited beside the unpaid ones, and a rectification item left undone counts with the rest of
// the org-life meeting's follow-up (第六条 抓好落实); a member long absent is cited beside the
// months without a meeting (第四条（三）).
Rubric DefaultGroupRubric() {
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

Rubric DefaultBranchRubric() {
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

Rubric DefaultUnitRubric() {
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

std::string FormatScore(int64_t score_centi) {
  return absl::StrFormat("%d.%02d", score_centi / 100, score_centi % 100);
}

}  // namespace partygroup::rules
