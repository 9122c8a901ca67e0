// 第十二条（三）: the tasks' rows (task, task_assignee). Every function returns a status and keeps
// its exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

struct StoredTask {
  v1::Task task;
  std::string group_path;
};
// A task with its assignees; its id.
absl::StatusOr<int64_t> InsertTask(sql::Connection& c, const v1::Task& task,
                                   const std::string& group_path);
// NOT_FOUND when there is no such task. With its assignees.
absl::StatusOr<StoredTask> GetTaskForUpdate(sql::Connection& c, int64_t id);
absl::StatusOr<std::vector<v1::Task>> ListTasks(sql::Connection& c, int64_t group_id);
absl::Status ReportTask(sql::Connection& c, int64_t task_id, int64_t member_id,
                        const std::string& report, absl::Time at);
absl::Status CheckTask(sql::Connection& c, int64_t task_id, absl::Time at, const std::string& note);

// The row readers the period read model shares (sql_text::kTaskColumns without the assignees,
// and an assignee from column `first`). They throw as Connector/C++ does.
v1::Task ReadTaskRow(sql::ResultSet& r, std::string* path);
void ReadAssignee(sql::ResultSet& r, int first, v1::TaskAssignee* assignee);

}  // namespace partygroup::activity::store
