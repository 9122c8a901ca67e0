// Every rule the suite enforces: code, severity, the regulation's article whose duty it checks,
// its basis (what draws its line: the regulation, the Party Constitution, a national rule, or the
// committee's local policy), the exact source of that line and a summary in Chinese. The
// assessment server serves this list as ListRules, so administrators see what is enforced and why.
#pragma once

#include <vector>

#include "absl/strings/string_view.h"

namespace partygroup::rules {

// Rule codes. A finding's `code` is one of these.
inline constexpr absl::string_view kBranchShouldHaveGroups = "BRANCH_SHOULD_HAVE_GROUPS";
inline constexpr absl::string_view kBranchTooFewGroups = "BRANCH_TOO_FEW_GROUPS";
inline constexpr absl::string_view kMemberWithoutGroup = "MEMBER_WITHOUT_GROUP";
inline constexpr absl::string_view kCadreWithoutGroup = "CADRE_WITHOUT_GROUP";
inline constexpr absl::string_view kGroupTooSmall = "GROUP_TOO_SMALL";
inline constexpr absl::string_view kGroupNoFormalMember = "GROUP_NO_FORMAL_MEMBER";
inline constexpr absl::string_view kGroupChangeWithoutDecision = "GROUP_CHANGE_WITHOUT_DECISION";
inline constexpr absl::string_view kFilingOverdue = "FILING_OVERDUE";
inline constexpr absl::string_view kDuesUnpaid = "DUES_UNPAID";
inline constexpr absl::string_view kDuesSixMonthsUnpaid = "DUES_SIX_MONTHS_UNPAID";
inline constexpr absl::string_view kDuesPaidLate = "DUES_PAID_LATE";
inline constexpr absl::string_view kOpinionNotReported = "OPINION_NOT_REPORTED";
inline constexpr absl::string_view kMemberLongAbsent = "MEMBER_LONG_ABSENT";
inline constexpr absl::string_view kMeetingNoTopics = "MEETING_NO_TOPICS";
inline constexpr absl::string_view kMeetingNotRequested = "MEETING_NOT_REQUESTED";
inline constexpr absl::string_view kMeetingNoNotice = "MEETING_NO_NOTICE";
inline constexpr absl::string_view kMeetingChairNotLeader = "MEETING_CHAIR_NOT_LEADER";
inline constexpr absl::string_view kMeetingAttendanceIncomplete = "MEETING_ATTENDANCE_INCOMPLETE";
inline constexpr absl::string_view kMeetingNoMinutes = "MEETING_NO_MINUTES";
inline constexpr absl::string_view kMonthlyMeetingMissing = "MONTHLY_MEETING_MISSING";
inline constexpr absl::string_view kOrgLifeUnprepared = "ORGLIFE_UNPREPARED";
inline constexpr absl::string_view kOrgLifeNoProblems = "ORGLIFE_NO_PROBLEMS";
inline constexpr absl::string_view kOrgLifeNoCriticism = "ORGLIFE_NO_CRITICISM";
inline constexpr absl::string_view kRectificationMissing = "RECTIFICATION_MISSING";
inline constexpr absl::string_view kRectificationNotReported = "RECTIFICATION_NOT_REPORTED";
inline constexpr absl::string_view kRectificationOverdue = "RECTIFICATION_OVERDUE";
inline constexpr absl::string_view kEvaluationProbationaryVote = "EVALUATION_PROBATIONARY_VOTE";
inline constexpr absl::string_view kEvaluationIncomplete = "EVALUATION_INCOMPLETE";
inline constexpr absl::string_view kEvaluationNotReported = "EVALUATION_NOT_REPORTED";
inline constexpr absl::string_view kTalkCoverage = "TALK_COVERAGE";
inline constexpr absl::string_view kThemeDayNotApproved = "THEMEDAY_NOT_APPROVED";
inline constexpr absl::string_view kLeaderNotFormal = "LEADER_NOT_FORMAL";
inline constexpr absl::string_view kLeaderNotGroupMember = "LEADER_NOT_GROUP_MEMBER";
inline constexpr absl::string_view kLeaderAppointmentMethod = "LEADER_APPOINTMENT_METHOD";
inline constexpr absl::string_view kTaskOverdue = "TASK_OVERDUE";
inline constexpr absl::string_view kAdmonitionIncomplete = "ADMONITION_INCOMPLETE";
inline constexpr absl::string_view kLeaderReplacementWithoutDecision =
    "LEADER_REPLACEMENT_WITHOUT_DECISION";
inline constexpr absl::string_view kAnnualReportMissing = "ANNUAL_REPORT_MISSING";
inline constexpr absl::string_view kGroupWithoutLeader = "GROUP_WITHOUT_LEADER";
inline constexpr absl::string_view kCadreAbsent = "CADRE_ABSENT";
inline constexpr absl::string_view kLeaderUntrained = "LEADER_UNTRAINED";

// What draws a rule's line.
enum class Basis {
  kRegulation,         // 娄直发〔2023〕8号, the article's own words
  kPartyConstitution,  // 《中国共产党章程》
  kNationalRule,       // a rule of the Central Committee or its Organization Department
  // A number or choice the committee sets where the regulation says only 及时, 经常性, 加强 or
  // 年底: a setting of the policy version (policy.h), which may switch the rule off.
  kLocalPolicy,
};

absl::string_view BasisName(Basis basis);  // REGULATION, PARTY_CONSTITUTION, ...

struct RuleInfo {
  absl::string_view code;
  // A rule can be a violation when the act is deliberate and a finding when reality only
  // records it (GROUP_TOO_SMALL: refused as a branch decision, found after a transfer-out).
  bool violation;
  bool finding;
  absl::string_view article;  // the regulation's articles whose duty it checks: 第一条、第十四条
  Basis basis;
  // Where the line is written, short enough for a refusal: 第一条, 党章第九条, 本委政策.
  absl::string_view source;
  // The source's own words; for local policy, what the text leaves open and what is set.
  absl::string_view source_text;
  // The policy settings (policy.h) the rule reads, joined by ", "; empty when it reads none.
  absl::string_view policy_settings;
  absl::string_view summary;  // Chinese
  // A rule of another basis that a policy version may still switch off (catalogue.cc says why).
  bool switchable = false;
};

// How a refusal cites the rule: its article when the regulation draws the line, else its
// source (EVALUATION_PROBATIONARY_VOTE (党章第七条)).
absl::string_view Citation(const RuleInfo& rule);

// A policy version may switch the rule off: its line is the committee's own, or the committee
// decides whether to check it.
inline bool IsOptional(const RuleInfo& rule) {
  return rule.basis == Basis::kLocalPolicy || rule.switchable;
}

// Where a rule's findings arise: on a group's records of a period; on a branch's own standing
// (应建尽建, filings); or nowhere, for a rule that refuses the act when it is recorded.
enum class FoundOn { kNowhere, kGroup, kBranch };
FoundOn FoundOnOf(const RuleInfo& rule);

// The whole catalogue, in the order of the articles.
const std::vector<RuleInfo>& Catalogue();

// The rule with this code, or nullptr.
const RuleInfo* FindRule(absl::string_view code);

}  // namespace partygroup::rules
