// The org service's organisation as the rules library reads it: the one conversion from org's
// members, groups and leaders to rules::Member and rules::Group, used by org itself and by the
// services that ask it (activity, assessment).
#pragma once

#include <vector>

#include "common/rules/model.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::clients {

// A member: status, leading cadre, and the day they joined their group (when they have one).
rules::Member ToRulesMember(const org::v1::Member& member);

// A group node of branch `branch_id` with `members` and its leader (nullptr: none); the day it
// was founded from the node.
rules::Group ToRulesGroup(const org::v1::Node& node, int64_t branch_id,
                          const std::vector<org::v1::Member>& members,
                          const org::v1::LeaderTerm* leader);

// A group as GetGroup answers it.
rules::Group ToRulesGroup(const org::v1::Group& group);

}  // namespace partygroup::clients
