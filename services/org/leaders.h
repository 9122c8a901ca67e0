// 第十条 to 第十三条: group leaders (党小组组长) — a formal member of the group (第十条),
// designated by the branch or recommended by the members (第十一条), admonished (约谈) and
// replaced when their work falls short (第十三条); their terms.
//
// Errors: INVALID_ARGUMENT naming the field; NOT_FOUND; PERMISSION_DENIED outside the caller's
// scope; FAILED_PRECONDITION with the rule's code and article for a violation of the regulation
// or for a state that forbids the act; UNAVAILABLE when the database cannot be reached.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "partygroup/org/v1/org_service.pb.h"
#include "services/org/csv_import.h"
#include "services/org/org_records.h"

namespace partygroup::org {

class Leaders final {
 public:
  explicit Leaders(const OrgContext& context) : context_(context) {}

  absl::Status AppointLeader(const auth::Caller& caller, const v1::AppointLeaderRequest& request,
                             v1::AppointLeaderResponse* response);
  absl::Status AdmonishLeader(const auth::Caller& caller, const v1::AdmonishLeaderRequest& request,
                              v1::AdmonishLeaderResponse* response);
  absl::Status ReplaceLeader(const auth::Caller& caller, const v1::ReplaceLeaderRequest& request,
                             v1::ReplaceLeaderResponse* response);
  absl::Status ListLeaderTerms(const auth::Caller& caller,
                               const v1::ListLeaderTermsRequest& request,
                               v1::ListLeaderTermsResponse* response);

 private:
  const OrgContext context_;
};

}  // namespace partygroup::org
