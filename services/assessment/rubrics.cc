#include "services/assessment/rubrics.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/rules/default_rubrics.h"
#include "common/status/status_macros.h"

namespace partygroup::assessment {
namespace {

v1::IndicatorKind ToProtoKind(rules::IndicatorKind kind) {
  switch (kind) {
    case rules::IndicatorKind::kRate:
      return v1::INDICATOR_KIND_RATE;
    case rules::IndicatorKind::kFindingPenalty:
      return v1::INDICATOR_KIND_FINDING_PENALTY;
    case rules::IndicatorKind::kManual:
      return v1::INDICATOR_KIND_MANUAL;
  }
  return v1::INDICATOR_KIND_UNSPECIFIED;
}

// What the computation can feed each kind of subject (see compute.cc).
const std::set<std::string>& RatesOf(v1::SubjectKind kind) {
  static const auto* const kGroup =
      new std::set<std::string>{"meetings", "talks", "dues", "cadre_attendance"};
  static const auto* const kBranch = new std::set<std::string>{"group_scores", "members_grouped"};
  static const auto* const kUnit = new std::set<std::string>{"group_scores", "members_grouped",
                                                             "leader_training", "cadre_attendance"};
  return kind == v1::SUBJECT_KIND_GROUP                                               ? *kGroup
         : kind == v1::SUBJECT_KIND_BRANCH || kind == v1::SUBJECT_KIND_GENERAL_BRANCH ? *kBranch
                                                                                      : *kUnit;
}

const std::set<std::string>& ManualInputsOf(v1::SubjectKind kind) {
  static const auto* const kNone = new std::set<std::string>{};
  static const auto* const kBranch = new std::set<std::string>{"duty_review", "dual_review"};
  // 第十四条: 双述双评 is the branch secretaries'; the others report once (述职评议).
  static const auto* const kOthers = new std::set<std::string>{"duty_review"};
  return kind == v1::SUBJECT_KIND_GROUP    ? *kNone
         : kind == v1::SUBJECT_KIND_BRANCH ? *kBranch
                                           : *kOthers;
}

}  // namespace

std::string KindName(v1::SubjectKind kind) {
  return v1::SubjectKind_Name(kind).substr(std::string("SUBJECT_KIND_").size());
}

v1::SubjectKind KindFromName(const std::string& name) {
  v1::SubjectKind kind = v1::SUBJECT_KIND_UNSPECIFIED;
  v1::SubjectKind_Parse("SUBJECT_KIND_" + name, &kind);
  return kind;
}

v1::Rubric ToProto(const rules::Rubric& rubric, v1::SubjectKind kind) {
  v1::Rubric out;
  out.set_version(rubric.version);
  out.set_subject_kind(kind);
  for (const rules::Indicator& indicator : rubric.indicators) {
    v1::Indicator* i = out.add_indicators();
    i->set_id(indicator.id);
    i->set_name(indicator.name);
    i->set_weight(indicator.weight);
    for (const std::string& article : indicator.articles) i->add_articles(article);
    i->set_kind(ToProtoKind(indicator.kind));
    i->set_rate(indicator.rate);
    for (const std::string& code : indicator.finding_codes) i->add_finding_codes(code);
    i->set_penalty_per_finding(indicator.penalty_per_finding);
    i->set_manual_input(indicator.manual_input);
  }
  for (const rules::GradeBand& band : rubric.bands) {
    v1::GradeBand* b = out.add_bands();
    b->set_grade(band.grade);
    b->set_min_score(band.min_score);
  }
  v1::VotePoints* points = out.mutable_vote_points();
  points->set_good(rubric.vote_points.good);
  points->set_fairly_good(rubric.vote_points.fairly_good);
  points->set_average(rubric.vote_points.average);
  points->set_poor(rubric.vote_points.poor);
  out.mutable_dual_review_weights()->set_party_building(rubric.dual_review.party_building);
  out.mutable_dual_review_weights()->set_business(rubric.dual_review.business);
  return out;
}

rules::SubjectLevel LevelOf(v1::SubjectKind kind) {
  switch (kind) {
    case v1::SUBJECT_KIND_GROUP:
      return rules::SubjectLevel::kGroup;
    case v1::SUBJECT_KIND_BRANCH:
      return rules::SubjectLevel::kBranch;
    case v1::SUBJECT_KIND_GENERAL_BRANCH:
      return rules::SubjectLevel::kGeneralBranch;
    default:
      return rules::SubjectLevel::kUnit;
  }
}

absl::StatusOr<rules::Rubric> FromProto(const v1::Rubric& in) {
  const v1::SubjectKind kind = in.subject_kind();
  if (kind == v1::SUBJECT_KIND_UNSPECIFIED) {
    return absl::InvalidArgumentError("rubric.subject_kind: GROUP, BRANCH, GENERAL_BRANCH or UNIT");
  }
  if (in.version().empty() || in.version().size() > 100) {
    return absl::InvalidArgumentError("rubric.version: required, at most 100 characters");
  }
  rules::Rubric rubric;
  rubric.version = in.version();
  for (int n = 0; n < in.indicators_size(); ++n) {
    const v1::Indicator& i = in.indicators(n);
    const std::string field = absl::StrCat("rubric.indicators[", n, "]");
    rules::Indicator indicator;
    indicator.id = i.id();
    indicator.name = i.name();
    indicator.weight = i.weight();
    indicator.articles.assign(i.articles().begin(), i.articles().end());
    indicator.rate = i.rate();
    indicator.finding_codes.assign(i.finding_codes().begin(), i.finding_codes().end());
    indicator.penalty_per_finding = i.penalty_per_finding();
    indicator.manual_input = i.manual_input();
    switch (i.kind()) {
      case v1::INDICATOR_KIND_RATE:
        indicator.kind = rules::IndicatorKind::kRate;
        if (RatesOf(kind).count(i.rate()) == 0) {
          return absl::InvalidArgumentError(absl::StrCat(
              field, ".rate: one of ", absl::StrJoin(RatesOf(kind), ", "), " for this kind"));
        }
        break;
      case v1::INDICATOR_KIND_FINDING_PENALTY:
        indicator.kind = rules::IndicatorKind::kFindingPenalty;
        break;
      case v1::INDICATOR_KIND_MANUAL:
        indicator.kind = rules::IndicatorKind::kManual;
        if (ManualInputsOf(kind).count(i.manual_input()) == 0) {
          return absl::InvalidArgumentError(absl::StrCat(field, ".manual_input: one of ",
                                                         absl::StrJoin(ManualInputsOf(kind), ", "),
                                                         " for this kind"));
        }
        break;
      default:
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".kind: RATE, FINDING_PENALTY or MANUAL"));
    }
    rubric.indicators.push_back(std::move(indicator));
  }
  for (const v1::GradeBand& band : in.bands()) {
    rubric.bands.push_back({band.grade(), band.min_score()});
  }
  // Rubrics stored before points and weights were data have the defaults they were scored with.
  if (in.has_vote_points()) {
    rubric.vote_points = {in.vote_points().good(), in.vote_points().fairly_good(),
                          in.vote_points().average(), in.vote_points().poor()};
  }
  if (in.has_dual_review_weights()) {
    rubric.dual_review = {in.dual_review_weights().party_building(),
                          in.dual_review_weights().business()};
  }
  absl::Status valid = rules::ValidateRubric(rubric);
  if (!valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("rubric: ", valid.message()));
  }
  return rubric;
}

