// The org service's organisation as the rules library reads it: the one conversion from org's
// members, groups and leaders to rules::Member and rules::Group, used by org itself and by the
// services that ask it (activity, assessment).
#pragma once

#include <cstdint>
#include <vector>

#include "common/rules/model.h"
#include "common/rules/policy.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::clients {

// A member of group `group_id`: status and leading cadre as the member stands now, and their
// spells in that group: those org gave with a period (StreamMembers), or else one spell since
// the day they joined it (a member of the group as it stands now).
rules::Member ToRulesMember(const org::v1::Member& member, int64_t group_id);

// A group node of branch `branch_id` with `members` and its leader terms (the current leader is
// the term that has not ended); the days it was founded and dissolved from the node.
rules::Group ToRulesGroup(const org::v1::Node& node, int64_t branch_id,
                          const std::vector<org::v1::Member>& members,
                          const std::vector<org::v1::LeaderTerm>& terms);

// The days of a member's spell and of a leader term, as the rules read them ([from, until)).
rules::DaySpan DaysOf(const org::v1::MemberSpell& spell);
rules::DaySpan DaysOf(const org::v1::LeaderTerm& term);

// A group as GetGroup answers it: as it stands now.
rules::Group ToRulesGroup(const org::v1::Group& group);

// A policy version (GetPolicy) as the rules read it, and back (version 1, the defaults, is
// ToProto(rules::Policy{})).
rules::Policy ToRulesPolicy(const org::v1::Policy& policy);
org::v1::Policy ToProto(const rules::Policy& policy);

}  // namespace partygroup::clients
