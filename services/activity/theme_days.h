// 第九条: theme days (主题党日) — requested by the leader, consented to by the branch before they
// are held (应当报党支部同意), then recorded with their attendance.
#pragma once

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class ThemeDays final {
 public:
  explicit ThemeDays(const ActivityContext& context) : context_(context) {}

  absl::Status RequestThemeDay(const auth::Caller& caller,
                               const v1::RequestThemeDayRequest& request,
                               v1::RequestThemeDayResponse* response);
  // By a secretary of the group's branch.
  absl::Status ReviewThemeDay(const auth::Caller& caller, const v1::ReviewThemeDayRequest& request,
                              v1::ReviewThemeDayResponse* response);
  // Refused as THEME_DAY_NO_CONSENT unless consented to before `held_time`.
  absl::Status RecordThemeDayHeld(const auth::Caller& caller,
                                  const v1::RecordThemeDayHeldRequest& request,
                                  v1::RecordThemeDayHeldResponse* response);
  absl::Status ListThemeDays(const auth::Caller& caller, const v1::ListThemeDaysRequest& request,
                             v1::ListThemeDaysResponse* response);

 private:
  const ActivityContext context_;
};

}  // namespace partygroup::activity
