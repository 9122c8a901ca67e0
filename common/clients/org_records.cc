#include "common/clients/org_records.h"

namespace partygroup::clients {
namespace {

absl::CivilDay DayOf(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

bool IsSet(const common::v1::Date& date) { return date.year() != 0; }

rules::MemberStatus ToRulesStatus(org::v1::MemberStatus status) {
  return status == org::v1::MEMBER_STATUS_FORMAL ? rules::MemberStatus::kFormal
                                                 : rules::MemberStatus::kProbationary;
}

rules::DaySpan SpanOf(const common::v1::Date& from, const common::v1::Date& until) {
  rules::DaySpan span;
  if (IsSet(from)) span.from = DayOf(from);
  if (IsSet(until)) span.until = DayOf(until);
  return span;
}

}  // namespace

rules::Member ToRulesMember(const org::v1::Member& member, int64_t group_id) {
  rules::Member m;
  m.id = member.id();
  m.name = member.name();
  m.status = ToRulesStatus(member.status());
  m.leading_cadre = member.leading_cadre();
  if (member.spells_size() > 0) {
    for (const org::v1::MemberSpell& spell : member.spells()) {
      if (spell.group_id() != group_id || group_id == 0) continue;
      m.spells.push_back({DaysOf(spell), ToRulesStatus(spell.status()), spell.leading_cadre()});
    }
  } else {
    // Listed in the group as it stands: in it since joining it (or, placed there by the caller's
    // decision, all along).
    const common::v1::Date since =
        member.group_id() == group_id ? member.joined_group_on() : common::v1::Date();
    m.spells.push_back({SpanOf(since, {}), m.status, m.leading_cadre});
  }
  return m;
}

rules::Group ToRulesGroup(const org::v1::Node& node, int64_t branch_id,
                          const std::vector<org::v1::Member>& members,
                          const std::vector<org::v1::LeaderTerm>& terms) {
  rules::Group group;
  group.id = node.id();
  group.name = node.name();
  group.branch_id = branch_id;
  for (const org::v1::Member& member : members) {
    group.members.push_back(ToRulesMember(member, node.id()));
  }
  for (const org::v1::LeaderTerm& term : terms) {
    group.leader_terms.push_back({term.member_id(), DaysOf(term)});
    if (!term.has_ended_on()) group.leader_id = term.member_id();
  }
  if (node.has_created_on()) group.created_on = DayOf(node.created_on());
  if (node.has_dissolved_on()) group.dissolved_on = DayOf(node.dissolved_on());
  return group;
}

rules::DaySpan DaysOf(const org::v1::MemberSpell& spell) {
  return SpanOf(spell.from_day(), spell.until_day());
}

rules::DaySpan DaysOf(const org::v1::LeaderTerm& term) {
  return SpanOf(term.appointed_on(), term.ended_on());
}

rules::Group ToRulesGroup(const org::v1::Group& group) {
  const std::vector<org::v1::Member> members(group.members().begin(), group.members().end());
  org::v1::Node node = group.node();
  if (group.has_created_on()) *node.mutable_created_on() = group.created_on();
  std::vector<org::v1::LeaderTerm> terms;
  if (group.has_leader()) terms.push_back(group.leader());
  return ToRulesGroup(node, group.branch_id(), members, terms);
}

rules::Policy ToRulesPolicy(const org::v1::Policy& policy) {
  rules::Policy out;
  out.version = policy.version();
  out.filing_deadline_days = policy.filing_deadline_days();
  out.opinion_report_days = policy.opinion_report_days();
  out.rectification_report_days = policy.rectification_report_days();
  out.evaluation_report_days = policy.evaluation_report_days();
  out.leader_talks_per_member_per_year = policy.leader_talks_per_member_per_year();
  out.annual_report_month = policy.annual_report_month();
  out.annual_report_day = policy.annual_report_day();
  out.leader_trainings_per_year = policy.leader_trainings_per_year();
  out.cadre_unexcused_absences_allowed = policy.cadre_unexcused_absences_allowed();
  out.branch_members_per_group_most = policy.branch_members_per_group_most();
  out.member_absent_months = policy.member_absent_months();
  out.probationary_members_in_mutual_evaluation =
      policy.probationary_members_in_mutual_evaluation();
  out.rules_off.assign(policy.rules_off().begin(), policy.rules_off().end());
  return out;
}

org::v1::Policy ToProto(const rules::Policy& policy) {
  org::v1::Policy out;
  out.set_version(policy.version);
  out.set_filing_deadline_days(policy.filing_deadline_days);
  out.set_opinion_report_days(policy.opinion_report_days);
  out.set_rectification_report_days(policy.rectification_report_days);
  out.set_evaluation_report_days(policy.evaluation_report_days);
  out.set_leader_talks_per_member_per_year(policy.leader_talks_per_member_per_year);
  out.set_annual_report_month(policy.annual_report_month);
  out.set_annual_report_day(policy.annual_report_day);
  out.set_leader_trainings_per_year(policy.leader_trainings_per_year);
  out.set_cadre_unexcused_absences_allowed(policy.cadre_unexcused_absences_allowed);
  out.set_branch_members_per_group_most(policy.branch_members_per_group_most);
  out.set_member_absent_months(policy.member_absent_months);
  out.set_probationary_members_in_mutual_evaluation(
      policy.probationary_members_in_mutual_evaluation);
  for (const std::string& code : policy.rules_off) out.add_rules_off(code);
  return out;
}

}  // namespace partygroup::clients
