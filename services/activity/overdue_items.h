// Deadlines passed, announced once each as events for the OA to-do lists: tasks (第十二条),
// rectification items (第六条) and evaluation campaigns (第七条) past their deadline and not
// finished become TASK_OVERDUE, RECTIFICATION_OVERDUE and EVALUATION_OVERDUE. OverdueSweeper
// runs it in the background.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class OverdueItems final {
 public:
  explicit OverdueItems(const ActivityContext& context) : context_(context) {}

  // Announces what is overdue at `now`; returns how many it announced. Safe to run from several
  // instances at once (the items are locked while announced).
  absl::StatusOr<int> AnnounceOverdue(absl::Time now);

 private:
  const ActivityContext context_;
};

}  // namespace partygroup::activity
