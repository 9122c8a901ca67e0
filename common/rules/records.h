// 第四条 to 第九条, 第十二条: activity records checked as they are made, and their follow-up.
//
// The Check...Request / Held / Vote functions return violations: the activity service refuses
// the step. The follow-up checks take `now` and return findings: what is overdue by then.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/rules/finding.h"
#include "common/rules/model.h"
#include "common/rules/policy.h"

namespace partygroup::rules {

// 第五条 orders a group meeting's steps: 会前请示 → 党支部同意 (or not) → 将议题通知全体党员 →
// 召开 and 做好记录 → 存档备查.
enum class MeetingStep { kRequested, kRejected, kApproved, kNotified, kHeld, kArchived };

// "REQUESTED", "REJECTED", "APPROVED", "NOTIFIED", "HELD", "ARCHIVED".
absl::string_view MeetingStepName(MeetingStep step);

// OK when meeting `meeting_id`, at step `at`, may take `action` (for instance "a notice"), which
// needs it at `needed`. Else FAILED_PRECONDITION naming what is missing: an archived meeting is
// read-only (corrections are amendments); one not approved lacks MEETING_NOT_REQUESTED, one not
// notified MEETING_NO_NOTICE.
absl::Status RequireMeetingStep(int64_t meeting_id, MeetingStep at, MeetingStep needed,
                                absl::string_view action);

// 第五条: 做好记录 — only the record of a held (or archived) meeting is amended.
absl::Status RequireAmendable(MeetingStep at);

// 第五条 for a meeting recorded after the fact: the branch's approval follows the request and the
// notice follows the approval (FAILED_PRECONDITION, MEETING_NOT_REQUESTED, when not).
absl::Status CheckPastMeetingOrder(absl::Time requested, absl::Time approved, absl::Time notified);

// 第五条: the leader asks the branch before the meeting, with its topics (确定会议内容).
std::vector<Finding> CheckMeetingRequest(const GroupMeeting& meeting, const Group& group);

// 第五条: recording a meeting as held: approved and notified to every member before it was held,
// chaired by the leader, attendance for every member, minutes taken.
std::vector<Finding> CheckMeetingHeld(const GroupMeeting& meeting, const Group& group);

// 第六条: recording an org-life meeting as held: prepared by study, talks and opinions, and the
// problems it found.
std::vector<Finding> CheckOrgLifeHeld(const OrgLifeMeeting& meeting, const Group& group);

// 第六条: after the meeting: criticism by every member present, rectification measures, and the
// report to the branch within policy.rectification_report_days.
std::vector<Finding> CheckOrgLifeFollowUp(const OrgLifeMeeting& meeting, const Group& group,
                                          absl::Time now, const Policy& policy);

// 第六条 抓好落实: the meeting's rectification items whose deadline passed before `today` and that
// are not done.
std::vector<Finding> CheckRectificationItems(const OrgLifeMeeting& meeting, const Group& group,
                                             absl::CivilDay today);

// 第七条: a mutual evaluation vote. The text lets every member take part; a policy that follows
// the Constitution's 表决权 (党章第七条) instead refuses a probationary member's vote.
std::vector<Finding> CheckEvaluationVote(const MutualEvaluation& vote, const Group& group,
                                         const Policy& policy);

// 第七条: what each member of `group` still lacks in a campaign: "个人自评", "党性分析",
// "党员互评" (evaluated by no one, when someone else in the group may evaluate them under the
// policy). Owed by the members in the group on the deadline.
struct EvaluationGap {
  int64_t member_id = 0;
  std::vector<std::string> missing;
};
std::vector<EvaluationGap> MissingEvaluationParts(const EvaluationCampaign& campaign,
                                                  const Group& group, const Policy& policy);

// 第七条: after the campaign's deadline, each member's self-evaluation, party-spirit analysis
// and mutual evaluation, and the summary reported to the branch.
std::vector<Finding> CheckEvaluationCampaign(const EvaluationCampaign& campaign, const Group& group,
                                             absl::CivilDay today, const Policy& policy);

// 第九条: a theme day held needs the branch's consent given before it.
std::vector<Finding> CheckThemeDayHeld(const ThemeDay& theme_day, const Group& group);

// 第十二条: tasks past due and not checked by the leader.
std::vector<Finding> CheckTasks(const std::vector<Task>& tasks, const Group& group, absl::Time now);

// 第四条: opinions not passed on to the branch within policy.opinion_report_days.
std::vector<Finding> CheckOpinions(const std::vector<Opinion>& opinions, const Group& group,
                                   absl::Time now, const Policy& policy);

}  // namespace partygroup::rules
