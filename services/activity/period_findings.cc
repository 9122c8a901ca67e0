#include "services/activity/period_findings.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/clients/activity_records.h"
#include "common/proto/convert.h"
#include "common/proto/findings.h"
#include "common/rules/period.h"
#include "common/status/status_macros.h"

namespace partygroup::activity {
namespace {

absl::StatusOr<rules::Period> ToPeriod(const common::v1::Period& p, bool present) {
  if (!present || p.year() < 2000 || p.year() > 2100 || p.month() < 0 || p.month() > 12) {
    return absl::InvalidArgumentError("period: a year 2000-2100 and a month 0-12 (0: the year)");
  }
  return rules::Period{p.year(), p.month()};
}

store::PeriodGroup PeriodGroupOf(const org::v1::Group& group) {
  return {group.node().id(), group.has_leader() ? group.leader().member_id() : 0};
}

void AddMetrics(const rules::GroupMetrics& m, v1::ListFindingsResponse* response) {
  response->set_meeting_months_due(response->meeting_months_due() + m.meeting_months_due);
  response->set_meeting_months_met(response->meeting_months_met() + m.meeting_months_met);
  response->set_talk_members_due(response->talk_members_due() + m.talk_members_due);
  response->set_talk_members_covered(response->talk_members_covered() + m.talk_members_covered);
  response->set_dues_months_due(response->dues_months_due() + m.dues_months_due);
  response->set_dues_months_paid(response->dues_months_paid() + m.dues_months_paid);
  response->set_cadre_meetings_due(response->cadre_meetings_due() + m.cadre_meetings_due);
  response->set_cadre_meetings_attended(response->cadre_meetings_attended() +
                                        m.cadre_meetings_attended);
  response->set_groups_checked(response->groups_checked() + 1);
}

// Whether `member_id` attended, and the reason given if not.
template <typename Attendances>
std::pair<bool, std::string> AttendanceOf(const Attendances& attendance, int64_t member_id) {
  bool present = false;
  std::string reason;
  for (const v1::Attendance& a : attendance) {
    if (a.member_id() != member_id) continue;
    present = a.present();
    reason = a.absence_reason();
  }
  return {present, reason};
}

}  // namespace

absl::Status PeriodFindings::ListFindings(const auth::Caller& caller,
                                          const v1::ListFindingsRequest& request,
                                          v1::ListFindingsResponse* response) {
  if ((request.group_id() > 0) == (request.branch_id() > 0) || request.group_id() < 0 ||
      request.branch_id() < 0) {
    return absl::InvalidArgumentError("group_id, branch_id: exactly one of them");
  }
  ASSIGN_OR_RETURN(rules::Period period, ToPeriod(request.period(), request.has_period()));
  std::vector<org::v1::Group> groups;
  if (request.group_id() > 0) {
    ASSIGN_OR_RETURN(org::v1::Group group, ReadableGroup(context_, caller, request.group_id()));
    groups.push_back(std::move(group));
  } else {
    ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
    ASSIGN_OR_RETURN(org::v1::Node branch, context_.org.GetNode(request.branch_id()));
    if (branch.kind() != org::v1::NODE_KIND_BRANCH) {
      return absl::InvalidArgumentError(
          absl::StrCat("branch_id: node ", request.branch_id(), " is not a branch"));
    }
    RETURN_IF_ERROR(auth::RequireRead(scope, branch.path(), branch.name()));
    std::vector<int64_t> group_ids;
    RETURN_IF_ERROR(
        context_.org.StreamTree(branch.id(), false, [&](org::v1::StreamTreeResponse& item) {
          if (item.node().kind() == org::v1::NODE_KIND_GROUP) group_ids.push_back(item.node().id());
        }));
    for (int64_t id : group_ids) {
      ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(id));
      groups.push_back(std::move(group));
    }
  }
  std::vector<store::PeriodGroup> keys;
  for (const org::v1::Group& group : groups) keys.push_back(PeriodGroupOf(group));
  ASSIGN_OR_RETURN(std::vector<v1::GroupPeriodRecords> records,
                   read_model_.Load(keys, period, /*compact=*/false));
  const absl::Time now = absl::Now();
  for (size_t i = 0; i < groups.size(); ++i) {
    const rules::GroupPeriodResult result = rules::CheckGroupPeriod(
        clients::ToRulesActivity(clients::ToRulesGroup(groups[i]), records[i]), period, now,
        context_.zone, config_);
    for (const rules::Finding& finding : result.findings) {
      *response->add_findings() = proto::ToProto(finding, now);
    }
    AddMetrics(result.metrics, response);
  }
  return absl::OkStatus();
}

