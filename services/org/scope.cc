#include "services/org/scope.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/org/org_store.h"

namespace partygroup::org {
namespace {

bool Covers(const Scope& scope, const std::string& path) {
  return scope.everything || (!scope.path.empty() && absl::StartsWith(path, scope.path));
}

}  // namespace

absl::StatusOr<Scope> ResolveScope(sql::Connection& connection, const auth::Caller& caller) {
  Scope scope;
  switch (caller.role) {
    case auth::Role::kAdmin:
      scope.everything = true;
      scope.can_write = true;
      return scope;
    case auth::Role::kService:
      scope.everything = true;
      return scope;
    case auth::Role::kMember:
      scope.member_only = true;
      scope.member_id = caller.member_id;
      return scope;
    case auth::Role::kUnitAdmin:
    case auth::Role::kBranchSecretary:
    case auth::Role::kGroupLeader: {
      absl::StatusOr<v1::Node> node = store::GetNode(connection, caller.org_node_id);
      if (!node.ok()) {
        return absl::PermissionDeniedError(absl::StrCat(
            "the token's org node ", caller.org_node_id, " does not exist"));
      }
      scope.path = node->path();
      scope.can_write = caller.role != auth::Role::kGroupLeader;
      return scope;
    }
  }
  return absl::PermissionDeniedError("unknown role");
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

bool MaySeePhone(const Scope& scope, int64_t member_id, const std::string& path) {
  if (scope.member_only) return scope.member_id == member_id;
  return scope.can_write && Covers(scope, path);
}

}  // namespace partygroup::org
