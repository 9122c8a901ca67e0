// The thresholds of the regulation, in one place. The defaults are the regulation's; an
// administrator may tighten them, and the assessment records which configuration it used.
#pragma once

namespace partygroup::rules {

struct RulesConfig {
  // 第一条: 每个党小组不少于3名党员，其中至少有1名为正式党员。
  int min_group_members = 3;
  int min_formal_members = 1;
  // 第一条: 党员人数在20人以上的党支部，一般应当划分若干党小组 (以上 includes 20).
  int branch_members_requiring_groups = 20;
  // 第二条: a group change is filed with the superior organisation within this many days.
  int filing_deadline_days = 30;
  // 第五条: 党小组会一般每月召开1次。
  int meetings_per_month = 1;
  // 第六条: rectification reported to the branch within this many days of the meeting.
  int rectification_report_days = 30;
  // 第四条: opinions reported to the branch within this many days (及时).
  int opinion_report_days = 30;
  // 第七条: the evaluation summary reported to the branch within this many days of the
  // campaign's deadline.
  int evaluation_report_days = 15;
  // 第八条: talks between the leader and each member a year.
  int leader_talks_per_member_per_year = 1;
  // 第四条 with the Party Constitution (连续6个月不交纳党费): the warning threshold.
  int dues_warning_consecutive_months = 6;
  // 第十三条: the annual report reaches the branch by 31 December.
  int annual_report_month = 12;
  int annual_report_day = 31;
  // 第十四条: trainings a leader attends each year.
  int leader_trainings_per_year = 1;
  // 第十四条: 党员领导干部带头参加 — unexcused absences a leading cadre may have in a period.
  int cadre_unexcused_absences_allowed = 0;
};

}  // namespace partygroup::rules
