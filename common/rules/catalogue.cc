#include "common/rules/catalogue.h"

namespace partygroup::rules {

const std::vector<RuleInfo>& Catalogue() {
  using B = Basis;
  static const auto* const kCatalogue = new std::vector<RuleInfo>{
      {kBranchShouldHaveGroups, false, true, "第一条、第十四条", B::kRegulation, "第一条",
       "党员人数在20人以上的党支部，一般应当划分若干党小组（第十四条：按照应建尽建原则完善党小组设"
       "置）",
       "", "党员人数在20人以上的党支部应当划分党小组（应建尽建）"},
      {kBranchTooFewGroups, false, true, "第一条、第十四条", B::kLocalPolicy, "本委政策",
       "第一条要求20人以上的党支部“划分若干党小组”、第十四条要求“完善党小组设置”，未定每组人数；"
       "由本委设定（默认每个党小组平均不超过30名党员）",
       "branch_members_per_group_most",
       "20人以上的党支部平均每个党小组的党员人数不超过本委设定的人数"},
      // 党章第八条 lets a member belong to a branch without a group: whether every member of a
      // branch with groups is in one is the committee's choice (on by default).
      {kMemberWithoutGroup, false, true, "第一条、第十四条", B::kRegulation, "第十四条",
       "第十四条：按照应建尽建原则完善党小组设置（已划分党小组的党支部，党员编入党小组）",
       "rules_off", "已划分党小组的党支部，每名党员编入一个党小组", true},
      {kCadreWithoutGroup, false, true, "第十四条", B::kRegulation, "第十四条",
       "党员领导干部带头参加所在党小组活动", "",
       "已划分党小组的党支部，党员领导干部编入党小组，带头参加所在党小组活动"},
      {kGroupTooSmall, true, true, "第一条", B::kRegulation, "第一条", "每个党小组不少于3名党员",
       "", "每个党小组不少于3名党员"},
      {kGroupNoFormalMember, true, true, "第一条", B::kRegulation, "第一条",
       "每个党小组不少于3名党员，其中至少有1名为正式党员", "", "每个党小组至少有1名正式党员"},
      {kGroupChangeWithoutDecision, true, false, "第二条", B::kRegulation, "第二条",
       "党小组的建立、调整和撤销，由党支部决定", "",
       "党小组的建立、调整和撤销由党支部决定（须有决定日期和文号）"},
      {kFilingOverdue, false, true, "第二条", B::kLocalPolicy, "本委政策",
       "第二条规定党小组的建立、调整和撤销“报上级党组织备案”，未定期限；备案期限由本委设定（默认决"
       "定后30日）",
       "filing_deadline_days", "党小组的建立、调整和撤销超过本委设定的期限未报上级党组织备案"},
      {kDuesUnpaid, false, true, "第四条、第十二条", B::kNationalRule, "中组发〔2008〕3号",
       "《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）：党员按月交纳党费；"
       "第四条（四）党小组做好党费收缴，第十二条（七）组长收缴党费",
       "",
       "每名党员每月交纳党费，党小组收缴（每月的党费由党员该月末日所在的党小组收缴；经批准少交、免"
       "交的月份不计）"},
      {kDuesSixMonthsUnpaid, false, true, "第四条", B::kPartyConstitution, "党章第九条",
       "《中国共产党章程》第九条：党员无正当理由，连续六个月不参加党的组织生活，或不交纳党费，"
       "或不做党所分配的工作，就被认为是自行脱党",
       "",
       "党员连续6个月未交纳党费，应予警示（本期内或跨入本期的任意连续6个月；只计在本党小组期间的月"
       "份，经批准免交的月份不计）"},
      // Paying is the national rule's; whether a late month is a finding is the committee's
      // choice (on by default), since the month is paid in the end.
      {kDuesPaidLate, false, true, "第四条、第十二条", B::kNationalRule, "中组发〔2008〕3号",
       "《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）：党员按月交纳党费；"
       "当月结束后才交纳的记为逾期交纳（本委政策可关闭此项检查）",
       "rules_off", "党员按月交纳党费，当月结束后才交纳的记为逾期交纳", true},
      {kOpinionNotReported, false, true, "第四条", B::kLocalPolicy, "本委政策",
       "第四条（四）（五）要求“及时向党支部反映”党员和群众的意见、建议和实际困难，未定期限；期限由"
       "本委设定（默认收到后30日）",
       "opinion_report_days", "党员和群众的意见、建议和实际困难超过本委设定的期限未向党支部反映"},
      {kMemberLongAbsent, false, true, "第四条", B::kLocalPolicy, "本委政策",
       "第四条（三）要求“组织和督促党员按时参加党的活动”，未定界限；连续缺席的月数由本委设定（默认6"
       "个月，"
       "依《中国共产党章程》第九条：党员无正当理由，连续六个月不参加党的组织生活……就被认为是自行脱"
       "党）",
       "member_absent_months",
       "党员连续无故缺席党小组会不超过本委设定的月数（本期内召开党小组会的月份；出席或请假即中断"
       "）"},
      {kMeetingNoTopics, true, false, "第五条", B::kRegulation, "第五条",
       "会前，党小组组长应当向党支部请示，确定会议内容", "",
       "会前向党支部请示，确定会议内容和议题"},
      {kMeetingNotRequested, true, false, "第五条", B::kRegulation, "第五条",
       "会前，党小组组长应当向党支部请示", "", "党小组会召开前须经党支部同意"},
      {kMeetingNoNotice, true, false, "第五条", B::kRegulation, "第五条", "将议题通知全体党员", "",
       "会前将议题通知全体党员"},
      {kMeetingChairNotLeader, true, false, "第五条", B::kRegulation, "第五条",
       "党小组会由党小组组长召集并主持", "", "党小组会由党小组组长召集并主持"},
      {kMeetingAttendanceIncomplete, true, false, "第四条、第五条", B::kRegulation,
       "第四条、第五条",
       "第四条（三）：组织和督促党员按时参加党的活动；第五条：会议应当做好记录，存档备查", "",
       "党小组会记录每名党员的出席情况，缺席注明原因（督促按时参加、做好记录）"},
      {kMeetingNoMinutes, true, false, "第五条", B::kRegulation, "第五条",
       "会议应当做好记录，存档备查", "", "党小组会应当做好记录，存档备查"},
      {kMonthlyMeetingMissing, false, true, "第五条", B::kRegulation, "第五条",
       "党小组会……一般每月召开1次", "", "党小组会一般每月召开1次（党小组存续的整月）"},
      {kOrgLifeUnprepared, true, false, "第六条", B::kRegulation, "第六条",
       "会前，应当围绕会议主题组织学习，开展谈心谈话，充分听取意见", "",
       "组织生活会会前应组织学习、开展谈心谈话、充分听取意见"},
      {kOrgLifeNoProblems, true, false, "第六条", B::kRegulation, "第六条", "会上，认真查摆问题",
       "", "组织生活会上应认真查摆问题"},
      {kOrgLifeNoCriticism, false, true, "第六条", B::kRegulation, "第六条", "开展批评和自我批评",
       "", "组织生活会上每名党员开展批评和自我批评"},
      {kRectificationMissing, false, true, "第六条", B::kRegulation, "第六条", "会后，制定整改措施",
       "", "组织生活会后应制定整改措施"},
      {kRectificationNotReported, false, true, "第六条", B::kLocalPolicy, "本委政策",
       "第六条要求整改“及时向党支部报告”，未定期限；期限由本委设定（默认会后30日）",
       "rectification_report_days", "整改落实情况超过本委设定的期限未向党支部报告"},
      {kRectificationOverdue, false, true, "第六条", B::kRegulation, "第六条",
       "会后，制定整改措施，抓好落实", "",
       "整改措施应按期落实（截止日已过仍未完成的整改事项；按其现在是否完成判断）"},
      {kEvaluationProbationaryVote, true, false, "第七条", B::kPartyConstitution, "党章第七条",
       "《中国共产党章程》第七条：预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党"
       "员一样。"
       "第七条（本实施意见）未区分正式党员和预备党员；是否按表决对待互评由本委政策选择（默认预备党"
       "员参加互评）",
       "probationary_members_in_mutual_evaluation",
       "本委政策选择预备党员不参加党员互评时，预备党员不得作出或接受互评"},
      {kEvaluationIncomplete, false, true, "第七条", B::kRegulation, "第七条",
       "联系个人实际进行党性分析，开展个人自评和党员互评", "",
       "民主评议党员：每名党员进行党性分析、个人自评并参加党员互评（截止日在本党小组的党员）"},
      {kEvaluationNotReported, false, true, "第七条", B::kLocalPolicy, "本委政策",
       "第七条要求“评议情况及时向党支部报告”，未定期限；期限由本委设定（默认截止后15日）",
       "evaluation_report_days", "评议情况超过本委设定的期限未向党支部报告"},
      {kTalkCoverage, false, true, "第八条", B::kLocalPolicy, "本委政策",
       "第八条要求“党小组组长和党员之间……开展经常性谈心谈话”，未定次数；次数由本委设定（默认组长每"
       "年与每名党员至少1次）",
       "leader_talks_per_member_per_year",
       "党小组组长每年与每名党员谈心谈话不少于本委设定的次数（本年在组满一个整月且不任组长的党员；"
       "谈话计入谈话当日的组长）"},
      {kThemeDayNotApproved, true, false, "第九条", B::kRegulation, "第九条",
       "党小组开展主题党日，应当报党支部同意", "", "党小组开展主题党日，应当事先报党支部同意"},
      {kLeaderNotFormal, true, false, "第十条", B::kRegulation, "第十条",
       "党小组组长应当具备下列条件：（一）正式党员", "", "党小组组长应当是正式党员"},
      {kLeaderNotGroupMember, true, false, "第十一条、第十二条", B::kRegulation,
       "第十一条、第十二条",
       "第十一条：由党小组党员推荐产生；第十二条：组长自觉接受党支部和所在党小组党员的监督（组长是"
       "其所在党小组的党员）",
       "", "党小组组长应是本党小组的党员"},
      {kLeaderAppointmentMethod, true, false, "第十一条", B::kRegulation, "第十一条",
       "党小组组长由党支部指定，也可以由党小组党员推荐产生", "",
       "党小组组长由党支部指定或由党小组党员推荐产生，并有记录"},
      {kTaskOverdue, false, true, "第十二条", B::kRegulation, "第十二条",
       "（三）根据党支部决议和工作安排，向党员布置任务，并负责督促检查", "",
       "组长布置的任务应按期督促检查"},
      {kAdmonitionIncomplete, true, false, "第十三条", B::kRegulation, "第十三条",
       "对工作开展不力的党小组组长进行约谈或者调整", "",
       "对工作开展不力的组长进行约谈，须记录日期、事由和约谈人"},
      {kLeaderReplacementWithoutDecision, true, false, "第十三条", B::kRegulation,
       "第十一条、第十三条",
       "第十一条：党小组组长由党支部指定；第十三条：党支部对工作开展不力的党小组组长进行约谈或者调"
       "整",
       "", "调整党小组组长须有党支部决定"},
      {kAnnualReportMissing, false, true, "第十三条", B::kLocalPolicy, "本委政策",
       "第十三条要求党小组“每年年底”向党支部报告本年度工作情况；截止日由本委设定（默认12月31日）",
       "annual_report_month, annual_report_day",
       "党小组在本委设定的年底截止日前向党支部报告本年度工作（本年存续满一个整月、年末未撤销的党小"
       "组）"},
      {kGroupWithoutLeader, false, true, "第十一条、第十三条", B::kNationalRule,
       "《中国共产党支部工作条例（试行）》第十条",
       "《中国共产党支部工作条例（试行）》第十条：应当划分若干党小组，并设立党小组组长；"
       "本实施意见第十一条：党小组组长由党支部指定",
       "", "党支部应为党小组配备组长"},
      {kCadreAbsent, false, true, "第十四条", B::kRegulation, "第十四条",
       "党员领导干部带头参加所在党小组活动", "cadre_unexcused_absences_allowed",
       "党员领导干部带头参加所在党小组活动（其作为党员领导干部在组期间召开的党小组会、组织生活会和"
       "记录了出席的主题党日；无故缺席超过本委允许的次数，默认0次）"},
      {kLeaderUntrained, false, true, "第十四条", B::kLocalPolicy, "本委政策",
       "第十四条要求部门单位党组（党委）“加强党小组组长教育培训”，未定次数；次数由本委设定（默认每"
       "名组长每年至少1次）",
       "leader_trainings_per_year",
       "党小组组长每年参加教育培训不少于本委设定的次数（本年任组长满一个整月的每名组长各计，不按任"
       "期折算；单位党组（党委）的责任）"},
  };
  return *kCatalogue;
}

absl::string_view BasisName(Basis basis) {
  switch (basis) {
    case Basis::kRegulation:
      return "REGULATION";
    case Basis::kPartyConstitution:
      return "PARTY_CONSTITUTION";
    case Basis::kNationalRule:
      return "NATIONAL_RULE";
    case Basis::kLocalPolicy:
      return "LOCAL_POLICY";
  }
  return "REGULATION";
}

absl::string_view Citation(const RuleInfo& rule) {
  return rule.basis == Basis::kRegulation ? rule.article : rule.source;
}

FoundOn FoundOnOf(const RuleInfo& rule) {
  if (!rule.finding) return FoundOn::kNowhere;
  // CheckBranch (period.h) judges these; every other finding is a group's (CheckGroupPeriod).
  for (absl::string_view code : {kBranchShouldHaveGroups, kBranchTooFewGroups, kMemberWithoutGroup,
                                 kCadreWithoutGroup, kFilingOverdue}) {
    if (rule.code == code) return FoundOn::kBranch;
  }
  return FoundOn::kGroup;
}

const RuleInfo* FindRule(absl::string_view code) {
  for (const RuleInfo& rule : Catalogue()) {
    if (rule.code == code) return &rule;
  }
  return nullptr;
}

}  // namespace partygroup::rules
