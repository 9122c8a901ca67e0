#include "services/activity/period_findings.h"

#include <algorithm>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/clients/activity_records.h"
#include "common/clients/org_records.h"
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

// The groups of a period as org says they stood in it (StreamTree and StreamMembers of the
// period): each group's node, its branch, its leader terms and its members with their spells.
struct GroupOfPeriod {
  org::v1::Node node;
  std::vector<org::v1::LeaderTerm> terms;
  std::vector<org::v1::Member> members;
};

absl::StatusOr<std::vector<GroupOfPeriod>> GroupsOfPeriod(clients::OrgClient& org, int64_t node_id,
                                                          const rules::Period& period,
                                                          bool with_members) {
  std::vector<GroupOfPeriod> groups;
  absl::flat_hash_map<int64_t, size_t> position;
  RETURN_IF_ERROR(org.StreamTreeOfPeriod(node_id, period, [&](org::v1::StreamTreeResponse& item) {
    if (item.node().kind() != org::v1::NODE_KIND_GROUP) return;
    position[item.node().id()] = groups.size();
    groups.push_back({item.node(), {item.leader_terms().begin(), item.leader_terms().end()}, {}});
  }));
  if (!with_members || groups.empty()) return groups;
  RETURN_IF_ERROR(org.StreamMembersOfPeriod(node_id, period, [&](org::v1::Member& member) {
    std::set<int64_t> in;
    for (const org::v1::MemberSpell& spell : member.spells()) in.insert(spell.group_id());
    for (int64_t group_id : in) {
      if (auto at = position.find(group_id); at != position.end()) {
        groups[at->second].members.push_back(member);
      }
    }
  }));
  return groups;
}

