#include "common/rules/period.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/rules/catalogue.h"
#include "common/rules/records.h"
#include "common/rules/structure.h"
#include "common/rules/subjects.h"
#include "common/rules/tenure.h"

namespace partygroup::rules {
namespace {

absl::CivilMonth FirstMonth(const Period& period) {
  return absl::CivilMonth(period.year, period.month == 0 ? 1 : period.month);
}

absl::CivilMonth LastMonth(const Period& period) {
  return absl::CivilMonth(period.year, period.month == 0 ? 12 : period.month);
}

absl::Time MonthEnd(absl::CivilMonth month, absl::TimeZone zone) {
  return absl::FromCivil(month + 1, zone);
}

// The months of the period that are over by `now` and during which the group existed whole.
std::vector<absl::CivilMonth> MonthsDue(const Group& group, const Period& period, absl::Time now,
                                        absl::TimeZone zone) {
  std::vector<absl::CivilMonth> months;
  for (absl::CivilMonth month = FirstMonth(period); month <= LastMonth(period); ++month) {
    if (MonthEnd(month, zone) > now) break;
    if (absl::CivilDay(month) < group.created_on) continue;
    if (group.dissolved_on.has_value() && *group.dissolved_on < absl::CivilDay(month + 1)) break;
    months.push_back(month);
  }
  return months;
}

bool IsHeldWithin(const GroupMeeting& meeting, absl::Time start, absl::Time end) {
  return meeting.held_at.has_value() && *meeting.held_at >= start && *meeting.held_at < end;
}

void CheckMonthlyMeetings(const GroupActivity& activity, const std::vector<absl::CivilMonth>& due,
                          absl::TimeZone zone, GroupPeriodResult& result) {
  std::map<absl::CivilMonth, int> held_per_month;
  for (const GroupMeeting& meeting : activity.meetings) {
    if (meeting.held_at.has_value()) ++held_per_month[absl::ToCivilMonth(*meeting.held_at, zone)];
  }
  const Group& group = activity.group;
  for (absl::CivilMonth month : due) {
    ++result.metrics.meeting_months_due;
    const int held = held_per_month[month];
    if (held >= kMeetingsPerMonth) {
      ++result.metrics.meeting_months_met;
      continue;
    }
    result.findings.push_back(InGroup(
        MakeFinding(kMonthlyMeetingMissing, Severity::kFinding,
                    {"month", MonthId(month), absl::StrCat(group.name, " ", MonthName(month))},
                    absl::StrFormat("%s%s召开党小组会%d次，应不少于%d次", group.name,
                                    MonthName(month), held, kMeetingsPerMonth),
                    {{"month", MonthId(month)},
                     {"meetings", absl::StrCat(held)},
                     {"required", absl::StrCat(kMeetingsPerMonth)}}),
        group));
  }
}

// 第八条 with the policy's yearly talk: owed by every member who spent a whole month of the year
// in the group while someone else led it (a group without a leader owes none: GROUP_WITHOUT_LEADER
// says so instead); a talk counts when held while the member was in the group, with whoever led
// the group that day.
void CheckTalkCoverage(const GroupActivity& activity, const Period& period, absl::TimeZone zone,
                       const Policy& policy, GroupPeriodResult& result) {
  const Group& group = activity.group;
  const absl::Time start = PeriodStart(period, zone);
  const absl::Time end = PeriodEnd(period, zone);
  std::map<int64_t, int> talks_with_leader;
  for (const Talk& talk : activity.talks) {
    if (talk.held_at < start || talk.held_at >= end) continue;
    const absl::CivilDay day = absl::ToCivilDay(talk.held_at, zone);
    const std::optional<int64_t> leader = LeaderOn(group, day);
    if (!leader.has_value()) continue;
    auto count_for = [&](int64_t member_id, int64_t other_id) {
      if (other_id != *leader || member_id == *leader) return;
      const Member* member = FindMember(group, member_id);
      if (member != nullptr && SpellOn(*member, day) != nullptr) ++talks_with_leader[member_id];
    };
    count_for(talk.first_id, talk.second_id);
    count_for(talk.second_id, talk.first_id);
  }
  for (const Member& member : group.members) {
    if (!CoversWholeMonth(Intersect(DaysOf(member), DaysLedByOthers(group, member.id)),
                          FirstMonth(period), LastMonth(period))) {
      continue;
    }
    ++result.metrics.talk_members_due;
    const int talks = talks_with_leader[member.id];
    if (talks >= policy.leader_talks_per_member_per_year) {
      ++result.metrics.talk_members_covered;
      continue;
    }
    result.findings.push_back(InGroup(
        MakeFinding(
            kTalkCoverage, Severity::kFinding, MemberSubject(member),
            absl::StrFormat("%d年党小组组长与%s谈心谈话%d次，少于本委设定的每年%d次", period.year,
                            member.name, talks, policy.leader_talks_per_member_per_year),
            {{"talks_with_leader", absl::StrCat(talks)},
             {"required", absl::StrCat(policy.leader_talks_per_member_per_year)}}),
        group));
  }
}

// The last month of the period that is over by `now` (before FirstMonth when none is).
absl::CivilMonth LastMonthOver(const Period& period, absl::Time now, absl::TimeZone zone) {
  absl::CivilMonth last = LastMonth(period);
  while (last >= FirstMonth(period) && MonthEnd(last, zone) > now) --last;
  return last;
}

// The months each member paid for by `now`, sorted once: a group's year holds a hundred payments
// and more, looked up once per member and month.
class PaidMonths {
 public:
  PaidMonths(const std::vector<DuesPayment>& payments, absl::Time now) {
    paid_.reserve(payments.size());
    for (const DuesPayment& payment : payments) {
      // A waived month (免交, approved) owes nothing: it counts as met from when it was recorded.
      if (payment.paid_at.has_value() && *payment.paid_at <= now) {
        paid_.emplace_back(payment.member_id, Index(payment.month));
      }
    }
    std::sort(paid_.begin(), paid_.end());
  }
  bool Paid(int64_t member_id, absl::CivilMonth month) const {
    return std::binary_search(paid_.begin(), paid_.end(), std::make_pair(member_id, Index(month)));
  }

