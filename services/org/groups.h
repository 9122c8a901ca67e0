// 第一条, 第二条: groups (党小组) made, adjusted and dissolved by their branch's decision, at
// least three members and one formal (第一条), each change filed with the superior organisation
// (第二条 备案).
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

class Groups final {
 public:
  explicit Groups(const OrgContext& context) : context_(context) {}

  absl::Status CreateGroup(const auth::Caller& caller, const v1::CreateGroupRequest& request,
                           v1::CreateGroupResponse* response);
  absl::Status AdjustGroup(const auth::Caller& caller, const v1::AdjustGroupRequest& request,
                           v1::AdjustGroupResponse* response);
  absl::Status DissolveGroup(const auth::Caller& caller, const v1::DissolveGroupRequest& request,
                             v1::DissolveGroupResponse* response);
  absl::Status GetGroup(const auth::Caller& caller, const v1::GetGroupRequest& request,
                        v1::GetGroupResponse* response);
  absl::Status CheckMembership(const auth::Caller& caller,
                               const v1::CheckMembershipRequest& request,
                               v1::CheckMembershipResponse* response);
  absl::Status ListFilings(const auth::Caller& caller, const v1::ListFilingsRequest& request,
                           v1::ListFilingsResponse* response);
  absl::Status RecordFiling(const auth::Caller& caller, const v1::RecordFilingRequest& request,
                            v1::RecordFilingResponse* response);

 private:
  const OrgContext context_;
};

}  // namespace partygroup::org
