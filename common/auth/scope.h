// What a caller may read and change, as a subtree of the org tree (DESIGN.md, Security):
// ADMIN everything; UNIT_ADMIN and BRANCH_SECRETARY read and change their subtree; GROUP_LEADER
// reads their group; SERVICE reads its org node's subtree (everything when minted without one)
// and changes nothing; MEMBER reads themself only.
// Each service resolves the path of the caller's org node its own way (the org service from its
// tables, the others by asking the org service) and then checks with these functions.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "common/auth/caller.h"

namespace partygroup::auth {

struct Scope {
  bool everything = false;  // ADMIN, a committee-wide SERVICE
  bool can_write = false;
  std::string path;       // the subtree, "/1/5/"
  int64_t member_id = 0;  // MEMBER: the only member readable
  bool member_only = false;
};

// The scope of `caller`, given the path of its org node ("" when the role needs none, or a
// SERVICE without one).
Scope ScopeFor(const Caller& caller, const std::string& org_node_path);

bool Covers(const Scope& scope, const std::string& path);

// PERMISSION_DENIED naming `what` unless the scope covers `path`.
absl::Status RequireRead(const Scope& scope, const std::string& path, const std::string& what);
absl::Status RequireWrite(const Scope& scope, const std::string& path, const std::string& what);
// A member: MEMBER callers may read only themself.
absl::Status RequireReadMember(const Scope& scope, int64_t member_id, const std::string& path);
// Whether the caller may see a member's personal details (phone, dues pay base): those who may
// change the member (writers in scope) and the member themself.
bool MaySeePersonalDetails(const Scope& scope, int64_t member_id, const std::string& path);

}  // namespace partygroup::auth
