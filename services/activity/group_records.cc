#include "services/activity/group_records.h"

#include "absl/strings/str_format.h"
#include "common/status/status_macros.h"

namespace partygroup::activity {

absl::StatusOr<org::v1::Group> ReadableGroup(const ActivityContext& context,
                                             const auth::Caller& caller, int64_t group_id) {
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context.org.GetGroup(group_id));
  RETURN_IF_ERROR(
      auth::RequireRead(scope, group.node().path(), absl::StrCat("node ", group.node().id())));
  return group;
}

absl::Status RequireLeaderStep(const auth::Caller& caller, const auth::Scope& scope,
                               const std::string& group_path) {
  const bool leader = caller.role == auth::Role::kGroupLeader && auth::Covers(scope, group_path);
  if (leader || (scope.can_write && auth::Covers(scope, group_path))) return absl::OkStatus();
  return absl::PermissionDeniedError("only the group's leader or its branch may take this step");
}

absl::Status RequireBranchReview(const auth::Caller& caller, const auth::Scope& scope,
                                 const std::string& group_path) {
  const bool branch =
      (caller.role == auth::Role::kBranchSecretary || caller.role == auth::Role::kUnitAdmin) &&
      auth::Covers(scope, group_path);
  if (branch || caller.role == auth::Role::kAdmin) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "this step is the branch's: a secretary of the group's branch (第五条, 第七条, 第九条, "
      "第十三条)");
}

absl::Status RequireBackOfficeRole(const auth::Caller& caller) {
  if (caller.role == auth::Role::kAdmin || caller.role == auth::Role::kUnitAdmin) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "past records are imported by the committee's or the unit's administrators (an ADMIN or "
      "UNIT_ADMIN token), not by the branch whose year they count in");
}

absl::Status RequireBackOffice(const auth::Caller& caller, const auth::Scope& scope,
                               const std::string& group_path) {
  RETURN_IF_ERROR(RequireBackOfficeRole(caller));
  return auth::RequireWrite(scope, group_path, "this group's records");
}

bool InGroup(const org::v1::Group& group, int64_t member_id) {
  for (const org::v1::Member& member : group.members()) {
    if (member.id() == member_id) return true;
  }
  return false;
}

mutation::Event RecordEvent(std::string kind, std::string target_kind, int64_t id,
                            const org::v1::Group& group, nlohmann::json payload) {
  payload["group_id"] = group.node().id();
  return mutation::Event{std::move(kind), std::move(target_kind), id, group.node().path(),
                         payload.dump()};
}

absl::Status ValidatePeriod(const common::v1::Period& p, bool month_required) {
  if (p.year() < 2000 || p.year() > 2100 || p.month() < (month_required ? 1 : 0) ||
      p.month() > 12) {
    return absl::InvalidArgumentError(month_required ? "month: a year 2000-2100 and a month 1-12"
                                                     : "period: a year 2000-2100 and a month 0-12");
  }
  return absl::OkStatus();
}

std::string MonthKey(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

absl::StatusOr<std::string> EventScope(const ActivityContext& context, const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context.org, caller));
  if (scope.member_only) {
    return absl::PermissionDeniedError("a member may not watch the groups' events");
  }
  return scope.everything ? std::string("/") : scope.path;
}

}  // namespace partygroup::activity
