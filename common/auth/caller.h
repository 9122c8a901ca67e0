// Who is calling: the verified claims of a bearer token (DESIGN.md, Security).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace partygroup::auth {

// The roles of DESIGN.md. A role acts only within the org node that scopes it.
enum class Role {
  kAdmin,            // the working committee (市直机关工委)
  kUnitAdmin,        // a unit's party organisation
  kBranchSecretary,  // 党支部书记
  kGroupLeader,      // 党小组组长
  kMember,           // 党员: reads only themself
  kService,          // a machine caller: reads only
};

// The claim value, for instance "BRANCH_SECRETARY".
absl::string_view RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

struct Caller {
  std::string subject;
  Role role = Role::kMember;
  // The org node that scopes the role; 0 means the whole committee (ADMIN and SERVICE only).
  int64_t org_node_id = 0;
  // The member the caller is (claim member_id); required for MEMBER, who reads only themself.
  int64_t member_id = 0;
};

}  // namespace partygroup::auth
