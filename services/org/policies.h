// 本委政策: the committee's policy, as versions (common/rules/policy.h). The org service owns it
// because every service already asks org: activity reads the current version for what it checks
// now (ListFindings, a probationary member's vote), the assessment a cycle's version for its
// computation, and org itself the filing deadline when a branch decides a group change.
//
// Version 1 is the defaults, the code's; an ADMIN creates the next with every setting given, and
// no version is ever edited. Any role may read them.
//
// Errors: INVALID_ARGUMENT naming the setting; NOT_FOUND for a version that does not exist;
// PERMISSION_DENIED for a caller who is no ADMIN creating one; UNAVAILABLE when the database
// cannot be reached.
#pragma once

#include <cppconn/connection.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/rules/policy.h"
#include "partygroup/org/v1/org_service.pb.h"
#include "services/org/org_records.h"

namespace partygroup::org {

class Policies final {
 public:
  explicit Policies(const OrgContext& context) : context_(context) {}

  absl::Status CreatePolicy(const auth::Caller& caller, const v1::CreatePolicyRequest& request,
                            v1::CreatePolicyResponse* response);
  absl::Status GetPolicy(const auth::Caller& caller, const v1::GetPolicyRequest& request,
                         v1::GetPolicyResponse* response);
  absl::Status ListPolicies(const auth::Caller& caller, const v1::ListPoliciesRequest& request,
                            v1::ListPoliciesResponse* response);

 private:
  const OrgContext context_;
};

// The current version (the latest created, else the defaults), as the rules read it: for org's
// own decisions, inside their transaction.
absl::StatusOr<rules::Policy> CurrentPolicy(sql::Connection& c);

}  // namespace partygroup::org
