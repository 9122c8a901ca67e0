#include "services/assessment/compute.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/clients/activity_records.h"
#include "common/clients/org_client.h"
#include "common/clients/org_records.h"
#include "common/proto/findings.h"
#include "common/rules/catalogue.h"
#include "common/status/status_macros.h"

namespace partygroup::assessment {
namespace {

absl::CivilDay DayOf(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

rules::GroupChangeKind ToRulesChange(org::v1::GroupChangeKind kind) {
  switch (kind) {
    case org::v1::GROUP_CHANGE_KIND_ADJUST:
      return rules::GroupChangeKind::kAdjust;
    case org::v1::GROUP_CHANGE_KIND_DISSOLVE:
      return rules::GroupChangeKind::kDissolve;
    default:
      return rules::GroupChangeKind::kCreate;
  }
}

bool Has(const std::vector<rules::Finding>& findings, absl::string_view code) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const rules::Finding& f) { return f.code == code; });
}

// Appends the findings of `from` whose codes are in `cited`: a branch or unit keeps of its
// groups' findings only those its rubric scores (the rest stay on the groups' own results).
void AppendCited(std::vector<rules::Finding>& to, const std::vector<rules::Finding>& from,
                 const std::set<std::string>& cited) {
  for (const rules::Finding& finding : from) {
    if (cited.count(finding.code) > 0) to.push_back(finding);
  }
}

// The subject's place in the result: kind, id, name, unit, branch, path, rubric and policy.
v1::Result Describe(v1::SubjectKind kind, const org::v1::Node& node, int64_t unit_id,
                    int64_t branch_id, const rules::Rubric& rubric, const rules::Policy& policy) {
  v1::Result result;
  result.set_subject_kind(kind);
  result.set_subject_id(node.id());
  result.set_subject_name(node.name());
  result.set_unit_id(unit_id);
  result.set_branch_id(branch_id);
  result.set_path(node.path());
  result.set_rubric_version(rubric.version);
  result.set_policy_version(policy.version);
  return result;
}

}  // namespace

Computation::Computation(int year, Rubrics rubrics, rules::Policy policy, absl::Time as_of,
                         absl::TimeZone zone, GroupResultSink on_group_scored)
    : year_(year),
      rubrics_(std::move(rubrics)),
      policy_(std::move(policy)),
      as_of_(as_of),
      zone_(zone),
      on_group_scored_(std::move(on_group_scored)),
      standing_day_(std::min(absl::CivilDay(year, 12, 31), absl::ToCivilDay(as_of, zone))) {}

void Computation::AddNode(const org::v1::StreamTreeResponse& item) {
  const org::v1::Node& node = item.node();
  Place place;
  place.node = node;
  if (auto parent = places_.find(node.parent_id()); parent != places_.end()) {
    place.unit_id = parent->second.unit_id;
    place.general_branch_id = parent->second.general_branch_id;
    place.branch_id = parent->second.branch_id;
  }
  if (node.kind() == org::v1::NODE_KIND_UNIT) place.unit_id = node.id();
  if (node.kind() == org::v1::NODE_KIND_GENERAL_BRANCH) place.general_branch_id = node.id();
  if (node.kind() == org::v1::NODE_KIND_BRANCH) place.branch_id = node.id();
  if (node.kind() == org::v1::NODE_KIND_GROUP) {
    YearGroup& group = groups_[node.id()];
    group.node = node;
    group.branch_id = place.branch_id;
    group.terms.assign(item.leader_terms().begin(), item.leader_terms().end());
  }
  order_.push_back(node.id());
  places_[node.id()] = std::move(place);
}

