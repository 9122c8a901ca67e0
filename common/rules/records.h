// 第四条 to 第九条, 第十二条: activity records checked as they are made, and their follow-up.
//
// The Check...Request / Held / Vote functions return violations: the activity service refuses
// the step. The follow-up checks take `now` and return findings: what is overdue by then.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/rules/config.h"
#include "common/rules/finding.h"
#include "common/rules/model.h"

namespace partygroup::rules {

// 第五条: the leader asks the branch before the meeting, with its topics (确定会议内容).
std::vector<Finding> CheckMeetingRequest(const GroupMeeting& meeting, const Group& group);

// 第五条: recording a meeting as held: approved and notified to every member before it was held,
// chaired by the leader, attendance for every member, minutes taken.
std::vector<Finding> CheckMeetingHeld(const GroupMeeting& meeting, const Group& group);

// 第六条: recording an org-life meeting as held: prepared by study, talks and opinions, and the
// problems it found.
std::vector<Finding> CheckOrgLifeHeld(const OrgLifeMeeting& meeting, const Group& group);

// 第六条: after the meeting: criticism by every member present, rectification measures, and the
// report to the branch within config.rectification_report_days.
std::vector<Finding> CheckOrgLifeFollowUp(const OrgLifeMeeting& meeting, const Group& group,
                                          absl::Time now, const RulesConfig& config);

// 第七条: a mutual evaluation vote; probationary members do not vote.
std::vector<Finding> CheckEvaluationVote(const MutualEvaluation& vote, const Group& group);

// 第七条: what each member of `group` still lacks in a campaign: "个人自评", "党性分析",
// "党员互评" (evaluated by no one). Members who joined after the deadline owe nothing.
struct EvaluationGap {
  int64_t member_id = 0;
  std::vector<std::string> missing;
};
std::vector<EvaluationGap> MissingEvaluationParts(const EvaluationCampaign& campaign,
                                                  const Group& group);

// 第七条: after the campaign's deadline, each member's self-evaluation, party-spirit analysis
// and mutual evaluation, and the summary reported to the branch.
std::vector<Finding> CheckEvaluationCampaign(const EvaluationCampaign& campaign, const Group& group,
                                             absl::CivilDay today, const RulesConfig& config);

// 第九条: a theme day held needs the branch's consent given before it.
std::vector<Finding> CheckThemeDayHeld(const ThemeDay& theme_day, const Group& group);

// 第十二条: tasks past due and not checked by the leader.
std::vector<Finding> CheckTasks(const std::vector<Task>& tasks, const Group& group, absl::Time now);

// 第四条: opinions not passed on to the branch within config.opinion_report_days.
std::vector<Finding> CheckOpinions(const std::vector<Opinion>& opinions, const Group& group,
                                   absl::Time now, const RulesConfig& config);

}  // namespace partygroup::rules
