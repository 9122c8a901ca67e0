// The plain structs the rules read: a group with its members, the records of what it did, a
// branch with its group changes. The services fill them from their stores; the rules never
// read a database, a clock or the network. Instants are absl::Time (UTC inside); calendar
// periods are computed in the time zone the caller passes (Asia/Shanghai for Loudi).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace partygroup::rules {

enum class MemberStatus { kFormal, kProbationary };  // 正式党员 / 预备党员

// The day the records begin: a spell or term whose start they do not know (a member of the OA
// directory, in their branch before the suite knew them) starts on it.
inline constexpr absl::CivilDay kRecordsBegin = absl::CivilDay(1970, 1, 1);

// The days [from, until) in the caller's calendar: `until` is the first day no longer in it,
// unset while it lasts.
struct DaySpan {
  absl::CivilDay from = kRecordsBegin;
  std::optional<absl::CivilDay> until;

  bool Contains(absl::CivilDay day) const {
    return day >= from && (!until.has_value() || day < *until);
  }
};

// A stretch of a member's time in one group with one status and one leading-cadre flag: a
// transfer, a branch decision or 转正 ends one and begins the next.
struct MemberSpell {
  DaySpan days;
  MemberStatus status = MemberStatus::kFormal;
  bool leading_cadre = false;  // 党员领导干部 (第十四条)
};

struct Member {
  int64_t id = 0;
  std::string name;
  // As the member stands on the day the group was read for.
  MemberStatus status = MemberStatus::kFormal;
  bool leading_cadre = false;
  // The member's time in this group, in order: every duty of the member is owed only for it.
  std::vector<MemberSpell> spells;
};

// 第十一条: a member's time as the group's leader (党小组组长).
struct LeaderTerm {
  int64_t member_id = 0;
  DaySpan days;
};

struct Group {
  int64_t id = 0;
  std::string name;
  int64_t branch_id = 0;
  // Everyone with a spell in the group during the period read (now: the members it has).
  std::vector<Member> members;
  std::optional<int64_t> leader_id;  // 党小组组长 on the day the group was read for
  // Every term of a leader during the period read, in order.
  std::vector<LeaderTerm> leader_terms;
  absl::CivilDay created_on = kRecordsBegin;  // 第二条: the branch's decision
  std::optional<absl::CivilDay> dissolved_on;
};

// 第二条: the branch's decision behind a change, with its date and document reference (文号).
struct BranchDecision {
  absl::CivilDay decided_on;
  std::string document_ref;
};

enum class GroupChangeKind { kCreate, kAdjust, kDissolve };

// 第二条: a group change and its filing (备案) with the superior organisation.
struct GroupChange {
  int64_t id = 0;
  int64_t group_id = 0;
  std::string group_name;
  GroupChangeKind kind = GroupChangeKind::kCreate;
  absl::CivilDay decided_on;
  std::optional<absl::CivilDay> filed_on;
};

struct Branch {
  int64_t id = 0;
  std::string name;
  int member_count = 0;        // members of the branch, grouped or not
  int active_group_count = 0;  // groups not dissolved
  std::vector<GroupChange> changes;
  // The members of the branch in none of its groups on the day judged, as they stood then.
  std::vector<Member> ungrouped;
};

// 第十一条: how a leader came to lead.
enum class AppointmentMethod { kUnspecified, kBranchDesignation, kMemberRecommendation };

struct LeaderAppointment {
  int64_t member_id = 0;
  AppointmentMethod method = AppointmentMethod::kUnspecified;
  // The branch's designation document, or the record of the members' recommendation.
  std::string record_ref;
  absl::CivilDay appointed_on;
};

// 第十三条: 约谈 of a leader whose work falls short.
struct Admonition {
  int64_t leader_id = 0;
  std::optional<absl::CivilDay> date;
  std::string reason;
  std::string admonished_by;
};

struct Attendance {
  int64_t member_id = 0;
  bool present = false;
  std::string absence_reason;  // empty: an unexcused absence
};

// 第五条: a group meeting (党小组会) from request to minutes.
struct GroupMeeting {
  int64_t id = 0;
  int64_t group_id = 0;
  std::vector<std::string> topics;
  std::optional<absl::Time> requested_at;
  std::optional<absl::Time> approved_at;  // the branch's approval of the request
  std::optional<absl::Time> notified_at;
  std::vector<int64_t> notified_member_ids;
  std::optional<absl::Time> held_at;
  int64_t chair_id = 0;
  std::vector<Attendance> attendance;
  std::string minutes;
  // Recorded afterwards through the back office, not step by step.
  bool imported = false;
};