absl::Status PeriodFindings::GetCadreAttendance(const auth::Caller& caller,
                                                const v1::GetCadreAttendanceRequest& request,
                                                v1::GetCadreAttendanceResponse* response) {
  if (request.member_id() <= 0) return absl::InvalidArgumentError("member_id: required");
  ASSIGN_OR_RETURN(rules::Period period, ToPeriod(request.period(), request.has_period()));
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Member member, context_.org.GetMember(request.member_id()));
  ASSIGN_OR_RETURN(org::v1::Node branch, context_.org.GetNode(member.branch_id()));
  RETURN_IF_ERROR(auth::RequireReadMember(scope, member.id(), branch.path()));
  response->set_member_id(member.id());
  response->set_member_name(member.name());
  response->set_leading_cadre(member.leading_cadre());
  response->set_group_id(member.group_id());
  if (member.group_id() == 0) return absl::OkStatus();  // in no group: nothing to attend
  ASSIGN_OR_RETURN(std::vector<v1::GroupPeriodRecords> records,
                   read_model_.Load({{member.group_id(), 0}}, period, /*compact=*/false));
  const v1::GroupPeriodRecords& group = records.front();
  auto add = [&](v1::ActivityKind kind, int64_t id, const google::protobuf::Timestamp& held,
                 std::string title, bool present, std::string reason) {
    v1::AttendanceEntry* entry = response->add_entries();
    entry->set_kind(kind);
    entry->set_activity_id(id);
    *entry->mutable_held_time() = held;
    entry->set_title(std::move(title));
    entry->set_present(present);
    entry->set_absence_reason(std::move(reason));
    response->set_activities_held(response->activities_held() + 1);
    if (present) response->set_activities_attended(response->activities_attended() + 1);
  };
  for (const v1::GroupMeeting& meeting : group.meetings()) {
    if (!meeting.has_held_time()) continue;
    auto [present, reason] = AttendanceOf(meeting.attendance(), member.id());
    add(v1::ACTIVITY_KIND_GROUP_MEETING, meeting.id(), meeting.held_time(),
        absl::StrJoin(meeting.topics(), "；"), present, reason);
  }
  for (const v1::OrgLifeMeeting& meeting : group.org_life_meetings()) {
    const bool present =
        std::find(meeting.present_member_ids().begin(), meeting.present_member_ids().end(),
                  member.id()) != meeting.present_member_ids().end();
    add(v1::ACTIVITY_KIND_ORG_LIFE_MEETING, meeting.id(), meeting.held_time(), meeting.theme(),
        present, "");
  }
  for (const v1::ThemeDay& day : group.theme_days()) {
    if (!day.has_held_time()) continue;
    auto [present, reason] = AttendanceOf(day.attendance(), member.id());
    add(v1::ACTIVITY_KIND_THEME_DAY, day.id(), day.held_time(), day.title(), present, reason);
  }
  std::sort(response->mutable_entries()->begin(), response->mutable_entries()->end(),
            [](const v1::AttendanceEntry& a, const v1::AttendanceEntry& b) {
              return proto::FromTimestamp(a.held_time()) < proto::FromTimestamp(b.held_time());
            });
  return absl::OkStatus();
}

absl::Status PeriodFindings::StreamPeriod(
    const auth::Caller& caller, const v1::StreamPeriodRequest& request,
    const std::function<bool(v1::StreamPeriodResponse&)>& emit) {
  if (request.node_id() <= 0) return absl::InvalidArgumentError("node_id: required");
  ASSIGN_OR_RETURN(rules::Period period, ToPeriod(request.period(), request.has_period()));
  if (request.has_dues_paid_by() && !request.compact()) {
    return absl::InvalidArgumentError("dues_paid_by: only with compact");
  }
  std::optional<absl::Time> dues_paid_by;
  if (request.has_dues_paid_by()) dues_paid_by = proto::FromTimestamp(request.dues_paid_by());
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Node root, context_.org.GetNode(request.node_id()));
  RETURN_IF_ERROR(auth::RequireRead(scope, root.path(), root.name()));
  // Groups dissolved during the period still recorded things in it.
  const absl::Time start = rules::PeriodStart(period, context_.zone);
  std::vector<store::PeriodGroup> groups;
  RETURN_IF_ERROR(context_.org.StreamTree(root.id(), true, [&](org::v1::StreamTreeResponse& item) {
    const org::v1::Node& node = item.node();
    if (node.kind() != org::v1::NODE_KIND_GROUP) return;
    if (node.has_dissolve_time() && proto::FromTimestamp(node.dissolve_time()) < start) return;
    groups.push_back({node.id(), item.has_leader() ? item.leader().member_id() : 0});
  }));
  v1::StreamPeriodResponse response;
  return read_model_.Stream(groups, period, request.compact(), dues_paid_by,
                            [&](v1::GroupPeriodRecords& group) {
                              *response.mutable_group() = std::move(group);
                              return emit(response);
                            });
}

}  // namespace partygroup::activity
