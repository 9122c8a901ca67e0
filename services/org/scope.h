// The org service resolves a caller's scope from its own tables (common/auth/scope.h says what a
// scope allows).
#pragma once

#include <cppconn/connection.h>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/auth/scope.h"

namespace partygroup::org {

using auth::MaySeePersonalDetails;
using auth::RequireRead;
using auth::RequireReadMember;
using auth::RequireWrite;
using auth::Scope;

// PERMISSION_DENIED when the token's org node does not exist.
absl::StatusOr<Scope> ResolveScope(sql::Connection& connection, const auth::Caller& caller);

}  // namespace partygroup::org
