#include "services/activity/theme_days.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/activity_records.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/records.h"
#include "common/status/status_macros.h"
#include "services/activity/theme_day_store.h"

namespace partygroup::activity {

using mutation::Journal;
using mutation::MutationRequest;

absl::Status ThemeDays::RequestThemeDay(const auth::Caller& caller,
                                        const v1::RequestThemeDayRequest& request,
                                        v1::RequestThemeDayResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  if (request.kind() == v1::THEME_DAY_KIND_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "kind: STUDY, PARTY_LECTURE, ORG_LIFE, DEMOCRATIC_DELIBERATION or VOLUNTEER_SERVICE");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RequestThemeDay", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        v1::ThemeDay day;
        day.set_group_id(group.node().id());
        day.set_kind(request.kind());
        day.set_title(request.title());
        if (request.has_planned_time()) *day.mutable_planned_time() = request.planned_time();
        *day.mutable_request_time() = proto::ToTimestamp(absl::Now());
        ASSIGN_OR_RETURN(const int64_t id, store::InsertThemeDay(c, day, group.node().path()));
        ASSIGN_OR_RETURN(store::StoredThemeDay stored, store::GetThemeDayForUpdate(c, id));
        journal.SetTarget("theme_day", id);
        // The branch's to-do: consent asked for (应当报党支部同意).
        journal.AddEvent(RecordEvent("THEME_DAY_CONSENT_REQUESTED", "theme_day", id, group,
                                     {{"title", request.title()}}));
        *response->mutable_theme_day() = std::move(stored.theme_day);
        return absl::OkStatus();
      });
}

absl::Status ThemeDays::ReviewThemeDay(const auth::Caller& caller,
                                       const v1::ReviewThemeDayRequest& request,
                                       v1::ReviewThemeDayResponse* response) {
  if (request.theme_day_id() <= 0) return absl::InvalidArgumentError("theme_day_id: required");
  if (!request.consent() && request.rejection_reason().empty()) {
    return absl::InvalidArgumentError("rejection_reason: required when refusing consent");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ReviewThemeDay", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredThemeDay stored,
                         store::GetThemeDayForUpdate(c, request.theme_day_id()));
        RETURN_IF_ERROR(RequireBranchReview(caller, scope, stored.group_path));
        if (stored.theme_day.status() != v1::THEME_DAY_STATUS_REQUESTED) {
          return absl::FailedPreconditionError("only a requested theme day is reviewed (第九条)");
        }
        RETURN_IF_ERROR(store::ReviewThemeDay(c, stored.theme_day.id(), request.consent(),
                                              absl::Now(), caller.subject,
                                              request.rejection_reason()));
        ASSIGN_OR_RETURN(store::StoredThemeDay reviewed,
                         store::GetThemeDayForUpdate(c, stored.theme_day.id()));
        journal.SetTarget("theme_day", stored.theme_day.id());
        journal.AddEvent(
            mutation::Event{request.consent() ? "THEME_DAY_CONSENTED" : "THEME_DAY_REJECTED",
                            "theme_day", stored.theme_day.id(), stored.group_path, "{}"});
        *response->mutable_theme_day() = std::move(reviewed.theme_day);
        return absl::OkStatus();
      });
}

absl::Status ThemeDays::RecordThemeDayHeld(const auth::Caller& caller,
                                           const v1::RecordThemeDayHeldRequest& request,
                                           v1::RecordThemeDayHeldResponse* response) {
  if (request.theme_day_id() <= 0) return absl::InvalidArgumentError("theme_day_id: required");
  if (!request.has_held_time()) return absl::InvalidArgumentError("held_time: required");
  const absl::Time held_at = proto::FromTimestamp(request.held_time());
  if (held_at > absl::Now() + absl::Hours(1)) {
    return absl::InvalidArgumentError("held_time: in the future");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  int64_t group_id = 0;
  RETURN_IF_ERROR(
      db::RunWithConnection(context_.pool, "RecordThemeDayHeld", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(store::StoredThemeDay stored,
                         store::GetThemeDayForUpdate(c, request.theme_day_id()));
        group_id = stored.theme_day.group_id();
        return absl::OkStatus();
      }));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(group_id));
  // Rights before the attendance is checked against the group, which would tell who is in it.
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  for (const v1::Attendance& a : request.attendance()) {
    if (!InGroup(group, a.member_id())) {
      return absl::InvalidArgumentError(
          absl::StrCat("attendance: member ", a.member_id(), " is not in the group"));
    }
  }
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordThemeDayHeld", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredThemeDay stored,
                         store::GetThemeDayForUpdate(c, request.theme_day_id()));
        RETURN_IF_ERROR(RequireLeaderStep(caller, scope, stored.group_path));
        if (stored.theme_day.status() == v1::THEME_DAY_STATUS_HELD) {
          return absl::FailedPreconditionError("the theme day has been recorded already");
        }
        // 第九条: 党小组开展主题党日，应当报党支部同意 — before the day, not after it.
        rules::ThemeDay day;
        day.id = stored.theme_day.id();
        day.group_id = stored.theme_day.group_id();
        if (stored.theme_day.status() == v1::THEME_DAY_STATUS_CONSENTED) {
          day.consent_at = proto::FromTimestamp(stored.theme_day.consent_time());
        }
        day.held_at = held_at;
        RETURN_IF_ERROR(
            rules::RefuseViolations(rules::CheckThemeDayHeld(day, clients::ToRulesGroup(group))));
        RETURN_IF_ERROR(store::HoldThemeDay(
            c, stored.theme_day.id(), held_at,
            std::vector<v1::Attendance>(request.attendance().begin(), request.attendance().end())));
        ASSIGN_OR_RETURN(store::StoredThemeDay held,
                         store::GetThemeDayForUpdate(c, stored.theme_day.id()));
        journal.SetTarget("theme_day", stored.theme_day.id());
        journal.AddEvent(RecordEvent("THEME_DAY_HELD", "theme_day", stored.theme_day.id(), group,
                                     {{"members", request.attendance_size()}}));
        *response->mutable_theme_day() = std::move(held.theme_day);
        return absl::OkStatus();
      });
}

absl::Status ThemeDays::ListThemeDays(const auth::Caller& caller,
                                      const v1::ListThemeDaysRequest& request,
                                      v1::ListThemeDaysResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(org::v1::Group group, ReadableGroup(context_, caller, request.group_id()));
  return db::RunWithConnection(context_.pool, "ListThemeDays", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(std::vector<v1::ThemeDay> days, store::ListThemeDays(c, group.node().id()));
    for (v1::ThemeDay& day : days) *response->add_theme_days() = std::move(day);
    return absl::OkStatus();
  });
}

}  // namespace partygroup::activity
