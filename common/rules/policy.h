// The numbers and choices of the rules. Two kinds, kept apart so that no message attributes the
// committee's number to the regulation:
//
// - the text's own numbers (the regulation's 3 members, 1 formal member, 20 members, one meeting
//   a month; the Party Constitution's six months), constants here, the same for every city;
// - the committee's policy (本委政策): a number where the regulation says only 及时, 经常性, 加强
//   or 年底, a choice where it is silent, and the optional rules switched off. A Policy is one
//   version of it: versions are data the org service owns, never edited in place; version 1
//   holds the defaults below, and a computation records the version it used.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace partygroup::rules {

// 第一条: 每个党小组不少于3名党员，其中至少有1名为正式党员。
inline constexpr int kMinGroupMembers = 3;
inline constexpr int kMinFormalMembers = 1;
// 第一条: 党员人数在20人以上的党支部，一般应当划分若干党小组 (以上 includes 20).
inline constexpr int kBranchMembersRequiringGroups = 20;
// 第五条: 党小组会一般每月召开1次。
inline constexpr int kMeetingsPerMonth = 1;
// 党章第九条: 连续六个月不交纳党费.
inline constexpr int kDuesWarningConsecutiveMonths = 6;

struct Policy {
  // 1 is the defaults below.
  int64_t version = 1;
  // 第二条 备案 (no deadline in the text): days after the branch's decision.
  int filing_deadline_days = 30;
  // 第四条 及时向党支部反映: days after an opinion is received.
  int opinion_report_days = 30;
  // 第六条 及时向党支部报告: days after the org-life meeting.
  int rectification_report_days = 30;
  // 第七条 评议情况及时向党支部报告: days after the campaign's deadline.
  int evaluation_report_days = 15;
  // 第八条 经常性谈心谈话: talks of the leader with each member a year.
  int leader_talks_per_member_per_year = 1;
  // 第十三条 每年年底: the day the annual report is due by.
  int annual_report_month = 12;
  int annual_report_day = 31;
  // 第十四条 加强党小组组长教育培训: trainings of each leader a year.
  int leader_trainings_per_year = 1;
  // 第十四条 带头参加: unexcused absences a leading cadre may have in a period.
  int cadre_unexcused_absences_allowed = 0;
  // 第一条 划分若干党小组 and 第十四条 完善党小组设置 set no size: a branch of 20 or more has too
  // few groups when it has more members than this many for each of them.
  int branch_members_per_group_most = 30;
  // 第四条（三） 组织和督促党员按时参加: months in a row a member may miss every group meeting
  // without a reason before it is a finding (default the Constitution's six, 党章第九条).
  int member_absent_months = 6;
  // 第七条 draws no line between formal and probationary members in 互评; the Constitution
  // (第七条) takes the vote from probationary members. True: they evaluate and are evaluated like
  // everyone (the text); false: EVALUATION_PROBATIONARY_VOTE refuses their votes.
  bool probationary_members_in_mutual_evaluation = true;
  // Codes of optional rules (local policy, catalogue.h) this version does not check.
  std::vector<std::string> rules_off;

  bool IsOn(absl::string_view code) const;
};

// INVALID_ARGUMENT naming the setting (policy.filing_deadline_days) when a version would be
// nonsense: a deadline outside 1-366 days, a yearly count outside 1-52 (switch the rule off
// instead of asking for none), an annual report day that is not a day of every year, absences
// outside 0-31, members per group outside 3-200, absent months outside 2-12, a code that is no
// optional rule or is given twice.
absl::Status ValidatePolicy(const Policy& policy);

}  // namespace partygroup::rules
