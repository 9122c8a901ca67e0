#include "services/activity/tasks.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "services/activity/task_store.h"

namespace partygroup::activity {

using mutation::Journal;
using mutation::MutationRequest;

absl::Status Tasks::AssignTask(const auth::Caller& caller, const v1::AssignTaskRequest& request,
                               v1::AssignTaskResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  if (request.member_ids().empty()) {
    return absl::InvalidArgumentError("member_ids: at least one member");
  }
  if (!request.has_due_time()) return absl::InvalidArgumentError("due_time: required");
  if (proto::FromTimestamp(request.due_time()) <= absl::Now()) {
    return absl::InvalidArgumentError("due_time: already past");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  // 第十二条（三）: 根据党支部决议和工作安排，向党员布置任务.
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  std::set<int64_t> seen;
  for (int64_t id : request.member_ids()) {
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(absl::StrCat("member_ids: ", id, " is listed twice"));
    }
    if (!InGroup(group, id)) {
      return absl::InvalidArgumentError(absl::StrCat("member_ids: ", id, " is not in the group"));
    }
  }
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "AssignTask", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        v1::Task task;
        task.set_group_id(group.node().id());
        task.set_title(request.title());
        task.set_description(request.description());
        *task.mutable_due_time() = request.due_time();
        *task.mutable_assign_time() = proto::ToTimestamp(absl::Now());
        task.set_assigned_by(caller.subject);
        for (int64_t id : request.member_ids()) task.add_assignees()->set_member_id(id);
        ASSIGN_OR_RETURN(const int64_t id, store::InsertTask(c, task, group.node().path()));
        ASSIGN_OR_RETURN(store::StoredTask stored, store::GetTaskForUpdate(c, id));
        journal.SetTarget("task", id);
        // The members' to-do.
        journal.AddEvent(
            RecordEvent("TASK_ASSIGNED", "task", id, group,
                        {{"member_ids", request.member_ids()}, {"title", request.title()}}));
        *response->mutable_task() = std::move(stored.task);
        return absl::OkStatus();
      });
}

absl::Status Tasks::ReportTask(const auth::Caller& caller, const v1::ReportTaskRequest& request,
                               v1::ReportTaskResponse* response) {
  if (request.task_id() <= 0) return absl::InvalidArgumentError("task_id: required");
  if (request.member_id() <= 0) return absl::InvalidArgumentError("member_id: required");
  if (request.report().empty()) return absl::InvalidArgumentError("report: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ReportTask", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredTask stored, store::GetTaskForUpdate(c, request.task_id()));
        // A member reports on their own task; the leader may record it for them.
        const bool self = scope.member_only && scope.member_id == request.member_id();
        if (!self) RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        bool assignee = false;
        for (const v1::TaskAssignee& a : stored.task.assignees()) {
          assignee = assignee || a.member_id() == request.member_id();
        }
        if (!assignee) {
          return absl::InvalidArgumentError(
              absl::StrCat("member_id: member ", request.member_id(), " was not given the task"));
        }
        RETURN_IF_ERROR(store::ReportTask(c, stored.task.id(), request.member_id(),
                                          request.report(), absl::Now()));
        ASSIGN_OR_RETURN(store::StoredTask reported, store::GetTaskForUpdate(c, stored.task.id()));
        journal.SetTarget("task", stored.task.id());
        // The leader's to-do: a report to check (负责督促检查).
        journal.AddEvent(
            mutation::Event{"TASK_REPORTED", "task", stored.task.id(), stored.group_path,
                            nlohmann::json{{"member_id", request.member_id()}}.dump()});
        *response->mutable_task() = std::move(reported.task);
        return absl::OkStatus();
      });
}

absl::Status Tasks::CheckTask(const auth::Caller& caller, const v1::CheckTaskRequest& request,
                              v1::CheckTaskResponse* response) {
  if (request.task_id() <= 0) return absl::InvalidArgumentError("task_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "CheckTask", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredTask stored, store::GetTaskForUpdate(c, request.task_id()));
        RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        if (stored.task.has_check_time()) {
          return absl::FailedPreconditionError("the task has been checked already");
        }
        RETURN_IF_ERROR(store::CheckTask(c, stored.task.id(), absl::Now(), request.note()));
        ASSIGN_OR_RETURN(store::StoredTask checked, store::GetTaskForUpdate(c, stored.task.id()));
        journal.SetTarget("task", stored.task.id());
        journal.AddEvent(
            mutation::Event{"TASK_CHECKED", "task", stored.task.id(), stored.group_path, "{}"});
        *response->mutable_task() = std::move(checked.task);
        return absl::OkStatus();
      });
}

absl::Status Tasks::ListTasks(const auth::Caller& caller, const v1::ListTasksRequest& request,
                              v1::ListTasksResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(org::v1::Group group, ReadableGroup(context_, caller, request.group_id()));
  return db::RunWithConnection(context_.pool, "ListTasks", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(std::vector<v1::Task> tasks, store::ListTasks(c, group.node().id()));
    for (v1::Task& task : tasks) *response->add_tasks() = std::move(task);
    return absl::OkStatus();
  });
}

}  // namespace partygroup::activity
