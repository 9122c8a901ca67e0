// Who is calling: the verified claims of a bearer token (DESIGN.md, Security).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace partygroup::auth {

// The roles of DESIGN.md. A role acts only within the org node that scopes it.
enum class Role {
  kAdmin,            // the working committee (市直机关工委)
  kUnitAdmin,        // a unit's party organisation
  kBranchSecretary,  // 党支部书记
  kGroupLeader,      // 党小组组长
  kMember,           // 党员: reads only themself
  kService,          // a machine caller: reads only, its org node's subtree (0: the committee)
};

// The claim value, for instance "BRANCH_SECRETARY".
absl::string_view RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

struct Caller {
  Caller() = default;
  Caller(std::string subject, Role role, int64_t org_node_id = 0, int64_t member_id = 0)
      : subject(std::move(subject)), role(role), org_node_id(org_node_id), member_id(member_id) {}

  std::string subject;
  Role role = Role::kMember;
  // The org node that scopes the role; 0 means the whole committee (ADMIN and SERVICE only).
  int64_t org_node_id = 0;
  // The member the caller is (claim member_id); required for MEMBER, who reads only themself.
  int64_t member_id = 0;
  // The token's identifier (claim jti), by which it can be revoked; empty when it has none.
  std::string token_id;
};

}  // namespace partygroup::auth
