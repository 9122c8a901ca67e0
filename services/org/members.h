// Members (党员, 正式/预备) and their history: created in a branch, updated, becoming formal,
// transferred to another branch or out (第一条, 第十三条: what a departure leaves short is
// recorded, not refused); activists (入党积极分子, 发展对象). StreamMembers hands a subtree's
// members to the other services.
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

class Members final {
 public:
  explicit Members(const OrgContext& context) : context_(context) {}

  absl::Status CreateMember(const auth::Caller& caller, const v1::CreateMemberRequest& request,
                            v1::CreateMemberResponse* response);
  absl::Status GetMember(const auth::Caller& caller, const v1::GetMemberRequest& request,
                         v1::GetMemberResponse* response);
  absl::Status ListMembers(const auth::Caller& caller, const v1::ListMembersRequest& request,
                           v1::ListMembersResponse* response);
  absl::Status UpdateMember(const auth::Caller& caller, const v1::UpdateMemberRequest& request,
                            v1::UpdateMemberResponse* response);
  absl::Status TransferMember(const auth::Caller& caller, const v1::TransferMemberRequest& request,
                              v1::TransferMemberResponse* response);
  absl::Status ListMemberHistory(const auth::Caller& caller,
                                 const v1::ListMemberHistoryRequest& request,
                                 v1::ListMemberHistoryResponse* response);
  absl::Status CreateActivist(const auth::Caller& caller, const v1::CreateActivistRequest& request,
                              v1::CreateActivistResponse* response);
  absl::Status ListActivists(const auth::Caller& caller, const v1::ListActivistsRequest& request,
                             v1::ListActivistsResponse* response);
  absl::Status StreamMembers(const auth::Caller& caller, const v1::StreamMembersRequest& request,
                             const std::function<bool(v1::Member&)>& emit);

 private:
  const OrgContext context_;
};

}  // namespace partygroup::org
