// The organisation as it stood during a period, for judging the period by it (第十四条's yearly
// assessment, the periods of 第四条 to 第十三条): StreamTree and StreamMembers with a period. The
// groups that existed at some time in it with their founding and dissolution days, each node in
// its place on the period's last day (today while it runs), each group's leader terms during it,
// and each member's spells in the subtree during it. Built from what every change keeps beside
// the current rows (tenure.h).
//
// The caller's rights are checked against the node as it stands now; what the node held then
// comes with it. Errors: INVALID_ARGUMENT naming the field; NOT_FOUND; PERMISSION_DENIED outside
// the caller's scope; UNAVAILABLE when the database cannot be reached.
#pragma once

#include <functional>

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "partygroup/org/v1/org_service.pb.h"
#include "services/org/org_records.h"

namespace partygroup::org {

class OrganisationOfPeriod final {
 public:
  explicit OrganisationOfPeriod(const OrgContext& context) : context_(context) {}

  // One node a message (node, leader, leader_terms), parents before children.
  absl::Status StreamTree(const auth::Caller& caller, const v1::StreamTreeRequest& request,
                          const std::function<bool(v1::StreamTreeResponse&)>& emit);
  // One member at a time, by id, with their spells.
  absl::Status StreamMembers(const auth::Caller& caller, const v1::StreamMembersRequest& request,
                             const std::function<bool(v1::Member&)>& emit);

 private:
  const OrgContext context_;
};

}  // namespace partygroup::org