void Computation::AddMember(const org::v1::Member& member) {
  std::set<int64_t> groups;
  for (const org::v1::MemberSpell& spell : member.spells()) {
    // 第一条, 第十四条: a branch counts the members it had at the end of the year.
    if (clients::DaysOf(spell).Contains(standing_day_)) {
      ++branch_members_[spell.branch_id()];
      if (spell.group_id() == 0) {
        rules::Member ungrouped = clients::ToRulesMember(member, 0);
        ungrouped.leading_cadre = spell.leading_cadre();
        branch_ungrouped_[spell.branch_id()].push_back(std::move(ungrouped));
      }
    }
    if (spell.group_id() != 0) groups.insert(spell.group_id());
  }
  // Each group the member was in during the year judges them for their spells in it.
  for (int64_t group_id : groups) {
    if (auto group = groups_.find(group_id); group != groups_.end()) {
      group->second.members.push_back(member);
    }
  }
}

void Computation::AddFiling(const org::v1::Filing& filing) {
  // A change decided after the year is the next year's.
  if (DayOf(filing.decision().decided_on()) > standing_day_) return;
  rules::GroupChange change;
  change.id = filing.id();
  change.group_id = filing.group_id();
  change.group_name = filing.group_name();
  change.kind = ToRulesChange(filing.change());
  change.decided_on = DayOf(filing.decision().decided_on());
  if (filing.status() == org::v1::FILING_STATUS_FILED && filing.has_filed_on()) {
    change.filed_on = DayOf(filing.filed_on());
  }
  branch_changes_[filing.branch_id()].push_back(std::move(change));
}

absl::Status Computation::AddGroupRecords(const activity::v1::GroupPeriodRecords& records) {
  return ScoreGroup(records.group_id(), records);
}

absl::Status Computation::ScoreGroup(int64_t group_id,
                                     const activity::v1::GroupPeriodRecords& records) {
  auto group = groups_.find(group_id);
  // Records of a group the year's tree lacks (founded after it): not scored.
  if (group == groups_.end()) return absl::OkStatus();
  const YearGroup& year_group = group->second;
  const rules::GroupPeriodResult period = rules::CheckGroupPeriod(
      clients::ToRulesActivity(clients::ToRulesGroup(year_group.node, year_group.branch_id,
                                                     year_group.members, year_group.terms),
                               records),
      rules::Period{year_, 0}, as_of_, zone_, policy_);
  const Place& place = places_.at(group_id);
  rules::ScoringInput input;
  input.findings = period.findings;
  input.rates = rules::GroupRates(period.metrics);
  if (period.metrics.meetings_imported > 0) {
    input.rate_evidence["meetings"] = {absl::StrFormat("其中%d次为事后补录（后台导入，非逐步记录）",
                                                       period.metrics.meetings_imported)};
  }
  v1::Result result = Describe(v1::SUBJECT_KIND_GROUP, place.node, place.unit_id, place.branch_id,
                               rubrics_.group, policy_);
  RETURN_IF_ERROR(ScoreInto(rubrics_.group, input, &result));
  for (const rules::Finding& finding : period.findings) {
    *result.add_findings() = proto::ToProto(finding, as_of_);
  }
  GroupOutcome& outcome = scored_[group_id];
  outcome.name = year_group.node.name();
  outcome.score_centi = result.score_centi();
  outcome.findings = std::move(input.findings);
  outcome.metrics = period.metrics;
  outcome.standing =
      !year_group.node.has_dissolved_on() || DayOf(year_group.node.dissolved_on()) > standing_day_;
  on_group_scored_(std::move(result));
  return absl::OkStatus();
}

