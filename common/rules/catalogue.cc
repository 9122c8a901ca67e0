#include "common/rules/catalogue.h"

namespace partygroup::rules {

const std::vector<RuleInfo>& Catalogue() {
  static const auto* const kCatalogue = new std::vector<RuleInfo>{
      {kBranchShouldHaveGroups, false, true, "第一条、第十四条",
       "党员人数在20人以上的党支部应当划分党小组（应建尽建）"},
      {kGroupTooSmall, true, true, "第一条", "每个党小组不少于3名党员"},
      {kGroupNoFormalMember, true, true, "第一条", "每个党小组至少有1名正式党员"},
      {kGroupChangeWithoutDecision, true, false, "第二条",
       "党小组的建立、调整和撤销由党支部决定（须有决定日期和文号）"},
      {kFilingOverdue, false, true, "第二条", "党小组的建立、调整和撤销应在30日内报上级党组织备案"},
      {kDuesUnpaid, false, true, "第四条、第十二条", "党小组协助收缴党费，每名党员每月按时交纳（每月的党费由党员该月末日所在的党小组收缴）"},
      {kDuesSixMonthsUnpaid, false, true, "第四条", "党员连续6个月未交纳党费，应予警示（只计在本党小组期间的月份）"},
      {kOpinionNotReported, false, true, "第四条",
       "党员和群众的意见、建议和实际困难应及时向党支部反映"},
      {kMeetingNoTopics, true, false, "第五条", "会前向党支部请示，确定会议内容和议题"},
      {kMeetingNotRequested, true, false, "第五条", "党小组会召开前须经党支部同意"},
      {kMeetingNoNotice, true, false, "第五条", "会前将议题通知全体党员"},
      {kMeetingChairNotLeader, true, false, "第五条", "党小组会由党小组组长召集并主持"},
      {kMeetingAttendanceIncomplete, true, false, "第五条",
       "党小组会记录每名党员的出席情况（缺席须注明原因）"},
      {kMeetingNoMinutes, true, false, "第五条", "党小组会应当做好记录，存档备查"},
      {kMonthlyMeetingMissing, false, true, "第五条", "党小组会一般每月召开1次（党小组存续的整月）"},
      {kOrgLifeUnprepared, true, false, "第六条",
       "组织生活会会前应组织学习、开展谈心谈话、充分听取意见"},
      {kOrgLifeNoProblems, true, false, "第六条", "组织生活会上应认真查摆问题"},
      {kOrgLifeNoCriticism, false, true, "第六条", "组织生活会上每名党员开展批评和自我批评"},
      {kRectificationMissing, false, true, "第六条", "组织生活会后应制定整改措施"},
      {kRectificationNotReported, false, true, "第六条", "整改落实情况应及时向党支部报告"},
      {kEvaluationProbationaryVote, true, false, "第七条", "预备党员不参加党员互评表决"},
      {kEvaluationIncomplete, false, true, "第七条",
       "民主评议党员：每名党员进行党性分析、个人自评并接受党员互评（截止日在本党小组的党员）"},
      {kEvaluationNotReported, false, true, "第七条", "评议情况及时向党支部报告"},
      {kTalkCoverage, false, true, "第八条", "党小组组长每年与每名党员开展谈心谈话（本年在组满一个整月且不任组长的党员；谈话计入谈话当日的组长）"},
      {kThemeDayNotApproved, true, false, "第九条", "党小组开展主题党日，应当事先报党支部同意"},
      {kLeaderNotFormal, true, false, "第十条", "党小组组长应当是正式党员"},
      {kLeaderNotGroupMember, true, false, "第十条", "党小组组长应是本党小组的党员"},
      {kLeaderAppointmentMethod, true, false, "第十一条",
       "党小组组长由党支部指定或由党小组党员推荐产生，并有记录"},
      {kTaskOverdue, false, true, "第十二条", "组长布置的任务应按期督促检查"},
      {kAdmonitionIncomplete, true, false, "第十三条",
       "对工作开展不力的组长进行约谈，须记录日期、事由和约谈人"},
      {kLeaderReplacementWithoutDecision, true, false, "第十三条", "调整党小组组长须有党支部决定"},
      {kAnnualReportMissing, false, true, "第十三条",
       "党小组每年年底（12月31日前）向党支部报告本年度工作（本年存续满一个整月、年末未撤销的党小组）"},
      {kGroupWithoutLeader, false, true, "第十三条", "党支部应为党小组配备组长"},
      {kCadreAbsent, false, true, "第十四条", "党员领导干部带头参加所在党小组活动（其作为党员领导干部在组期间召开的党小组会）"},
      {kLeaderUntrained, false, true, "第十四条", "加强党小组组长教育培训，每年至少1次（本年任组长满一个整月的每名组长各至少1次，不按任期折算）"},
  };
  return *kCatalogue;
}

const RuleInfo* FindRule(absl::string_view code) {
  for (const RuleInfo& rule : Catalogue()) {
    if (rule.code == code) return &rule;
  }
  return nullptr;
}

}  // namespace partygroup::rules
