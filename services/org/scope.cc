#include "services/org/scope.h"

#include "absl/strings/str_cat.h"
#include "services/org/org_store.h"

namespace partygroup::org {

absl::StatusOr<Scope> ResolveScope(sql::Connection& connection, const auth::Caller& caller) {
  std::string path;
  if (caller.role == auth::Role::kUnitAdmin || caller.role == auth::Role::kBranchSecretary ||
      caller.role == auth::Role::kGroupLeader ||
      (caller.role == auth::Role::kService && caller.org_node_id != 0)) {
    absl::StatusOr<v1::Node> node = store::GetNode(connection, caller.org_node_id);
    if (!node.ok()) {
      return absl::PermissionDeniedError(
          absl::StrCat("the token's org node ", caller.org_node_id, " does not exist"));
    }
    path = node->path();
  }
  return auth::ScopeFor(caller, path);
}

}  // namespace partygroup::org
