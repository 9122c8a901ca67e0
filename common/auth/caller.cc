#include "common/auth/caller.h"

#include <array>
#include <utility>

namespace partygroup::auth {
namespace {

constexpr std::array<std::pair<Role, absl::string_view>, 6> kRoleNames = {{
    {Role::kAdmin, "ADMIN"},
    {Role::kUnitAdmin, "UNIT_ADMIN"},
    {Role::kBranchSecretary, "BRANCH_SECRETARY"},
    {Role::kGroupLeader, "GROUP_LEADER"},
    {Role::kMember, "MEMBER"},
    {Role::kService, "SERVICE"},
}};

}  // namespace

absl::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "UNKNOWN";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (const auto& [role, role_name] : kRoleNames) {
    if (role_name == name) return role;
  }
  return std::nullopt;
}

}  // namespace partygroup::auth
