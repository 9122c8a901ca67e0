// A period judged: the rules library's findings for a group or every group of a branch (第四条
// to 第九条, 第十二条 to 第十四条), a member's attendance at their group's activities (第十四条),
// and the stream of every group's records under a node that the assessment scores. Read through the
// period read model (period_read_model.h).
#pragma once

#include <functional>

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"
#include "services/activity/period_read_model.h"

namespace partygroup::activity {

class PeriodFindings final {
 public:
  PeriodFindings(const ActivityContext& context, const PeriodReadModel& read_model)
      : context_(context), read_model_(read_model) {}

  // Judged now under the current policy (org's), with the rates behind the findings.
  absl::Status ListFindings(const auth::Caller& caller, const v1::ListFindingsRequest& request,
                            v1::ListFindingsResponse* response);
  // MEMBER callers may read their own.
  absl::Status GetCadreAttendance(const auth::Caller& caller,
                                  const v1::GetCadreAttendanceRequest& request,
                                  v1::GetCadreAttendanceResponse* response);
  // Every group under a node (those dissolved during the period too) with its records of the
  // period, to `emit` one by one (false: stop).
  absl::Status StreamPeriod(const auth::Caller& caller, const v1::StreamPeriodRequest& request,
                            const std::function<bool(v1::StreamPeriodResponse&)>& emit);

 private:
  const ActivityContext context_;
  const PeriodReadModel& read_model_;
};

}  // namespace partygroup::activity