absl::Status Computation::Finish(const SubjectVotes& votes,
                                 const std::function<void(ComputedResult)>& on_scored) {
  for (const auto& [id, group] : groups_) {
    if (scored_.count(id) > 0) continue;
    activity::v1::GroupPeriodRecords none;
    none.set_group_id(id);
    RETURN_IF_ERROR(ScoreGroup(id, none));
  }

  // Each subject's groups and branches, in one pass over the city: by id, as they are scored.
  std::vector<int64_t> branches, general_branches, units;
  for (int64_t id : order_) {
    const org::v1::NodeKind kind = places_.at(id).node.kind();
    if (kind == org::v1::NODE_KIND_BRANCH) branches.push_back(id);
    if (kind == org::v1::NODE_KIND_GENERAL_BRANCH) general_branches.push_back(id);
    if (kind == org::v1::NODE_KIND_UNIT) units.push_back(id);
  }
  std::sort(branches.begin(), branches.end());
  std::sort(general_branches.begin(), general_branches.end());
  std::sort(units.begin(), units.end());
  absl::flat_hash_map<int64_t, Above> above;
  for (const auto& [group_id, outcome] : scored_) {
    const Place& place = places_.at(group_id);
    above[place.branch_id].groups.push_back(&outcome);
    if (place.general_branch_id != 0) above[place.general_branch_id].groups.push_back(&outcome);
    above[place.unit_id].groups.push_back(&outcome);
  }
  for (int64_t id : branches) {
    const Place& place = places_.at(id);
    if (place.general_branch_id != 0) above[place.general_branch_id].branches.push_back(id);
    above[place.unit_id].branches.push_back(id);
  }

  // Branches: 应建尽建 and filings (第一条, 第二条, 第十四条) and their groups' work.
  const std::set<std::string> branch_cited = rules::CitedCodes(rubrics_.branch);
  for (int64_t id : branches) {
    const Place& place = places_.at(id);
    rules::Branch branch;
    branch.id = id;
    branch.name = place.node.name();
    branch.member_count = branch_members_[id];
    const std::vector<const GroupOutcome*>& groups = above[id].groups;
    // Groups standing at the end of the year (one dissolved during it is scored, not counted).
    branch.active_group_count = 0;
    for (const GroupOutcome* group : groups) {
      if (group->standing) ++branch.active_group_count;
    }
    branch.changes = branch_changes_[id];
    branch.ungrouped = branch_ungrouped_[id];
    // As known on the year's last day (today while it runs): filings, 应建尽建.
    BranchOutcome& outcome = branches_scored_[id];
    outcome.own = rules::CheckBranch(branch, standing_day_, policy_);
    outcome.members_grouped = rules::MembersGroupedRate(branch, policy_);
    rules::ScoringInput input;
    input.findings = outcome.own;
    int64_t sum = 0;
    for (const GroupOutcome* group : groups) {
      AppendCited(input.findings, group->findings, branch_cited);
      sum += group->score_centi;
      input.rate_evidence["group_scores"].push_back(
          absl::StrCat(group->name, "：", rules::FormatScore(group->score_centi), "分"));
    }
    input.rates["group_scores"] = rules::GroupScoresRate(
        sum, static_cast<int64_t>(groups.size()), Has(outcome.own, rules::kBranchShouldHaveGroups));
    input.rates["members_grouped"] = outcome.members_grouped;
    RETURN_IF_ERROR(
        HandOut(v1::SUBJECT_KIND_BRANCH, id, rubrics_.branch, std::move(input), votes, on_scored));
  }
  // General branches (第十四条 所属党组织书记): the branches under them, as the units below.
  for (int64_t id : general_branches) {
    RETURN_IF_ERROR(HandOut(v1::SUBJECT_KIND_GENERAL_BRANCH, id, rubrics_.general_branch,
                            AboveBranches(above[id], rubrics_.general_branch), votes, on_scored));
  }
  // Units: the quality of all their groups, 应建尽建, leader training, cadres (第十四条).
  for (int64_t id : units) {
    rules::ScoringInput input = AboveBranches(above[id], rubrics_.unit);
    int64_t leaders = 0, trained = 0, cadre_due = 0, cadre_met = 0;
    for (const GroupOutcome* outcome : above[id].groups) {
      // 第十四条: every leader who led a group for a whole month of the year.
      leaders += outcome->metrics.leaders_due_training;
      trained += outcome->metrics.leaders_trained;
      cadre_due += outcome->metrics.cadre_meetings_due;
      cadre_met += outcome->metrics.cadre_meetings_attended;
    }
    input.rates["leader_training"] = {trained, leaders};
    input.rates["cadre_attendance"] = {cadre_met, cadre_due};
    RETURN_IF_ERROR(
        HandOut(v1::SUBJECT_KIND_UNIT, id, rubrics_.unit, std::move(input), votes, on_scored));
  }
  return absl::OkStatus();
}

