// 第四条 and 第十二条（七）: dues (党费) collected by the group's leader, a member-month at a time,
// the amount from the base pay by the national brackets (common/rules/dues.h); a group's
// entries with each member's months still owed.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class DuesCollection final {
 public:
  explicit DuesCollection(const ActivityContext& context) : context_(context) {}

  absl::Status RecordDues(const auth::Caller& caller, const v1::RecordDuesRequest& request,
                          v1::RecordDuesResponse* response);
  // The entries of a period and, for every member of the group now, the months owed.
  absl::Status ListDues(const auth::Caller& caller, const v1::ListDuesRequest& request,
                        v1::ListDuesResponse* response);

 private:
  const ActivityContext context_;
};

// A member-month of dues of a member of `group`, its amount computed (中组发〔2008〕3号: the
// national amount, more, or less and nothing as approved) and whether it was paid late (in
// `zone`), as it will be stored. Shared with the back office's import.
absl::StatusOr<v1::DuesEntry> PrepareDues(const v1::RecordDuesRequest& request,
                                          const org::v1::Group& group, const std::string& collector,
                                          absl::TimeZone zone);

}  // namespace partygroup::activity
