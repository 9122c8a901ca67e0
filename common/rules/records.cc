#include "common/rules/records.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/rules/catalogue.h"
#include "common/rules/subjects.h"
#include "common/rules/tenure.h"

namespace partygroup::rules {
namespace {

bool Contains(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string FormatInstant(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

Finding MeetingFinding(absl::string_view code, Severity severity, int64_t meeting_id,
                       absl::string_view kind, const Group& group, std::string message,
                       std::vector<Evidence> evidence = {}) {
  Subject subject = MeetingSubject(meeting_id, kind);
  subject.name = group.name;
  return InGroup(
      MakeFinding(code, severity, std::move(subject), std::move(message), std::move(evidence)),
      group);
}

}  // namespace

absl::string_view MeetingStepName(MeetingStep step) {
  switch (step) {
    case MeetingStep::kRequested:
      return "REQUESTED";
    case MeetingStep::kRejected:
      return "REJECTED";
    case MeetingStep::kApproved:
      return "APPROVED";
    case MeetingStep::kNotified:
      return "NOTIFIED";
    case MeetingStep::kHeld:
      return "HELD";
    case MeetingStep::kArchived:
      return "ARCHIVED";
  }
  return "UNSPECIFIED";
}

absl::Status RequireMeetingStep(int64_t meeting_id, MeetingStep at, MeetingStep needed,
                                absl::string_view action) {
  if (at == needed) return absl::OkStatus();
  if (at == MeetingStep::kArchived) {
    return absl::FailedPreconditionError(
        absl::StrCat("group meeting ", meeting_id,
                     " is archived and read-only (第五条: 存档备查); "
                     "record a correction with AmendGroupMeeting"));
  }
  std::string missing;
  switch (at) {
    case MeetingStep::kRequested:
    case MeetingStep::kRejected:
      missing = absl::StrCat(kMeetingNotRequested, " (第五条): 党小组会须经党支部同意");
      break;
    case MeetingStep::kApproved:
      missing = absl::StrCat(kMeetingNoNotice, " (第五条): 会前须将议题通知全体党员");
      break;
    default:
      missing = absl::StrCat("第五条: the meeting is ", MeetingStepName(at));
  }
  return absl::FailedPreconditionError(
      absl::StrCat(action, " needs a ", MeetingStepName(needed), " meeting; ", missing));
}

absl::Status RequireAmendable(MeetingStep at) {
  if (at == MeetingStep::kHeld || at == MeetingStep::kArchived) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "only the record of a held meeting is amended (第五条: 会议应当做好记录)");
}

absl::Status CheckPastMeetingOrder(absl::Time requested, absl::Time approved, absl::Time notified) {
  // 会前请示 → 党支部同意 → 通知全体党员 → 召开: out of order is what the article forbids.
  if (approved < requested || notified < approved) {
    return absl::FailedPreconditionError(absl::StrCat(
        kMeetingNotRequested,
        " (第五条): the branch's approval follows the request and the notice follows the "
        "approval"));
  }
  return absl::OkStatus();
}

std::vector<Finding> CheckMeetingRequest(const GroupMeeting& meeting, const Group& group) {
  bool has_topic = false;
  for (const std::string& topic : meeting.topics) {
    if (!topic.empty()) has_topic = true;
  }
  if (has_topic) return {};
  return {MeetingFinding(kMeetingNoTopics, Severity::kViolation, meeting.id, "group_meeting", group,
                         "党小组会请示须确定会议内容，列明议题")};
}

std::vector<Finding> CheckMeetingHeld(const GroupMeeting& meeting, const Group& group) {
  std::vector<Finding> findings;
  const absl::Time held = meeting.held_at.value_or(absl::InfiniteFuture());
  // 会前，党小组组长应当向党支部请示 — and the branch agreed before the meeting.
  if (!meeting.approved_at.has_value() || *meeting.approved_at > held) {
    findings.push_back(MeetingFinding(
        kMeetingNotRequested, Severity::kViolation, meeting.id, "group_meeting", group,
        meeting.approved_at.has_value() ? "党小组会在党支部同意之前召开" : "党小组会未经党支部同意",
        {{"approved_at", meeting.approved_at ? FormatInstant(*meeting.approved_at) : "无"}}));
  }
  // 将议题通知全体党员.
  std::vector<std::string> not_notified;
  for (const Member& member : group.members) {
    if (!Contains(meeting.notified_member_ids, member.id)) not_notified.push_back(member.name);
  }
  if (!meeting.notified_at.has_value() || *meeting.notified_at > held || !not_notified.empty()) {
    std::vector<Evidence> evidence;
    if (!meeting.notified_at.has_value() || *meeting.notified_at > held) {
      evidence.push_back(
          {"notified_at", meeting.notified_at ? FormatInstant(*meeting.notified_at) : "无"});
    }
    if (!not_notified.empty()) {
      evidence.push_back({"not_notified", absl::StrJoin(not_notified, "、")});
    }
    findings.push_back(MeetingFinding(kMeetingNoNotice, Severity::kViolation, meeting.id,
                                      "group_meeting", group, "会前须将议题通知全体党员",
                                      std::move(evidence)));
  }
  // 党小组会由党小组组长召集并主持.
  if (!group.leader_id.has_value() || meeting.chair_id != *group.leader_id) {
    findings.push_back(MeetingFinding(
        kMeetingChairNotLeader, Severity::kViolation, meeting.id, "group_meeting", group,
        group.leader_id.has_value() ? "党小组会须由党小组组长主持"
                                    : "党小组尚无组长，不能由组长主持党小组会",
        {{"chair_id", absl::StrCat(meeting.chair_id)},
         {"leader_id", group.leader_id ? absl::StrCat(*group.leader_id) : "无"}}));
  }
  // Attendance for every member, so that 督促党员按时参加 can be followed (第四条（三）).
  std::vector<std::string> unrecorded;
  for (const Member& member : group.members) {
    const bool recorded = std::any_of(
        meeting.attendance.begin(), meeting.attendance.end(),
        [&](const Attendance& attendance) { return attendance.member_id == member.id; });
    if (!recorded) unrecorded.push_back(member.name);
  }
  if (!unrecorded.empty()) {
    findings.push_back(MeetingFinding(
        kMeetingAttendanceIncomplete, Severity::kViolation, meeting.id, "group_meeting", group,
        "须记录每名党员的出席情况", {{"unrecorded", absl::StrJoin(unrecorded, "、")}}));
  }
  // 会议应当做好记录，存档备查.
  if (meeting.minutes.empty()) {
    findings.push_back(MeetingFinding(kMeetingNoMinutes, Severity::kViolation, meeting.id,
                                      "group_meeting", group, "党小组会应当做好记录"));
  }
  return findings;
}

std::vector<Finding> CheckOrgLifeHeld(const OrgLifeMeeting& meeting, const Group& group) {
  std::vector<Finding> findings;
  // 会前，应当围绕会议主题组织学习，开展谈心谈话，充分听取意见.
  std::vector<Evidence> missing;
  if (meeting.study_sessions < 1) missing.push_back({"study_sessions", "0"});
  if (meeting.talks < 1) missing.push_back({"talks", "0"});
  if (meeting.opinions_gathered < 1) missing.push_back({"opinions_gathered", "0"});
  if (!missing.empty()) {
    findings.push_back(MeetingFinding(
        kOrgLifeUnprepared, Severity::kViolation, meeting.id, "org_life_meeting", group,
        "组织生活会会前应组织学习、开展谈心谈话、充分听取意见", std::move(missing)));
  }
  // 会上，认真查摆问题.
  if (meeting.problems.empty()) {
    findings.push_back(MeetingFinding(kOrgLifeNoProblems, Severity::kViolation, meeting.id,
                                      "org_life_meeting", group,
                                      "组织生活会应认真查摆问题，记录查摆出的问题"));
  }
  return findings;
}

std::vector<Finding> CheckOrgLifeFollowUp(const OrgLifeMeeting& meeting, const Group& group,
                                          absl::Time now, const Policy& policy) {
  std::vector<Finding> findings;
  if (!meeting.held_at.has_value()) return findings;
  // 开展批评和自我批评: each member present.
  for (int64_t member_id : meeting.present_member_ids) {
    if (Contains(meeting.criticism_member_ids, member_id)) continue;
    const Member* member = FindMember(group, member_id);
    Subject subject =
        member != nullptr ? MemberSubject(*member) : Subject{"member", absl::StrCat(member_id), ""};
    findings.push_back(
        InGroup(MakeFinding(kOrgLifeNoCriticism, Severity::kFinding, std::move(subject),
                            "出席组织生活会的党员未开展批评和自我批评",
                            {{"org_life_meeting", absl::StrCat(meeting.id)}}),
                group));
  }
  // 会后，制定整改措施.
  if (!meeting.problems.empty() && meeting.rectification.empty()) {
    findings.push_back(MeetingFinding(
        kRectificationMissing, Severity::kFinding, meeting.id, "org_life_meeting", group,
        absl::StrFormat("查摆出%d个问题，尚未制定整改措施", meeting.problems.size()),
        {{"problems", absl::StrCat(meeting.problems.size())}}));
  }
  // 及时向党支部报告.
  const absl::Time due = *meeting.held_at + absl::Hours(24 * policy.rectification_report_days);
  const bool late = meeting.reported_at.has_value() ? *meeting.reported_at > due : now > due;
  if (late) {
    findings.push_back(MeetingFinding(
        kRectificationNotReported, Severity::kFinding, meeting.id, "org_life_meeting", group,
        absl::StrFormat("整改情况超过本委设定的会后%d日期限未向党支部报告",
                        policy.rectification_report_days),
        {{"due", FormatInstant(due)},
         {"reported_at", meeting.reported_at ? FormatInstant(*meeting.reported_at) : "无"}}));
  }
  return findings;
}

std::vector<Finding> CheckRectificationItems(const OrgLifeMeeting& meeting, const Group& group,
                                             absl::CivilDay today) {
  std::vector<Finding> findings;
  for (const RectificationItem& item : meeting.rectification) {
    if (item.done || item.deadline >= today) continue;
    findings.push_back(MeetingFinding(kRectificationOverdue, Severity::kFinding, meeting.id,
                                      "org_life_meeting", group,
                                      absl::StrCat("整改措施「", item.measure, "」已过期限（",
                                                   DayName(item.deadline), "）仍未落实"),
                                      {{"measure", item.measure},
                                       {"deadline", DayName(item.deadline)},
                                       {"owner_member_id", absl::StrCat(item.owner_id)}}));
  }
  return findings;
}

std::vector<Finding> CheckEvaluationVote(const MutualEvaluation& vote, const Group& group,
                                         const Policy& policy) {
  if (policy.probationary_members_in_mutual_evaluation) return {};
  const Member* voter = FindMember(group, vote.voter_id);
  if (voter == nullptr || voter->status == MemberStatus::kFormal) return {};
  return {InGroup(
      MakeFinding(kEvaluationProbationaryVote, Severity::kViolation, MemberSubject(*voter),
                  absl::StrCat(voter->name, "为预备党员，没有表决权；本委政策（第", policy.version,
                               "版）规定预备党员不参加党员互评表决"),
                  {{"status", "PROBATIONARY"}, {"policy_version", absl::StrCat(policy.version)}}),
      group)};
}

std::vector<EvaluationGap> MissingEvaluationParts(const EvaluationCampaign& campaign,
                                                  const Group& group, const Policy& policy) {
  std::set<int64_t> evaluated_by_peers;
  for (const MutualEvaluation& vote : campaign.mutual) evaluated_by_peers.insert(vote.target_id);
  // Owed by those in the group on the deadline (第七条: 每名党员 of the group then), each with
  // whether the policy lets them evaluate others.
  std::vector<std::pair<const Member*, bool>> owing;
  int voters = 0;
  for (const Member& member : group.members) {
    const MemberSpell* spell = SpellOn(member, campaign.deadline);
    if (spell == nullptr) continue;
    const bool votes =
        policy.probationary_members_in_mutual_evaluation || spell->status == MemberStatus::kFormal;
    owing.emplace_back(&member, votes);
    if (votes) ++voters;
  }
  std::vector<EvaluationGap> gaps;
  for (const auto& [owing_member, votes] : owing) {
    const Member& member = *owing_member;
    // 党员互评 is owed when someone else in the group may evaluate the member.
    const bool peers_can_evaluate = voters - (votes ? 1 : 0) > 0;
    EvaluationGap gap{member.id, {}};
    if (!Contains(campaign.self_evaluated_ids, member.id)) gap.missing.push_back("个人自评");
    if (!Contains(campaign.party_spirit_ids, member.id)) gap.missing.push_back("党性分析");
    if (peers_can_evaluate && evaluated_by_peers.count(member.id) == 0) {
      gap.missing.push_back("党员互评");
    }
    if (!gap.missing.empty()) gaps.push_back(std::move(gap));
  }
  return gaps;
}

std::vector<Finding> CheckEvaluationCampaign(const EvaluationCampaign& campaign, const Group& group,
                                             absl::CivilDay today, const Policy& policy) {
  std::vector<Finding> findings;
  if (today <= campaign.deadline) return findings;  // still open
  for (const EvaluationGap& gap : MissingEvaluationParts(campaign, group, policy)) {
    const Member* member = FindMember(group, gap.member_id);
    std::vector<Evidence> evidence;
    for (const std::string& part : gap.missing) evidence.push_back({"missing", part});
    evidence.push_back({"campaign", absl::StrCat(campaign.id)});
    findings.push_back(
        InGroup(MakeFinding(kEvaluationIncomplete, Severity::kFinding, MemberSubject(*member),
                            absl::StrCat(member->name, "的民主评议未完成"), std::move(evidence)),
                group));
  }
  const absl::CivilDay report_due = campaign.deadline + policy.evaluation_report_days;
  const bool late =
      campaign.reported_on.has_value() ? *campaign.reported_on > report_due : today > report_due;
  if (late) {
    findings.push_back(InGroup(
        MakeFinding(
            kEvaluationNotReported, Severity::kFinding,
            MeetingSubject(campaign.id, "evaluation_campaign"),
            absl::StrFormat("评议情况超过本委设定的截止后%d日期限未向党支部报告",
                            policy.evaluation_report_days),
            {{"due", DayName(report_due)},
             {"reported_on", campaign.reported_on ? DayName(*campaign.reported_on) : "无"}}),
        group));
  }
  return findings;
}

std::vector<Finding> CheckThemeDayHeld(const ThemeDay& theme_day, const Group& group) {
  if (theme_day.consent_at.has_value() && *theme_day.consent_at <= theme_day.held_at) return {};
  return {MeetingFinding(
      kThemeDayNotApproved, Severity::kViolation, theme_day.id, "theme_day", group,
      theme_day.consent_at.has_value() ? "主题党日在党支部同意之前开展" : "主题党日未报党支部同意",
      {{"consent_at", theme_day.consent_at ? FormatInstant(*theme_day.consent_at) : "无"},
       {"held_at", FormatInstant(theme_day.held_at)}})};
}

std::vector<Finding> CheckTasks(const std::vector<Task>& tasks, const Group& group,
                                absl::Time now) {
  std::vector<Finding> findings;
  for (const Task& task : tasks) {
    const bool overdue = task.checked_at.has_value() ? *task.checked_at > task.due : now > task.due;
    if (!overdue) continue;
    findings.push_back(InGroup(
        MakeFinding(kTaskOverdue, Severity::kFinding, {"task", absl::StrCat(task.id), task.title},
                    absl::StrCat("任务「", task.title, "」逾期未督促检查"),
                    {{"due", FormatInstant(task.due)},
                     {"checked_at", task.checked_at ? FormatInstant(*task.checked_at) : "无"}}),
        group));
  }
  return findings;
}

std::vector<Finding> CheckOpinions(const std::vector<Opinion>& opinions, const Group& group,
                                   absl::Time now, const Policy& policy) {
  std::vector<Finding> findings;
  for (const Opinion& opinion : opinions) {
    const absl::Time due = opinion.received_at + absl::Hours(24 * policy.opinion_report_days);
    const bool late = opinion.reported_at.has_value() ? *opinion.reported_at > due : now > due;
    if (!late) continue;
    findings.push_back(InGroup(
        MakeFinding(
            kOpinionNotReported, Severity::kFinding, {"opinion", absl::StrCat(opinion.id), ""},
            absl::StrFormat("党员群众的意见建议超过本委设定的%d日期限未向党支部反映",
                            policy.opinion_report_days),
            {{"received_at", FormatInstant(opinion.received_at)},
             {"reported_at", opinion.reported_at ? FormatInstant(*opinion.reported_at) : "无"}}),
        group));
  }
  return findings;
}

}  // namespace partygroup::rules
