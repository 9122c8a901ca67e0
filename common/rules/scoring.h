// The scoring engine: a rubric applied to a subject's findings, rates and manual ratings gives a
// score from 0 to 100, a grade, and a breakdown per indicator naming its evidence and articles.
//
// Arithmetic is integer, in hundredths of a point, so the same inputs give the same output on
// every machine. A rubric is data: indicators with integer weights summing to 100, and grade
// bands; the defaults below map each indicator to the articles it comes from.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/rules/finding.h"
#include "common/rules/period.h"

namespace partygroup::rules {

enum class IndicatorKind {
  kRate,            // score = numerator / denominator of a named rate; full marks when 0/0
  kFindingPenalty,  // score = 100 - penalty_per_finding × the findings of finding_codes, ≥ 0
  kManual,          // score = a manual rating (0-100) named manual_input
};

struct Indicator {
  std::string id;    // stable: "monthly_meetings"
  std::string name;  // Chinese: "党小组会"
  int weight = 0;
  std::vector<std::string> articles;
  IndicatorKind kind = IndicatorKind::kRate;
  std::string rate;                        // kRate
  std::vector<std::string> finding_codes;  // kFindingPenalty counts them; kRate cites them
  int penalty_per_finding = 0;             // kFindingPenalty, in points
  std::string manual_input;                // kManual
};

struct GradeBand {
  std::string grade;  // 好, 较好, 一般, 差
  int min_score = 0;  // points, 0-100; the bands run from the highest down to 0
};

struct Rubric {
  std::string version;
  std::vector<Indicator> indicators;
  std::vector<GradeBand> bands;
};

struct Rate {
  int64_t numerator = 0;
  int64_t denominator = 0;
};

struct ScoringInput {
  std::vector<Finding> findings;
  std::map<std::string, Rate> rates;
  // Manual ratings in hundredths of a point (0-10000), for instance VoteScore() of 述职评议.
  std::map<std::string, int64_t> manual_centi;
};

struct IndicatorScore {
  std::string id;
  std::string name;
  int weight = 0;
  int64_t score_centi = 0;  // 0-10000
  std::vector<std::string> articles;
  std::vector<std::string> evidence;  // what fell short, in Chinese
};

struct ScoreResult {
  int64_t score_centi = 0;  // 0-10000: 87.25 points is 8725
  std::string grade;
  std::vector<IndicatorScore> breakdown;
};

// INVALID_ARGUMENT naming the field when the rubric is malformed: weights not positive or not
// summing to 100, duplicate ids, unknown finding codes, bands not descending to 0, ...
absl::Status ValidateRubric(const Rubric& rubric);

// INVALID_ARGUMENT for an invalid rubric; FAILED_PRECONDITION when a manual rating the rubric
// needs is missing or out of range.
absl::StatusOr<ScoreResult> Score(const Rubric& rubric, const ScoringInput& input);

// The rates a group's period metrics give: meetings, talks, dues, cadre_attendance.
std::map<std::string, Rate> GroupRates(const GroupMetrics& metrics);

// 述职评议 votes: 好 / 较好 / 一般 / 差 counts, scored 100 / 80 / 60 / 0 points on average.
struct Votes {
  int64_t good = 0;
  int64_t fairly_good = 0;
  int64_t average = 0;
  int64_t poor = 0;
};
// INVALID_ARGUMENT for negative counts or no votes at all.
absl::StatusOr<int64_t> VoteScoreCenti(const Votes& votes);

// 双述双评 (第十四条): the branch secretary's two reports, on party building and on business work,
// each scored by its votes; the review is their mean, in hundredths of a point, half up.
int64_t DualReviewCenti(int64_t party_building_centi, int64_t business_centi);

// The finding codes the rubric's indicators count or cite: only findings of these codes move a
// score or appear in its evidence, so a branch or unit keeps only these of its groups' findings.
std::set<std::string> CitedCodes(const Rubric& rubric);

// 第十三条, 第十四条: the groups indicator of a branch or unit, the mean of its groups' scores as
// a rate in hundredths of a point. Without groups: nothing earned when it should have them
// (应建尽建, 第一条), not judged (0/0, full marks) when it is too small to need them.
Rate GroupScoresRate(int64_t sum_centi, int64_t groups, bool should_have_groups);

// The default rubrics derived from the regulation.
Rubric DefaultGroupRubric();  // a group's year: loudi-2023-8/group/v2
// The first default for groups, kept as it was for the cycles that pinned it: it charged leader
// training, which 第十四条 puts on the unit's 党组（党委）, to the group as well.
Rubric GroupRubricV1();
Rubric
DefaultBranchRubric();  // a branch secretary's 双述双评: groups 25, setup 15, votes 30, dual 30
Rubric DefaultUnitRubric();  // a unit secretary's 述职评议考核

// "87.25"
std::string FormatScore(int64_t score_centi);

}  // namespace partygroup::rules