std::vector<v1::Rubric> DefaultRubrics() {
  return {ToProto(rules::DefaultGroupRubric(), v1::SUBJECT_KIND_GROUP),
          ToProto(rules::GroupRubricV2(), v1::SUBJECT_KIND_GROUP),
          ToProto(rules::GroupRubricV1(), v1::SUBJECT_KIND_GROUP),
          ToProto(rules::DefaultBranchRubric(), v1::SUBJECT_KIND_BRANCH),
          ToProto(rules::BranchRubricV1(), v1::SUBJECT_KIND_BRANCH),
          ToProto(rules::DefaultGeneralBranchRubric(), v1::SUBJECT_KIND_GENERAL_BRANCH),
          ToProto(rules::DefaultUnitRubric(), v1::SUBJECT_KIND_UNIT),
          ToProto(rules::UnitRubricV1(), v1::SUBJECT_KIND_UNIT)};
}

std::string DefaultVersion(v1::SubjectKind kind) {
  switch (kind) {
    case v1::SUBJECT_KIND_GROUP:
      return rules::DefaultGroupRubric().version;
    case v1::SUBJECT_KIND_BRANCH:
      return rules::DefaultBranchRubric().version;
    case v1::SUBJECT_KIND_GENERAL_BRANCH:
      return rules::DefaultGeneralBranchRubric().version;
    default:
      return rules::DefaultUnitRubric().version;
  }
}

}  // namespace partygroup::assessment