 private:
  static int64_t Index(absl::CivilMonth month) { return month.year() * 12 + month.month(); }
  std::vector<std::pair<int64_t, int64_t>> paid_;  // (member id, month index)
};

// 第四条: a month's dues are owed in the group the member was in on the month's last day. The
// last days of the months asked about, computed once: civil arithmetic is the costliest part of a
// city's year of dues.
class MonthEnds {
 public:
  MonthEnds(absl::CivilMonth first, absl::CivilMonth last) : first_(first) {
    for (absl::CivilMonth month = first; month <= last; ++month) {
      ends_.push_back(absl::CivilDay(month + 1) - 1);
    }
  }
  bool Owes(const Member& member, absl::CivilMonth month) const {
    const int64_t at = month - first_;
    const absl::CivilDay end = at >= 0 && at < static_cast<int64_t>(ends_.size())
                                   ? ends_[static_cast<size_t>(at)]
                                   : absl::CivilDay(month + 1) - 1;
    return SpellOn(member, end) != nullptr;
  }

 private:
  const absl::CivilMonth first_;
  std::vector<absl::CivilDay> ends_;
};

void CheckDues(const GroupActivity& activity, const Period& period, absl::Time now,
               absl::TimeZone zone, const Policy& policy, GroupPeriodResult& result) {
  const Group& group = activity.group;
  const absl::CivilMonth first = FirstMonth(period);
  const absl::CivilMonth last = LastMonthOver(period, now, zone);
  // 党章第九条 counts six months in a row: a run that reaches into the period may begin in the
  // five months before it.
  const absl::CivilMonth looked_back = first - (kDuesWarningConsecutiveMonths - 1);
  const PaidMonths paid_months(activity.dues, now);
  const MonthEnds month_ends(looked_back, last);
  for (const Member& member : group.members) {
    auto unpaid = [&](absl::CivilMonth month) {
      return month_ends.Owes(member, month) && !paid_months.Paid(member.id, month);
    };
    for (absl::CivilMonth month = first; month <= last; ++month) {
      if (!month_ends.Owes(member, month)) continue;
      ++result.metrics.dues_months_due;
      if (!unpaid(month)) {
        ++result.metrics.dues_months_paid;
        continue;
      }
      result.findings.push_back(
          InGroup(MakeFinding(kDuesUnpaid, Severity::kFinding, MemberSubject(member),
                              absl::StrCat(member.name, MonthName(month), "党费未收缴"),
                              {{"month", MonthId(month)}}),
                  group));
    }
    // 连续6个月不交纳党费: every run of six or more unpaid months (owed in this group, not waived)
    // that ends in the period, wherever in it.
    int run = 0;
    for (absl::CivilMonth month = looked_back; month <= last + 1; ++month) {
      if (month <= last && unpaid(month)) {
        ++run;
        continue;
      }
      const absl::CivilMonth through = month - 1;
      if (run >= kDuesWarningConsecutiveMonths && through >= first) {
        const absl::CivilMonth from = month - run;
        result.findings.push_back(
            InGroup(MakeFinding(kDuesSixMonthsUnpaid, Severity::kFinding, MemberSubject(member),
                                absl::StrFormat("%s连续%d个月未交纳党费（%s至%s）", member.name,
                                                run, MonthName(from), MonthName(through)),
                                {{"consecutive_months", absl::StrCat(run)},
                                 {"from", MonthId(from)},
                                 {"through", MonthId(through)}}),
                    group));
      }
      run = 0;
    }
  }
  // 按月交纳: a month paid after it ended is paid, and late (a rule the policy may switch off).
  if (!policy.IsOn(kDuesPaidLate)) return;
  for (const DuesPayment& payment : activity.dues) {
    if (!payment.paid_late || payment.waived || payment.month < first || payment.month > last ||
        !payment.paid_at.has_value() || *payment.paid_at > now) {
      continue;
    }
    const Member* member = FindMember(group, payment.member_id);
    if (member == nullptr || !month_ends.Owes(*member, payment.month)) continue;
    std::vector<Evidence> evidence = {{"month", MonthId(payment.month)}};
    if (*payment.paid_at != absl::InfinitePast()) {
      evidence.push_back({"paid_on", absl::FormatTime("%Y-%m-%d", *payment.paid_at, zone)});
    }
    result.findings.push_back(
        InGroup(MakeFinding(kDuesPaidLate, Severity::kFinding, MemberSubject(*member),
                            absl::StrCat(member->name, MonthName(payment.month),
                                         "的党费在当月结束后才交纳（未按月交纳）"),
                            std::move(evidence)),
                group));
  }
}

void CheckAnnualReport(const GroupActivity& activity, const Period& period, absl::Time now,
                       absl::TimeZone zone, const Policy& policy, GroupPeriodResult& result) {
  const absl::Time deadline = absl::FromCivil(
      absl::CivilDay(period.year, policy.annual_report_month, policy.annual_report_day) + 1, zone);
  if (now < deadline) return;
  const Group& group = activity.group;
  // Owed by a group that stands at the end of the year and existed for a whole month of it.
  if (group.dissolved_on.has_value() &&
      *group.dissolved_on <= absl::CivilDay(period.year, 12, 31)) {
    return;
  }
  if (!CoversWholeMonth({DaySpan{group.created_on, group.dissolved_on}}, FirstMonth(period),
                        LastMonth(period))) {
    return;
  }
  std::optional<absl::Time> first_submission;
  for (const AnnualReport& report : activity.annual_reports) {
    if (report.year != period.year) continue;
    if (!first_submission.has_value() || report.submitted_at < *first_submission) {
      first_submission = report.submitted_at;
    }
  }
  if (first_submission.has_value() && *first_submission < deadline) return;
  std::vector<Evidence> evidence = {{"year", absl::StrCat(period.year)}};
  if (first_submission.has_value()) {
    evidence.push_back({"submitted_late", absl::FormatTime("%Y-%m-%d", *first_submission, zone)});
  }
  result.findings.push_back(InGroup(
      MakeFinding(kAnnualReportMissing, Severity::kFinding, GroupSubject(group),
                  absl::StrFormat("%s未在本委设定的截止日（%d年%d月%d日）前向党支部报告本年度工作",
                                  group.name, period.year, policy.annual_report_month,
                                  policy.annual_report_day),
                  std::move(evidence)),
      group));
}

// 第十四条 with the policy's yearly training: owed by every member who led the group for a whole
// month of the year, at least once in the year whoever led the rest of it (not in proportion to
// the term); a training anywhere in the year counts.
void CheckLeaderTraining(const GroupActivity& activity, const Period& period, const Policy& policy,
                         GroupPeriodResult& result) {
  const Group& group = activity.group;
  std::vector<int64_t> leaders;
  for (const LeaderTerm& term : group.leader_terms) {
    if (std::find(leaders.begin(), leaders.end(), term.member_id) == leaders.end()) {
      leaders.push_back(term.member_id);
    }
  }
  for (int64_t leader_id : leaders) {
    if (!CoversWholeMonth(DaysLed(group, leader_id), FirstMonth(period), LastMonth(period))) {
      continue;
    }
    ++result.metrics.leaders_due_training;
    int trainings = 0;
    for (const LeaderTraining& training : activity.leader_trainings) {
      if (training.member_id == leader_id && training.date.year() == period.year) ++trainings;
    }
    if (trainings >= policy.leader_trainings_per_year) {
      ++result.metrics.leaders_trained;
      continue;
    }
    const Member* leader = FindMember(group, leader_id);
    Subject subject =
        leader != nullptr ? MemberSubject(*leader) : Subject{"member", absl::StrCat(leader_id), ""};
    result.findings.push_back(InGroup(
        MakeFinding(
            kLeaderUntrained, Severity::kFinding, subject,
            absl::StrFormat("%s组长%s%d年参加教育培训%d次，少于本委设定的每年%d次", group.name,
                            subject.name, period.year, trainings, policy.leader_trainings_per_year),
            {{"trainings", absl::StrCat(trainings)},
             {"required", absl::StrCat(policy.leader_trainings_per_year)}}),
        group));
  }
}

// The group meetings held in [start, end), each with the day it was held in `zone`.
std::vector<std::pair<const GroupMeeting*, absl::CivilDay>> HeldMeetings(
    const GroupActivity& activity, absl::Time start, absl::Time end, absl::TimeZone zone) {
  std::vector<std::pair<const GroupMeeting*, absl::CivilDay>> held;
  for (const GroupMeeting& meeting : activity.meetings) {
    if (IsHeldWithin(meeting, start, end)) {
      held.emplace_back(&meeting, absl::ToCivilDay(*meeting.held_at, zone));
    }
  }
  return held;
}

// A member's part in an activity with its attendance recorded: present, excused (a reason given),
// or absent without a reason (no record counts as that).
enum class Part { kPresent, kExcused, kUnexcused };
Part PartIn(const std::vector<Attendance>& attendance, int64_t member_id) {
  auto it = std::find_if(attendance.begin(), attendance.end(),
                         [&](const Attendance& a) { return a.member_id == member_id; });
  if (it == attendance.end()) return Part::kUnexcused;
  if (it->present) return Part::kPresent;
  return it->absence_reason.empty() ? Part::kUnexcused : Part::kExcused;
}

void CheckCadreAttendance(const GroupActivity& activity, const Period& period, absl::Time now,
                          absl::TimeZone zone, const Policy& policy, GroupPeriodResult& result) {
  const Group& group = activity.group;
  const absl::Time start = PeriodStart(period, zone);
  const absl::Time end = std::min(PeriodEnd(period, zone), now);
  // 第十四条: the meetings held while the member was in the group as a leading cadre. The days of
  // the meetings held, once: most members are no cadres and are passed over at once.
  std::vector<std::pair<const GroupMeeting*, absl::CivilDay>> held;
  for (const Member& member : group.members) {
    if (std::none_of(member.spells.begin(), member.spells.end(),
                     [](const MemberSpell& spell) { return spell.leading_cadre; })) {
      continue;
    }
    if (held.empty()) held = HeldMeetings(activity, start, end, zone);
    int due = 0, attended = 0, unexcused = 0;
    for (const auto& [held_meeting, day] : held) {
      const GroupMeeting& meeting = *held_meeting;
      const MemberSpell* spell = SpellOn(member, day);
      if (spell == nullptr || !spell->leading_cadre) continue;
      ++due;
      const Part part = PartIn(meeting.attendance, member.id);
      attended += part == Part::kPresent ? 1 : 0;
      unexcused += part == Part::kUnexcused ? 1 : 0;
    }
    // 带头参加所在党小组活动: the group's org-life meetings count as well (第六条); they record who
    // was present, not why another was not.
    int org_life_due = 0, org_life_attended = 0;
    for (const OrgLifeMeeting& meeting : activity.org_life_meetings) {
      if (!meeting.held_at.has_value() || *meeting.held_at < start || *meeting.held_at >= end) {
        continue;
      }
      const MemberSpell* spell = SpellOn(member, absl::ToCivilDay(*meeting.held_at, zone));
      if (spell == nullptr || !spell->leading_cadre) continue;
      ++org_life_due;
      if (std::find(meeting.present_member_ids.begin(), meeting.present_member_ids.end(),
                    member.id) != meeting.present_member_ids.end()) {
        ++org_life_attended;
      } else {
        ++unexcused;
      }
    }
    // 主题党日 (第九条) are the group's activities too; one recorded without attendance says
    // nothing of who came and is passed over.
    int theme_due = 0, theme_attended = 0;
    for (const ThemeDay& day : activity.theme_days) {
      if (day.attendance.empty() || day.held_at < start || day.held_at >= end) continue;
      const MemberSpell* spell = SpellOn(member, absl::ToCivilDay(day.held_at, zone));
      if (spell == nullptr || !spell->leading_cadre) continue;
      ++theme_due;
      const Part part = PartIn(day.attendance, member.id);
      theme_attended += part == Part::kPresent ? 1 : 0;
      unexcused += part == Part::kUnexcused ? 1 : 0;
    }
    if (due + org_life_due + theme_due == 0) continue;
    result.metrics.cadre_meetings_due += due + org_life_due + theme_due;
    result.metrics.cadre_meetings_attended += attended + org_life_attended + theme_attended;
    if (unexcused <= policy.cadre_unexcused_absences_allowed) continue;
    result.findings.push_back(InGroup(
        MakeFinding(
            kCadreAbsent, Severity::kFinding, MemberSubject(member),
            absl::StrFormat("党员领导干部%s无故缺席党小组活动%d次（党小组会%d次、出席%d次，"
                            "组织生活会%d次、出席%d次，主题党日%d次、出席%d次；本委设定允许"
                            "%d次）",
                            member.name, unexcused, due, attended, org_life_due, org_life_attended,
                            theme_due, theme_attended, policy.cadre_unexcused_absences_allowed),
            {{"meetings", absl::StrCat(due)},
             {"attended", absl::StrCat(attended)},
             {"org_life_meetings", absl::StrCat(org_life_due)},
             {"org_life_attended", absl::StrCat(org_life_attended)},
             {"theme_days", absl::StrCat(theme_due)},
             {"theme_days_attended", absl::StrCat(theme_attended)},
             {"unexcused_absences", absl::StrCat(unexcused)}}),
        group));
  }
}

// 第四条（三） 组织和督促党员按时参加: a member who missed, without a reason, every group meeting
// held while they were in the group for the policy's number of months in a row (by default the
// Constitution's six). A month without a meeting due neither counts nor breaks the run; one with
// a meeting attended, or missed for a reason, breaks it. Judged within the period.
void CheckMemberAbsence(const GroupActivity& activity, const Period& period, absl::Time now,
                        absl::TimeZone zone, const Policy& policy, GroupPeriodResult& result) {
  const Group& group = activity.group;
  const absl::Time start = PeriodStart(period, zone);
  const absl::Time end = std::min(PeriodEnd(period, zone), now);
  std::vector<std::pair<const GroupMeeting*, absl::CivilDay>> held =
      HeldMeetings(activity, start, end, zone);
  if (static_cast<int>(held.size()) < policy.member_absent_months) return;
  std::sort(held.begin(), held.end(),
            [](const auto& a, const auto& b) { return *a.first->held_at < *b.first->held_at; });
  for (const Member& member : group.members) {
    // Per month: 0 none due, 1 missed without a reason, 2 attended or excused.
    std::map<absl::CivilMonth, int> months;
    for (const auto& [meeting, day] : held) {
      if (SpellOn(member, day) == nullptr) continue;
      auto it = std::find_if(meeting->attendance.begin(), meeting->attendance.end(),
                             [&](const Attendance& a) { return a.member_id == member.id; });
      const bool kept =
          it != meeting->attendance.end() && (it->present || !it->absence_reason.empty());
      int& state = months[absl::CivilMonth(day)];
      state = std::max(state, kept ? 2 : 1);
    }
    int run = 0;
    absl::CivilMonth from, through;
    auto flush = [&] {
      if (run >= policy.member_absent_months) {
        result.findings.push_back(InGroup(
            MakeFinding(kMemberLongAbsent, Severity::kFinding, MemberSubject(member),
                        absl::StrFormat("%s连续%d个月无故未参加党小组会（%s至%s；本委设定%d个月）",
                                        member.name, run, MonthName(from), MonthName(through),
                                        policy.member_absent_months),
                        {{"months", absl::StrCat(run)},
                         {"from", MonthId(from)},
                         {"through", MonthId(through)}}),
            group));
      }
      run = 0;
    };
    for (const auto& [month, state] : months) {
      if (state == 2) {
        flush();
        continue;
      }
      if (run == 0) from = month;
      through = month;
      ++run;
    }
    flush();
  }
}

// The findings of the optional rules the policy switched off, dropped.
void DropRulesOff(const Policy& policy, std::vector<Finding>& findings) {
  if (policy.rules_off.empty()) return;
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const Finding& f) { return !policy.IsOn(f.code); }),
                 findings.end());
}

}  // namespace

