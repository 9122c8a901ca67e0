#include "common/clients/org_records.h"

namespace partygroup::clients {
namespace {

absl::CivilDay DayOf(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

}  // namespace

rules::Member ToRulesMember(const org::v1::Member& member) {
  rules::Member m;
  m.id = member.id();
  m.name = member.name();
  m.status = member.status() == org::v1::MEMBER_STATUS_FORMAL ? rules::MemberStatus::kFormal
                                                              : rules::MemberStatus::kProbationary;
  m.leading_cadre = member.leading_cadre();
  if (member.has_joined_group_on()) m.joined_on = DayOf(member.joined_group_on());
  return m;
}

rules::Group ToRulesGroup(const org::v1::Node& node, int64_t branch_id,
                          const std::vector<org::v1::Member>& members,
                          const org::v1::LeaderTerm* leader) {
  rules::Group group;
  group.id = node.id();
  group.name = node.name();
  group.branch_id = branch_id;
  for (const org::v1::Member& member : members) group.members.push_back(ToRulesMember(member));
  if (leader != nullptr) group.leader_id = leader->member_id();
  if (node.has_created_on()) group.created_on = DayOf(node.created_on());
  return group;
}

rules::Group ToRulesGroup(const org::v1::Group& group) {
  const std::vector<org::v1::Member> members(group.members().begin(), group.members().end());
  org::v1::Node node = group.node();
  if (group.has_created_on()) *node.mutable_created_on() = group.created_on();
  return ToRulesGroup(node, group.branch_id(), members,
                      group.has_leader() ? &group.leader() : nullptr);
}

}  // namespace partygroup::clients