rules::ScoringInput Computation::AboveBranches(const Above& above,
                                               const rules::Rubric& rubric) const {
  const std::set<std::string> cited = rules::CitedCodes(rubric);
  rules::ScoringInput input;
  bool should_have_groups = false;
  rules::Rate grouped;
  for (int64_t branch_id : above.branches) {
    const BranchOutcome& branch = branches_scored_.at(branch_id);
    should_have_groups = should_have_groups || Has(branch.own, rules::kBranchShouldHaveGroups);
    AppendCited(input.findings, branch.own, cited);
    if (branch.members_grouped.denominator == 0) continue;
    grouped.numerator += branch.members_grouped.numerator;
    grouped.denominator += branch.members_grouped.denominator;
    input.rate_evidence["members_grouped"].push_back(
        absl::StrCat(places_.at(branch_id).node.name(), "：", branch.members_grouped.numerator, "/",
                     branch.members_grouped.denominator));
  }
  int64_t sum = 0;
  for (const GroupOutcome* group : above.groups) {
    sum += group->score_centi;
    AppendCited(input.findings, group->findings, cited);
    input.rate_evidence["group_scores"].push_back(
        absl::StrCat(group->name, "：", rules::FormatScore(group->score_centi), "分"));
  }
  input.rates["group_scores"] =
      rules::GroupScoresRate(sum, static_cast<int64_t>(above.groups.size()), should_have_groups);
  input.rates["members_grouped"] = grouped;
  return input;
}

absl::Status Computation::HandOut(v1::SubjectKind kind, int64_t id, const rules::Rubric& rubric,
                                  rules::ScoringInput input, const SubjectVotes& votes,
                                  const std::function<void(ComputedResult)>& on_scored) const {
  const Place& place = places_.at(id);
  if (auto voted = votes.find(id); voted != votes.end()) {
    RETURN_IF_ERROR(rules::AddManualRatings(rubric, voted->second, input));
  }
  ComputedResult computed;
  computed.result = Describe(kind, place.node, place.unit_id,
                             kind == v1::SUBJECT_KIND_BRANCH ? id : 0, rubric, policy_);
  RETURN_IF_ERROR(ScoreInto(rubric, input, &computed.result));
  for (const rules::Finding& finding : input.findings) {
    *computed.result.add_findings() = proto::ToProto(finding, as_of_);
  }
  // Kept without the votes: they are stored as votes and read again when they change.
  input.manual_centi.clear();
  input.manual_evidence.clear();
  computed.input = std::move(input);
  on_scored(std::move(computed));
  return absl::OkStatus();
}

absl::Status ScoreInto(const rules::Rubric& rubric, const rules::ScoringInput& input,
                       v1::Result* result) {
  // A manual rating not entered yet: the breakdown shows the computed part, the result waits.
  std::vector<std::string> missing;
  for (const rules::Indicator& indicator : rubric.indicators) {
    if (indicator.kind == rules::IndicatorKind::kManual &&
        input.manual_centi.count(indicator.manual_input) == 0) {
      missing.push_back(indicator.manual_input);
    }
  }
  // Copied (with its findings) only when a rating is missing: a group's never is.
  rules::ScoringInput with_zeros;
  if (!missing.empty()) {
    with_zeros = input;
    for (const std::string& name : missing) with_zeros.manual_centi[name] = 0;
  }
  ASSIGN_OR_RETURN(rules::ScoreResult score,
                   rules::Score(rubric, missing.empty() ? input : with_zeros));
  result->clear_breakdown();
  result->clear_missing_inputs();
  for (const rules::IndicatorScore& indicator : score.breakdown) {
    v1::IndicatorScore* out = result->add_breakdown();
    out->set_id(indicator.id);
    out->set_name(indicator.name);
    out->set_weight(indicator.weight);
    out->set_score_centi(indicator.score_centi);
    out->set_score(rules::FormatScore(indicator.score_centi));
    for (const std::string& article : indicator.articles) out->add_articles(article);
    for (const std::string& line : indicator.evidence) out->add_evidence(line);
    for (const rules::Indicator& spec : rubric.indicators) {
      if (spec.id == indicator.id && spec.kind == rules::IndicatorKind::kManual &&
          std::find(missing.begin(), missing.end(), spec.manual_input) != missing.end()) {
        out->set_score_centi(0);
        out->set_score("");
        out->add_evidence("待录入：" + spec.manual_input);
      }
    }
  }
  for (const std::string& input_name : missing) result->add_missing_inputs(input_name);
  result->set_complete(missing.empty());
  result->set_score_centi(missing.empty() ? score.score_centi : 0);
  result->set_score(missing.empty() ? rules::FormatScore(score.score_centi) : "");
  result->set_grade(missing.empty() ? score.grade : "");
  return absl::OkStatus();
}