struct RectificationItem {
  std::string measure;
  int64_t owner_id = 0;
  absl::CivilDay deadline;
  bool done = false;
};

// 第六条: an org-life meeting (组织生活会): prepare, meet, rectify, report.
struct OrgLifeMeeting {
  int64_t id = 0;
  int64_t group_id = 0;
  int study_sessions = 0;     // 会前组织学习
  int talks = 0;              // 开展谈心谈话
  int opinions_gathered = 0;  // 充分听取意见
  std::optional<absl::Time> held_at;
  std::vector<std::string> problems;  // 查摆问题
  std::vector<int64_t> present_member_ids;
  std::vector<int64_t> criticism_member_ids;     // 批评和自我批评
  std::vector<RectificationItem> rectification;  // 整改措施
  std::optional<absl::Time> reported_at;         // 向党支部报告
};

enum class EvaluationRating { kExcellent, kQualified, kBasicallyQualified, kUnqualified };

struct MutualEvaluation {
  int64_t voter_id = 0;
  int64_t target_id = 0;
  EvaluationRating rating = EvaluationRating::kQualified;
};

// 第七条: a member evaluation campaign (民主评议党员) the branch opened for a group.
struct EvaluationCampaign {
  int64_t id = 0;
  int64_t group_id = 0;
  absl::CivilDay opened_on;
  absl::CivilDay deadline;
  std::vector<int64_t> self_evaluated_ids;  // 个人自评
  std::vector<int64_t> party_spirit_ids;    // 党性分析
  std::vector<MutualEvaluation> mutual;     // 党员互评
  std::optional<absl::CivilDay> reported_on;
};

// 第八条: a talk (谈心谈话) between two members, one of whom may be the leader.
struct Talk {
  absl::Time held_at;
  int64_t first_id = 0;
  int64_t second_id = 0;
};

enum class ThemeDayKind { kStudy, kPartyLecture, kOrgLife, kDemocraticDeliberation, kVolunteer };

// 第九条: a theme day (主题党日) and the branch's consent.
struct ThemeDay {
  int64_t id = 0;
  int64_t group_id = 0;
  ThemeDayKind kind = ThemeDayKind::kStudy;
  std::optional<absl::Time> consent_at;
  absl::Time held_at;
  // Who took part, and why another did not (empty: no reason given).
  std::vector<Attendance> attendance;
};

// 第四条, 第十二条: one member-month of dues.
struct DuesPayment {
  int64_t member_id = 0;
  absl::CivilMonth month;
  int64_t amount_fen = 0;
  // When it was paid (a waiver: when it was recorded).
  std::optional<absl::Time> paid_at;
  // 中组发〔2008〕3号: 经党支部研究，报上一级党委批准后，可以少交或免交 — a month waived (免交)
  // owes nothing; a reduced one (少交) is paid with its smaller amount.
  bool waived = false;
  // Paid after the month it is for had ended (按月交纳 not kept), in the caller's calendar.
  bool paid_late = false;
};

// 第十二条: a task the leader assigned.
struct Task {
  int64_t id = 0;
  std::string title;
  absl::Time due;
  std::optional<absl::Time> checked_at;  // the leader checked it done
};

// 第四条: an opinion, suggestion or difficulty of members or the public.
struct Opinion {
  int64_t id = 0;
  absl::Time received_at;
  std::optional<absl::Time> reported_at;  // passed on to the branch
};

// 第十三条: the group's annual report to the branch.
struct AnnualReport {
  int year = 0;
  absl::Time submitted_at;
};

// 第十四条: a training a leader attended.
struct LeaderTraining {
  int64_t member_id = 0;
  absl::CivilDay date;
};

// Everything a group did that the period checks read. Pass the records of the period, and for
// dues also the months before it that the six-month warning needs.
struct GroupActivity {
  Group group;
  std::vector<GroupMeeting> meetings;
  std::vector<OrgLifeMeeting> org_life_meetings;
  std::vector<EvaluationCampaign> evaluations;
  std::vector<Talk> talks;
  std::vector<DuesPayment> dues;
  std::vector<Task> tasks;
  std::vector<Opinion> opinions;
  std::vector<AnnualReport> annual_reports;
  std::vector<LeaderTraining> leader_trainings;
  // Those held (第九条): a leading cadre's part in them counts toward 带头参加 (第十四条).
  std::vector<ThemeDay> theme_days;
};

// A calendar month (month 1-12) or a whole year (month 0), in the caller's time zone.
struct Period {
  int year = 0;
  int month = 0;
};

}  // namespace partygroup::rules
