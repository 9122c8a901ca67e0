// Who may read and change what in the org tree (DESIGN.md, Security): a role acts within the
// subtree of the org node its token names. ADMIN: everything; UNIT_ADMIN and BRANCH_SECRETARY:
// read and change their subtree; GROUP_LEADER: read their group; SERVICE: read everything,
// change nothing; MEMBER: read themself only.
#pragma once

#include <cppconn/connection.h>

#include <string>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"

namespace partygroup::org {

struct Scope {
  bool everything = false;  // ADMIN, SERVICE
  bool can_write = false;
  std::string path;         // the subtree, "/1/5/"
  int64_t member_id = 0;    // MEMBER: the only member readable
  bool member_only = false;
};

// PERMISSION_DENIED when the token's org node does not exist.
absl::StatusOr<Scope> ResolveScope(sql::Connection& connection, const auth::Caller& caller);

// PERMISSION_DENIED naming `what` unless the scope covers `path`.
absl::Status RequireRead(const Scope& scope, const std::string& path, const std::string& what);
absl::Status RequireWrite(const Scope& scope, const std::string& path, const std::string& what);
// A member: MEMBER callers may read only themself.
absl::Status RequireReadMember(const Scope& scope, int64_t member_id, const std::string& path);
// Whether the caller may see a member's phone: writers in scope and the member themself.
bool MaySeePhone(const Scope& scope, int64_t member_id, const std::string& path);

}  // namespace partygroup::org