bool PaidLate(absl::CivilMonth month, absl::Time paid_at, absl::TimeZone zone) {
  return paid_at >= MonthEnd(month, zone);
}

std::vector<absl::CivilMonth> OwedDuesMonths(const Member& member,
                                             const std::vector<DuesPayment>& payments,
                                             const Period& period, absl::Time now,
                                             absl::TimeZone zone) {
  std::vector<absl::CivilMonth> owed;
  const PaidMonths paid(payments, now);
  const absl::CivilMonth last = LastMonthOver(period, now, zone);
  const MonthEnds month_ends(FirstMonth(period), last);
  for (absl::CivilMonth month = FirstMonth(period); month <= last; ++month) {
    if (month_ends.Owes(member, month) && !paid.Paid(member.id, month)) owed.push_back(month);
  }
  return owed;
}

absl::Time PeriodStart(const Period& period, absl::TimeZone zone) {
  return absl::FromCivil(FirstMonth(period), zone);
}

absl::Time PeriodEnd(const Period& period, absl::TimeZone zone) {
  return absl::FromCivil(LastMonth(period) + 1, zone);
}

GroupPeriodResult CheckGroupPeriod(const GroupActivity& activity, const Period& period,
                                   absl::Time now, absl::TimeZone zone, const Policy& policy) {
  GroupPeriodResult result;
  const Group& group = activity.group;
  const absl::Time start = PeriodStart(period, zone);
  const absl::Time end = PeriodEnd(period, zone);
  for (const GroupMeeting& meeting : activity.meetings) {
    if (IsHeldWithin(meeting, start, end)) {
      ++result.metrics.meetings_held;
      if (meeting.imported) ++result.metrics.meetings_imported;
    }
  }
  const bool dissolved = group.dissolved_on.has_value() &&
                         absl::FromCivil(*group.dissolved_on, zone) <= std::min(now, end);
  CheckMonthlyMeetings(activity, MonthsDue(group, period, now, zone), zone, result);
  CheckDues(activity, period, now, zone, policy, result);
  CheckCadreAttendance(activity, period, now, zone, policy, result);
  if (policy.IsOn(kMemberLongAbsent))
    CheckMemberAbsence(activity, period, now, zone, policy, result);
  if (!dissolved) {
    // 第一条 and 第十三条 describe the group as it stood at the end of the period (today while it
    // runs).
    const absl::CivilDay standing_day =
        std::min(absl::CivilDay(LastMonth(period) + 1) - 1, absl::ToCivilDay(now, zone));
    for (Finding& finding : CheckGroupStanding(StandingOn(group, standing_day))) {
      result.findings.push_back(std::move(finding));
    }
  }
  const bool year_over = period.month == 0 && now >= end;
  // A rule the policy switched off is not checked, and its metrics are not counted.
  if (year_over && policy.IsOn(kTalkCoverage)) {
    CheckTalkCoverage(activity, period, zone, policy, result);
  }
  if (year_over && policy.IsOn(kLeaderUntrained)) {
    CheckLeaderTraining(activity, period, policy, result);
  }
  if (period.month == 0 && policy.IsOn(kAnnualReportMissing)) {
    CheckAnnualReport(activity, period, now, zone, policy, result);
  }

  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  for (const OrgLifeMeeting& meeting : activity.org_life_meetings) {
    for (Finding& finding : CheckOrgLifeFollowUp(meeting, group, now, policy)) {
      result.findings.push_back(std::move(finding));
    }
    for (Finding& finding : CheckRectificationItems(meeting, group, today)) {
      result.findings.push_back(std::move(finding));
    }
  }
  for (const EvaluationCampaign& campaign : activity.evaluations) {
    for (Finding& finding : CheckEvaluationCampaign(campaign, group, today, policy)) {
      result.findings.push_back(std::move(finding));
    }
  }
  for (Finding& finding : CheckTasks(activity.tasks, group, now)) {
    result.findings.push_back(std::move(finding));
  }
  for (Finding& finding : CheckOpinions(activity.opinions, group, now, policy)) {
    result.findings.push_back(std::move(finding));
  }
  DropRulesOff(policy, result.findings);
  return result;
}