std::string InputToJson(const rules::ScoringInput& input) {
  nlohmann::json findings = nlohmann::json::array();
  for (const rules::Finding& f : input.findings) {
    nlohmann::json evidence = nlohmann::json::array();
    for (const rules::Evidence& e : f.evidence) evidence.push_back({e.name, e.value});
    findings.push_back({{"code", f.code},
                        {"violation", f.severity == rules::Severity::kViolation},
                        {"article", f.article},
                        {"basis", f.basis},
                        {"source", f.source},
                        {"subject", {f.subject.kind, f.subject.id, f.subject.name}},
                        {"message", f.message},
                        {"evidence", evidence},
                        {"group_id", f.group_id},
                        {"branch_id", f.branch_id}});
  }
  nlohmann::json rates = nlohmann::json::object();
  for (const auto& [name, rate] : input.rates) rates[name] = {rate.numerator, rate.denominator};
  nlohmann::json behind = nlohmann::json::object();
  for (const auto& [name, lines] : input.rate_evidence) behind[name] = lines;
  return nlohmann::json{{"findings", findings}, {"rates", rates}, {"rate_evidence", behind}}.dump();
}

absl::StatusOr<rules::ScoringInput> InputFromJson(const std::string& text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::DataLossError("a stored scoring input is not valid JSON");
  }
  rules::ScoringInput input;
  try {
    for (const nlohmann::json& f : json.at("findings")) {
      rules::Finding finding;
      finding.code = f.at("code").get<std::string>();
      finding.severity =
          f.at("violation").get<bool>() ? rules::Severity::kViolation : rules::Severity::kFinding;
      finding.article = f.at("article").get<std::string>();
      // Inputs stored before findings carried their basis take it from the catalogue.
      finding.basis = f.value("basis", "");
      finding.source = f.value("source", "");
      if (const rules::RuleInfo* rule = rules::FindRule(finding.code);
          finding.basis.empty() && rule != nullptr) {
        finding.basis = std::string(rules::BasisName(rule->basis));
        finding.source = std::string(rule->source);
      }
      finding.subject = {f.at("subject").at(0).get<std::string>(),
                         f.at("subject").at(1).get<std::string>(),
                         f.at("subject").at(2).get<std::string>()};
      finding.message = f.at("message").get<std::string>();
      for (const nlohmann::json& e : f.at("evidence")) {
        finding.evidence.push_back({e.at(0).get<std::string>(), e.at(1).get<std::string>()});
      }
      finding.group_id = f.at("group_id").get<int64_t>();
      finding.branch_id = f.at("branch_id").get<int64_t>();
      input.findings.push_back(std::move(finding));
    }
    for (const auto& [name, rate] : json.at("rates").items()) {
      input.rates[name] = {rate.at(0).get<int64_t>(), rate.at(1).get<int64_t>()};
    }
    // Inputs stored before the groups behind an average were kept have none.
    if (auto behind = json.find("rate_evidence"); behind != json.end()) {
      for (const auto& [name, lines] : behind->items()) {
        input.rate_evidence[name] = lines.get<std::vector<std::string>>();
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::DataLossError(absl::StrCat("a stored scoring input is malformed: ", e.what()));
  }
  return input;
}

}  // namespace partygroup::assessment
