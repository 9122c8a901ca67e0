#include "common/auth/scope.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace partygroup::auth {

Scope ScopeFor(const Caller& caller, const std::string& org_node_path) {
  Scope scope;
  switch (caller.role) {
    case Role::kAdmin:
      scope.everything = true;
      scope.can_write = true;
      break;
    case Role::kService:
      // A machine caller reads its org node's subtree, the whole committee only when minted so.
      scope.everything = org_node_path.empty();
      scope.path = org_node_path;
      break;
    case Role::kMember:
      scope.member_only = true;
      scope.member_id = caller.member_id;
      break;
    case Role::kUnitAdmin:
    case Role::kBranchSecretary:
      scope.path = org_node_path;
      scope.can_write = true;
      break;
    case Role::kGroupLeader:
      scope.path = org_node_path;
      break;
  }
  return scope;
}

bool Covers(const Scope& scope, const std::string& path) {
  return scope.everything || (!scope.path.empty() && absl::StartsWith(path, scope.path));
}

absl::Status RequireRead(const Scope& scope, const std::string& path, const std::string& what) {
  if (!scope.member_only && Covers(scope, path)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("the caller may not read ", what));
}

absl::Status RequireWrite(const Scope& scope, const std::string& path, const std::string& what) {
  if (scope.can_write && Covers(scope, path)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("the caller may not change ", what));
}

absl::Status RequireReadMember(const Scope& scope, int64_t member_id, const std::string& path) {
  if (scope.member_only) {
    if (scope.member_id == member_id) return absl::OkStatus();
    return absl::PermissionDeniedError("a member may read only themself");
  }
  return RequireRead(scope, path, absl::StrCat("member ", member_id));
}

bool MaySeePersonalDetails(const Scope& scope, int64_t member_id, const std::string& path) {
  if (scope.member_only) return scope.member_id == member_id;
  return scope.can_write && Covers(scope, path);
}

}  // namespace partygroup::auth
