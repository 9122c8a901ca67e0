// 第十二条（三）: tasks — the leader assigns them to members (根据党支部决议和工作安排，向党员布置
// 任务), each member reports on theirs, the leader checks them (负责督促检查). Tasks past due and
// unchecked are announced by the overdue sweep (overdue_items.h).
#pragma once

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class Tasks final {
 public:
  explicit Tasks(const ActivityContext& context) : context_(context) {}

  absl::Status AssignTask(const auth::Caller& caller, const v1::AssignTaskRequest& request,
                          v1::AssignTaskResponse* response);
  // A MEMBER token reports for itself; the leader may record a member's report.
  absl::Status ReportTask(const auth::Caller& caller, const v1::ReportTaskRequest& request,
                          v1::ReportTaskResponse* response);
  absl::Status CheckTask(const auth::Caller& caller, const v1::CheckTaskRequest& request,
                         v1::CheckTaskResponse* response);
  absl::Status ListTasks(const auth::Caller& caller, const v1::ListTasksRequest& request,
                         v1::ListTasksResponse* response);

 private:
  const ActivityContext context_;
};

}  // namespace partygroup::activity
