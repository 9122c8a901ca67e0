// 第六条: org-life meetings (组织生活会) — planned, prepared by study, talks and opinions gathered
// (会前), held with the problems found and criticism and self-criticism (会上), rectified item by
// item and reported to the branch (会后). Rectification items past their deadline are announced
// by the overdue sweep (overdue_items.h).
#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"
#include "services/activity/org_life_store.h"

namespace partygroup::activity {

class OrgLife final {
 public:
  explicit OrgLife(const ActivityContext& context) : context_(context) {}

  absl::Status PlanOrgLifeMeeting(const auth::Caller& caller,
                                  const v1::PlanOrgLifeMeetingRequest& request,
                                  v1::PlanOrgLifeMeetingResponse* response);
  absl::Status RecordOrgLifePreparation(const auth::Caller& caller,
                                        const v1::RecordOrgLifePreparationRequest& request,
                                        v1::RecordOrgLifePreparationResponse* response);
  // Refused as ORGLIFE_UNPREPARED without study, talks and opinions gathered before it.
  absl::Status RecordOrgLifeMeetingHeld(const auth::Caller& caller,
                                        const v1::RecordOrgLifeMeetingHeldRequest& request,
                                        v1::RecordOrgLifeMeetingHeldResponse* response);
  absl::Status AddRectificationItem(const auth::Caller& caller,
                                    const v1::AddRectificationItemRequest& request,
                                    v1::AddRectificationItemResponse* response);
  absl::Status CompleteRectificationItem(const auth::Caller& caller,
                                         const v1::CompleteRectificationItemRequest& request,
                                         v1::CompleteRectificationItemResponse* response);
  absl::Status ReportOrgLifeMeeting(const auth::Caller& caller,
                                    const v1::ReportOrgLifeMeetingRequest& request,
                                    v1::ReportOrgLifeMeetingResponse* response);
  absl::Status ListOrgLifeMeetings(const auth::Caller& caller,
                                   const v1::ListOrgLifeMeetingsRequest& request,
                                   v1::ListOrgLifeMeetingsResponse* response);

 private:
  using Step = std::function<absl::Status(sql::Connection&, const store::StoredOrgLife&)>;
  // Runs a step on a meeting: locks it, checks the caller leads (or may change) the group, runs
  // `step`, and answers the meeting as it then stands.
  template <typename Response>
  absl::Status RunStep(const auth::Caller& caller, const std::string& method,
                       const std::string& request_id, int64_t meeting_id,
                       const std::string& event_kind, Response* response, const Step& step);

  const ActivityContext context_;
};

}  // namespace partygroup::activity