std::vector<Finding> CheckBranch(const Branch& branch, absl::CivilDay today, const Policy& policy) {
  std::vector<Finding> findings;
  const Subject subject = {"branch", absl::StrCat(branch.id), branch.name};
  if (branch.member_count >= kBranchMembersRequiringGroups && branch.active_group_count == 0) {
    Finding finding = MakeFinding(kBranchShouldHaveGroups, Severity::kFinding, subject,
                                  absl::StrFormat("%s有党员%d名，应当划分党小组，现有党小组0个",
                                                  branch.name, branch.member_count),
                                  {{"members", absl::StrCat(branch.member_count)},
                                   {"threshold", absl::StrCat(kBranchMembersRequiringGroups)}});
    finding.branch_id = branch.id;
    findings.push_back(std::move(finding));
  }
  // 第一条, 第十四条: groups for the branch's size, under the committee's number.
  const int members_allowed = branch.active_group_count * policy.branch_members_per_group_most;
  if (policy.IsOn(kBranchTooFewGroups) && branch.member_count >= kBranchMembersRequiringGroups &&
      branch.active_group_count > 0 && branch.member_count > members_allowed) {
    Finding finding = MakeFinding(
        kBranchTooFewGroups, Severity::kFinding, subject,
        absl::StrFormat("%s有党员%d名、党小组%d个，平均每组超过本委设定的%d名", branch.name,
                        branch.member_count, branch.active_group_count,
                        policy.branch_members_per_group_most),
        {{"members", absl::StrCat(branch.member_count)},
         {"groups", absl::StrCat(branch.active_group_count)},
         {"members_per_group_most", absl::StrCat(policy.branch_members_per_group_most)}});
    finding.branch_id = branch.id;
    findings.push_back(std::move(finding));
  }
  // 第十四条: once a branch has groups, its members (its leading cadres above all) are in one.
  for (const Member& member : branch.ungrouped) {
    if (branch.active_group_count == 0) break;  // BRANCH_SHOULD_HAVE_GROUPS says what is missing
    const bool cadre = member.leading_cadre;
    if (!cadre && !policy.IsOn(kMemberWithoutGroup)) continue;
    Finding finding = MakeFinding(cadre ? kCadreWithoutGroup : kMemberWithoutGroup,
                                  Severity::kFinding, MemberSubject(member),
                                  absl::StrCat(cadre ? "党员领导干部" : "党员", member.name,
                                               "未编入", branch.name, "的党小组"),
                                  {{"branch", branch.name}});
    finding.branch_id = branch.id;
    findings.push_back(std::move(finding));
  }
  for (const GroupChange& change : branch.changes) {
    if (!policy.IsOn(kFilingOverdue)) break;
    const absl::CivilDay due = FilingDueOn(change.decided_on, policy);
    // As known on `today`: a filing recorded for a later day was not made yet.
    const bool filed = change.filed_on.has_value() && *change.filed_on <= today;
    const bool late = filed ? *change.filed_on > due : today > due;
    if (!late) continue;
    Finding finding = MakeFinding(
        kFilingOverdue, Severity::kFinding,
        {"group_change", absl::StrCat(change.id), change.group_name},
        absl::StrFormat("%s的变动（%s决定）超过本委设定的%d日期限未报上级党组织备案",
                        change.group_name, DayName(change.decided_on), policy.filing_deadline_days),
        {{"decided_on", DayName(change.decided_on)},
         {"due", DayName(due)},
         {"filed_on", filed ? DayName(*change.filed_on) : "未备案"}});
    finding.branch_id = branch.id;
    finding.group_id = change.group_id;
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace partygroup::rules
