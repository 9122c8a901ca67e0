// The scoring engine: a rubric applied to a subject's findings, rates and manual ratings gives a
// score from 0 to 100, a grade, and a breakdown per indicator naming its evidence and articles.
//
// Arithmetic is integer, in hundredths of a point, so the same inputs give the same output on
// every machine. A rubric is data: indicators with integer weights summing to 100, and grade
// bands; the defaults below map each indicator to the articles it comes from.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/rules/finding.h"
#include "common/rules/model.h"
#include "common/rules/period.h"
#include "common/rules/policy.h"

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

// 述职评议 and 双述双评 (第十四条): the points a vote of each grade is worth. The regulation sets
// none; the defaults are the bands' own (好 100, 较好 80, 一般 60, 差 0).
struct VotePoints {
  int good = 100;
  int fairly_good = 80;
  int average = 60;
  int poor = 0;
};

// 双述双评: the branch secretary reports on party building and on the business work (双述) and
// each report is evaluated (双评); the review is their weighted mean, the weights summing to 100.
struct DualReviewWeights {
  int party_building = 50;
  int business = 50;
};

struct Rubric {
  std::string version;
  std::vector<Indicator> indicators;
  std::vector<GradeBand> bands;
  VotePoints vote_points;
  DualReviewWeights dual_review;
};

struct Rate {
  int64_t numerator = 0;
  int64_t denominator = 0;
};

struct ScoringInput {
  std::vector<Finding> findings;
  std::map<std::string, Rate> rates;
  // What is behind a rate, by rate name, in Chinese: the groups behind a branch's average.
  std::map<std::string, std::vector<std::string>> rate_evidence;
  // Manual ratings in hundredths of a point (0-10000), by input name (AddManualRatings below).
  std::map<std::string, int64_t> manual_centi;
  // What is behind a manual rating, by input name: the vote counts.
  std::map<std::string, std::vector<std::string>> manual_evidence;
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

// 述职评议 votes: the counts of 好 / 较好 / 一般 / 差.
struct Votes {
  int64_t good = 0;
  int64_t fairly_good = 0;
  int64_t average = 0;
  int64_t poor = 0;
};
// INVALID_ARGUMENT for negative counts or no votes at all.
absl::Status ValidateVotes(const Votes& votes);
// The mean of the votes' points under `points`, in hundredths of a point, half up;
// INVALID_ARGUMENT as ValidateVotes.
absl::StatusOr<int64_t> VoteScoreCenti(const Votes& votes, const VotePoints& points = {});

// 双述双评 (第十四条): the two reports' scores combined by `weights`, half up.
int64_t DualReviewCenti(int64_t party_building_centi, int64_t business_centi,
                        const DualReviewWeights& weights = {});

// The votes recorded for one secretary: 述职评议 (duty) and the two parts of 双述双评.
struct ReviewVotes {
  std::optional<Votes> duty;
  std::optional<Votes> party_building;
  std::optional<Votes> business;
};
// The manual ratings the votes give under the rubric's points and weights: duty_review, and
// dual_review once both its parts are in; each with its vote counts as evidence.
absl::Status AddManualRatings(const Rubric& rubric, const ReviewVotes& votes, ScoringInput& input);

// The finding codes the rubric's indicators count or cite: only findings of these codes move a
// score or appear in its evidence, so a branch or unit keeps only these of its groups' findings.
std::set<std::string> CitedCodes(const Rubric& rubric);

// 第十三条, 第十四条: the groups indicator of a branch or unit, the mean of its groups' scores as
// a rate in hundredths of a point. Without groups: nothing earned when it should have them
// (应建尽建, 第一条), not judged (0/0, full marks) when it is too small to need them.
Rate GroupScoresRate(int64_t sum_centi, int64_t groups, bool should_have_groups);

// The subjects a rubric scores: a group from its own year; a branch, a general branch (党总支)
// and a unit from their groups' scores and the findings on the branches under them.
enum class SubjectLevel { kGroup, kBranch, kGeneralBranch, kUnit };

// What a new rubric may score, beyond ValidateRubric's shape (rubrics stored before these
// checks load as they are): each finding code in one indicator only; only findings that can
// reach the subject (a group's findings reach the group and everything above it, a branch's own
// — 应建尽建, filings — the branch and what is above it; a rule that refuses the act when it is
// recorded is never a finding). INVALID_ARGUMENT naming the indicator.
absl::Status CheckRubricFindings(const Rubric& rubric, SubjectLevel level);

// No finding counted twice: a rubric above the groups that averages their scores (group_scores)
// does not count or cite again, in its other indicators, a code or a rate that the group rubric
// already scores. INVALID_ARGUMENT naming the indicator of `above`.
absl::Status CheckNotCountedTwice(const Rubric& group, const Rubric& above);

// "87.25"
std::string FormatScore(int64_t score_centi);

// 第一条, 第十四条: the members of a branch with groups who are in one of them, of all its
// members (on the day the branch was judged); not judged (0/0) for a branch without groups
// (BRANCH_SHOULD_HAVE_GROUPS says what is missing) or when the policy leaves members ungrouped.
Rate MembersGroupedRate(const Branch& branch, const Policy& policy);

}  // namespace partygroup::rules
