// What falls short in a subtree's organisation, article by article (第一条, 第二条, 第十条 to
// 第十三条: groups too small or without a formal member, branches of many members without groups,
// filings late, groups without a leader), and which events a caller may watch.
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

class OrgFindings final {
 public:
  explicit OrgFindings(const OrgContext& context) : context_(context) {}

  absl::Status ListFindings(const auth::Caller& caller, const v1::ListFindingsRequest& request,
                            v1::ListFindingsResponse* response);
  absl::StatusOr<std::string> EventScope(const auth::Caller& caller);

 private:
  const OrgContext context_;
};

}  // namespace partygroup::org
