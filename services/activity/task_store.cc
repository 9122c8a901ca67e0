#include "services/activity/task_store.h"

#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
namespace {

v1::Task ReadTask(sql::Connection& c, sql::ResultSet& r, std::string* path) {
  v1::Task task = ReadTaskRow(r, path);
  Statement s = Prepare(c, q::kSelectAssignees);
  s->setInt64(1, task.id());
  Rows rows(s->executeQuery());
  while (rows->next()) ReadAssignee(*rows, 1, task.add_assignees());
  return task;
}

}  // namespace

v1::Task ReadTaskRow(sql::ResultSet& r, std::string* path) {
  v1::Task task;
  task.set_id(r.getInt64(1));
  task.set_group_id(r.getInt64(2));
  task.set_title(r.getString(3));
  task.set_description(r.getString(4));
  if (auto t = ReadTime(r.getString(5))) *task.mutable_due_time() = *t;
  if (auto t = ReadTime(r.getString(6))) *task.mutable_assign_time() = *t;
  task.set_assigned_by(r.getString(7));
  if (auto t = ReadTime(r.getString(8))) *task.mutable_check_time() = *t;
  task.set_check_note(r.getString(9));
  if (path != nullptr) *path = r.getString(10);
  return task;
}

void ReadAssignee(sql::ResultSet& r, int first, v1::TaskAssignee* assignee) {
  assignee->set_member_id(r.getInt64(first));
  assignee->set_report(r.getString(first + 1));
  if (auto t = ReadTime(r.getString(first + 2))) *assignee->mutable_report_time() = *t;
}

absl::StatusOr<int64_t> InsertTask(sql::Connection& c, const v1::Task& task,
                                   const std::string& group_path) {
  return db::Guarded("insert task", [&] {
    Statement s = Prepare(c, q::kInsertTask);
    s->setInt64(1, task.group_id());
    s->setString(2, group_path);
    s->setString(3, task.title());
    s->setString(4, task.description());
    SetTime(*s, 5, proto::FromTimestamp(task.due_time()));
    SetTime(*s, 6, proto::FromTimestamp(task.assign_time()));
    s->setString(7, task.assigned_by());
    s->execute();
    const int64_t id = LastInsertId(c);
    Statement assignee = Prepare(c, q::kInsertAssignee);
    for (const v1::TaskAssignee& a : task.assignees()) {
      assignee->setInt64(1, id);
      assignee->setInt64(2, a.member_id());
      assignee->execute();
    }
    return id;
  });
}

absl::StatusOr<StoredTask> GetTaskForUpdate(sql::Connection& c, int64_t id) {
  return db::Guarded("read task", [&]() -> absl::StatusOr<StoredTask> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectTaskForUpdate, q::kTaskColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) return absl::NotFoundError(absl::StrFormat("task %d does not exist", id));
    StoredTask stored;
    stored.task = ReadTask(c, *rows, &stored.group_path);
    return stored;
  });
}

absl::StatusOr<std::vector<v1::Task>> ListTasks(sql::Connection& c, int64_t group_id) {
  return db::Guarded("list tasks", [&] {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectTasks, q::kTaskColumns));
    s->setInt64(1, group_id);
    std::vector<v1::Task> tasks;
    Rows rows(s->executeQuery());
    while (rows->next()) tasks.push_back(ReadTask(c, *rows, nullptr));
    return tasks;
  });
}

absl::Status ReportTask(sql::Connection& c, int64_t task_id, int64_t member_id,
                        const std::string& report, absl::Time at) {
  return db::Guarded("report task", [&] {
    Statement s = Prepare(c, q::kReportTask);
    s->setString(1, report);
    SetTime(*s, 2, at);
    s->setInt64(3, task_id);
    s->setInt64(4, member_id);
    s->execute();
  });
}

absl::Status CheckTask(sql::Connection& c, int64_t task_id, absl::Time at,
                       const std::string& note) {
  return db::Guarded("check task", [&] {
    Statement s = Prepare(c, q::kCheckTask);
    SetTime(*s, 1, at);
    s->setString(2, note);
    s->setInt64(3, task_id);
    s->execute();
  });
}

}  // namespace partygroup::activity::store
