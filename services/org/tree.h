// The tree of the committee's organisations: units (部门单位党组/党委), general branches (党总支)
// and branches (党支部) under the committee, each where the tree's grammar lets it sit
// (rules::MaySitUnder). Groups (党小组) are made and dissolved by their branch's decisions
// (groups.h). StreamTree hands a subtree to the other services.
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

class Tree final {
 public:
  explicit Tree(const OrgContext& context) : context_(context) {}

  absl::Status CreateNode(const auth::Caller& caller, const v1::CreateNodeRequest& request,
                          v1::CreateNodeResponse* response);
  absl::Status GetNode(const auth::Caller& caller, const v1::GetNodeRequest& request,
                       v1::GetNodeResponse* response);
  absl::Status ListNodes(const auth::Caller& caller, const v1::ListNodesRequest& request,
                         v1::ListNodesResponse* response);
  absl::Status RenameNode(const auth::Caller& caller, const v1::RenameNodeRequest& request,
                          v1::RenameNodeResponse* response);
  absl::Status MoveNode(const auth::Caller& caller, const v1::MoveNodeRequest& request,
                        v1::MoveNodeResponse* response);
  absl::Status DissolveNode(const auth::Caller& caller, const v1::DissolveNodeRequest& request,
                            v1::DissolveNodeResponse* response);
  absl::Status StreamTree(const auth::Caller& caller, const v1::StreamTreeRequest& request,
                          const std::function<bool(v1::StreamTreeResponse&)>& emit);

 private:
  const OrgContext context_;
};

}  // namespace partygroup::org
