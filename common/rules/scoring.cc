#include "common/rules/scoring.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

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
  const VotePoints& points = rubric.vote_points;
  for (const auto& [name, value] : {std::pair<const char*, int>{"good", points.good},
                                    {"fairly_good", points.fairly_good},
                                    {"average", points.average},
                                    {"poor", points.poor}}) {
    if (value < 0 || value > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("vote_points.", name, ": must be between 0 and 100"));
    }
  }
  if (points.good < points.fairly_good || points.fairly_good < points.average ||
      points.average < points.poor) {
    return absl::InvalidArgumentError(
        "vote_points: 好 is worth at least 较好, 较好 at least 一般, 一般 at least 差");
  }
  const DualReviewWeights& dual = rubric.dual_review;
  if (dual.party_building < 0 || dual.business < 0 || dual.party_building + dual.business != 100) {
    return absl::InvalidArgumentError(
        "dual_review: the party-building and business weights are not negative and sum to 100");
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
        // What is behind the rate comes next to it, before the findings it cites.
        if (auto behind = input.rate_evidence.find(indicator.rate);
            behind != input.rate_evidence.end()) {
          score.evidence.insert(score.evidence.begin() + 1, behind->second.begin(),
                                behind->second.end());
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
        if (auto behind = input.manual_evidence.find(indicator.manual_input);
            behind != input.manual_evidence.end()) {
          score.evidence.insert(score.evidence.end(), behind->second.begin(), behind->second.end());
        }
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

absl::Status ValidateVotes(const Votes& votes) {
  if (votes.good < 0 || votes.fairly_good < 0 || votes.average < 0 || votes.poor < 0) {
    return absl::InvalidArgumentError("votes: counts must not be negative");
  }
  if (votes.good + votes.fairly_good + votes.average + votes.poor == 0) {
    return absl::InvalidArgumentError("votes: no votes were cast");
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> VoteScoreCenti(const Votes& votes, const VotePoints& points) {
  if (absl::Status valid = ValidateVotes(votes); !valid.ok()) return valid;
  const int64_t total = votes.good + votes.fairly_good + votes.average + votes.poor;
  const int64_t sum = votes.good * points.good + votes.fairly_good * points.fairly_good +
                      votes.average * points.average + votes.poor * points.poor;
  return DivideRoundingHalfUp(sum * 100, total);
}

int64_t DualReviewCenti(int64_t party_building_centi, int64_t business_centi,
                        const DualReviewWeights& weights) {
  return DivideRoundingHalfUp(
      party_building_centi * weights.party_building + business_centi * weights.business, 100);
}

namespace {

// "好12 较好3 一般1 差0（每票100/80/60/0分），得92.50分"
std::string VoteLine(absl::string_view what, const Votes& votes, const VotePoints& points,
                     int64_t centi) {
  return absl::StrFormat("%s：好%d 较好%d 一般%d 差%d（每票%d/%d/%d/%d分），得%s分", what,
                         votes.good, votes.fairly_good, votes.average, votes.poor, points.good,
                         points.fairly_good, points.average, points.poor, FormatScore(centi));
}

}  // namespace

absl::Status AddManualRatings(const Rubric& rubric, const ReviewVotes& votes, ScoringInput& input) {
  const VotePoints& points = rubric.vote_points;
  if (votes.duty.has_value()) {
    absl::StatusOr<int64_t> centi = VoteScoreCenti(*votes.duty, points);
    if (!centi.ok()) return centi.status();
    input.manual_centi["duty_review"] = *centi;
    input.manual_evidence["duty_review"] = {VoteLine("述职评议", *votes.duty, points, *centi)};
  }
  if (votes.party_building.has_value() && votes.business.has_value()) {
    absl::StatusOr<int64_t> party_building = VoteScoreCenti(*votes.party_building, points);
    if (!party_building.ok()) return party_building.status();
    absl::StatusOr<int64_t> business = VoteScoreCenti(*votes.business, points);
    if (!business.ok()) return business.status();
    input.manual_centi["dual_review"] =
        DualReviewCenti(*party_building, *business, rubric.dual_review);
    input.manual_evidence["dual_review"] = {
        VoteLine("党建述职", *votes.party_building, points, *party_building),
        VoteLine("业务述职", *votes.business, points, *business),
        absl::StrFormat("党建占%d%%、业务占%d%%", rubric.dual_review.party_building,
                        rubric.dual_review.business)};
  }
  return absl::OkStatus();
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

bool AboveGroups(SubjectLevel level) { return level != SubjectLevel::kGroup; }

}  // namespace

absl::Status CheckRubricFindings(const Rubric& rubric, SubjectLevel level) {
  // A finding moves or is cited by one indicator only.
  std::map<std::string, std::string> code_owner;
  for (size_t i = 0; i < rubric.indicators.size(); ++i) {
    for (const std::string& code : rubric.indicators[i].finding_codes) {
      auto [owner, first] = code_owner.emplace(code, rubric.indicators[i].id);
      if (!first) {
        return absl::InvalidArgumentError(absl::StrCat(Field(i, "finding_codes"), ": ", code,
                                                       " is already scored by indicator ",
                                                       owner->second, "; a finding counts once"));
      }
      const RuleInfo* rule = FindRule(code);
      if (rule == nullptr) continue;  // ValidateRubric names it
      const FoundOn found = FoundOnOf(*rule);
      if (found == FoundOn::kNowhere) {
        return absl::InvalidArgumentError(
            absl::StrCat(Field(i, "finding_codes"), ": ", code,
                         " is never a finding: the act is refused when it is recorded"));
      }
      if (found == FoundOn::kBranch && !AboveGroups(level)) {
        return absl::InvalidArgumentError(absl::StrCat(Field(i, "finding_codes"), ": ", code,
                                                       " is found on a branch, never on a group (",
                                                       rule->article, ")"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckNotCountedTwice(const Rubric& group, const Rubric& above) {
  const bool averages_groups =
      std::any_of(above.indicators.begin(), above.indicators.end(), [](const Indicator& i) {
        return i.kind == IndicatorKind::kRate && i.rate == "group_scores";
      });
  if (!averages_groups) return absl::OkStatus();
  // What the groups' scores weigh: the codes of the group rubric that reach a group.
  std::set<std::string> group_codes;
  for (const std::string& code : CitedCodes(group)) {
    const RuleInfo* rule = FindRule(code);
    if (rule != nullptr && FoundOnOf(*rule) == FoundOn::kGroup) group_codes.insert(code);
  }
  std::set<std::string> group_rates;
  for (const Indicator& indicator : group.indicators) {
    if (indicator.kind == IndicatorKind::kRate) group_rates.insert(indicator.rate);
  }
  for (size_t i = 0; i < above.indicators.size(); ++i) {
    const Indicator& indicator = above.indicators[i];
    if (indicator.kind == IndicatorKind::kRate && group_rates.count(indicator.rate) > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(Field(i, "rate"), ": ", indicator.rate, " is scored on the groups by ",
                       group.version, " and weighed again in their average (group_scores)"));
    }
    for (const std::string& code : indicator.finding_codes) {
      if (group_codes.count(code) > 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(Field(i, "finding_codes"), ": ", code, " is scored on the groups by ",
                         group.version, " and weighed again in their average (group_scores)"));
      }
    }
  }
  return absl::OkStatus();
}

Rate MembersGroupedRate(const Branch& branch, const Policy& policy) {
  if (branch.active_group_count == 0 || !policy.IsOn(kMemberWithoutGroup)) return Rate{0, 0};
  const int64_t members = branch.member_count;
  return Rate{members - static_cast<int64_t>(branch.ungrouped.size()), members};
}

std::string FormatScore(int64_t score_centi) {
  return absl::StrFormat("%d.%02d", score_centi / 100, score_centi % 100);
}

}  // namespace partygroup::rules
