// 第八条: talks (谈心谈话) between members of a group, the leader's above all: recorded by the
// leader (or the branch), listed by period. The rules judge who had no talk with the leader in
// the year (period_findings.h).
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class Talks final {
 public:
  explicit Talks(const ActivityContext& context) : context_(context) {}

  absl::Status RecordTalk(const auth::Caller& caller, const v1::RecordTalkRequest& request,
                          v1::RecordTalkResponse* response);
  absl::Status ListTalks(const auth::Caller& caller, const v1::ListTalksRequest& request,
                         v1::ListTalksResponse* response);

 private:
  const ActivityContext context_;
};

// A talk between two different members of `group`, held (not in the future): as it will be
// stored. Shared with the back office's import.
absl::StatusOr<v1::Talk> PrepareTalk(const v1::RecordTalkRequest& request,
                                     const org::v1::Group& group);

}  // namespace partygroup::activity