// The group's key for the read model: its id and everyone who led it in the period.
store::PeriodGroup PeriodGroupOf(const GroupOfPeriod& group) {
  store::PeriodGroup key{group.node.id(), {}};
  for (const org::v1::LeaderTerm& term : group.terms) {
    key.leader_member_ids.push_back(term.member_id());
  }
  return key;
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
  // The rights as the tree stands now; the period judged by the organisation as it stood then.
  int64_t node_id = request.group_id();
  if (request.group_id() > 0) {
    RETURN_IF_ERROR(ReadableGroup(context_, caller, request.group_id()).status());
  } else {
    ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
    ASSIGN_OR_RETURN(org::v1::Node branch, context_.org.GetNode(request.branch_id()));
    if (branch.kind() != org::v1::NODE_KIND_BRANCH) {
      return absl::InvalidArgumentError(
          absl::StrCat("branch_id: node ", request.branch_id(), " is not a branch"));
    }
    RETURN_IF_ERROR(auth::RequireRead(scope, branch.path(), absl::StrCat("node ", branch.id())));
    node_id = branch.id();
  }
  ASSIGN_OR_RETURN(std::vector<GroupOfPeriod> groups,
                   GroupsOfPeriod(context_.org, node_id, period, /*with_members=*/true));
  std::vector<store::PeriodGroup> keys;
  for (const GroupOfPeriod& group : groups) keys.push_back(PeriodGroupOf(group));
  ASSIGN_OR_RETURN(std::vector<v1::GroupPeriodRecords> records,
                   read_model_.Load(keys, period, /*compact=*/false));
  ASSIGN_OR_RETURN(const rules::Policy policy, context_.org.GetPolicy(0));
  response->set_policy_version(policy.version);
  const absl::Time now = absl::Now();
  for (size_t i = 0; i < groups.size(); ++i) {
    const GroupOfPeriod& group = groups[i];
    const rules::GroupPeriodResult result = rules::CheckGroupPeriod(
        clients::ToRulesActivity(
            clients::ToRulesGroup(group.node, group.node.parent_id(), group.members, group.terms),
            records[i]),
        period, now, context_.zone, policy);
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
  // 第十四条: the activities of each group the member was in during the period, held while they
  // were in it.
  ASSIGN_OR_RETURN(org::v1::ListMemberHistoryResponse history,
                   context_.org.ListMemberHistory(member.id()));
  std::vector<store::PeriodGroup> keys;
  for (const org::v1::MemberSpell& spell : history.spells()) {
    if (spell.group_id() == 0) continue;
    if (std::none_of(keys.begin(), keys.end(),
                     [&](const store::PeriodGroup& k) { return k.group_id == spell.group_id(); })) {
      keys.push_back({spell.group_id(), {}});
    }
  }
  if (keys.empty()) return absl::OkStatus();  // in no group: nothing to attend
  ASSIGN_OR_RETURN(std::vector<v1::GroupPeriodRecords> records,
                   read_model_.Load(keys, period, /*compact=*/false));
  auto in_group_on = [&](int64_t group_id, const google::protobuf::Timestamp& held) {
    const absl::CivilDay day = absl::ToCivilDay(proto::FromTimestamp(held), context_.zone);
    return std::any_of(
        history.spells().begin(), history.spells().end(), [&](const org::v1::MemberSpell& spell) {
          return spell.group_id() == group_id && clients::DaysOf(spell).Contains(day);
        });
  };
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
  for (const v1::GroupPeriodRecords& group : records) {
    const int64_t group_id = group.group_id();
    for (const v1::GroupMeeting& meeting : group.meetings()) {
      if (!meeting.has_held_time() || !in_group_on(group_id, meeting.held_time())) continue;
      auto [present, reason] = AttendanceOf(meeting.attendance(), member.id());
      add(v1::ACTIVITY_KIND_GROUP_MEETING, meeting.id(), meeting.held_time(),
          absl::StrJoin(meeting.topics(), "；"), present, reason);
    }
    for (const v1::OrgLifeMeeting& meeting : group.org_life_meetings()) {
      if (!in_group_on(group_id, meeting.held_time())) continue;
      const bool present =
          std::find(meeting.present_member_ids().begin(), meeting.present_member_ids().end(),
                    member.id()) != meeting.present_member_ids().end();
      add(v1::ACTIVITY_KIND_ORG_LIFE_MEETING, meeting.id(), meeting.held_time(), meeting.theme(),
          present, "");
    }
    for (const v1::ThemeDay& day : group.theme_days()) {
      if (!day.has_held_time() || !in_group_on(group_id, day.held_time())) continue;
      auto [present, reason] = AttendanceOf(day.attendance(), member.id());
      add(v1::ACTIVITY_KIND_THEME_DAY, day.id(), day.held_time(), day.title(), present, reason);
    }
  }
  std::sort(response->mutable_entries()->begin(), response->mutable_entries()->end(),
            [](const v1::AttendanceEntry& a, const v1::AttendanceEntry& b) {
              return proto::FromTimestamp(a.held_time()) < proto::FromTimestamp(b.held_time());
            });
  return absl::OkStatus();
}

namespace {

void WithoutPersonalDetails(v1::GroupPeriodRecords& group) {
  for (v1::DuesEntry& entry : *group.mutable_dues()) entry.clear_base_pay_fen();
  for (v1::EvaluationCampaign& campaign : *group.mutable_evaluations()) {
    for (v1::SelfEvaluation& e : *campaign.mutable_self_evaluations()) {
      e.clear_self_evaluation();
      e.clear_party_spirit_analysis();
    }
  }
}

}  // namespace

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
  RETURN_IF_ERROR(auth::RequireRead(scope, root.path(), absl::StrCat("node ", root.id())));
  // The groups that existed in the period (those dissolved during it too), as it stood.
  ASSIGN_OR_RETURN(std::vector<GroupOfPeriod> of_period,
                   GroupsOfPeriod(context_.org, root.id(), period, /*with_members=*/false));
  std::vector<store::PeriodGroup> groups;
  for (const GroupOfPeriod& group : of_period) groups.push_back(PeriodGroupOf(group));
  v1::StreamPeriodResponse response;
  // What is personal (pay bases, 党性分析 and self-evaluations) goes only to those who may change
  // the members: the assessment's SERVICE token reads who did what, not what they earn or wrote.
  const bool personal = scope.can_write;
  return read_model_.Stream(groups, period, request.compact(), dues_paid_by,
                            [&](v1::GroupPeriodRecords& group) {
                              if (!personal) WithoutPersonalDetails(group);
                              *response.mutable_group() = std::move(group);
                              return emit(response);
                            });
}

}  // namespace partygroup::activity
