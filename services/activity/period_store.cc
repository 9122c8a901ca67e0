#include "services/activity/period_store.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/dues_store.h"
#include "services/activity/evaluation_store.h"
#include "services/activity/group_meeting_store.h"
#include "services/activity/opinion_store.h"
#include "services/activity/org_life_store.h"
#include "services/activity/packed_records.h"
#include "services/activity/reports_and_training_store.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"
#include "services/activity/talk_store.h"
#include "services/activity/task_store.h"
#include "services/activity/theme_day_store.h"

namespace partygroup::activity::store {
namespace {

// A meeting of the compact form (kMeetingCompactColumns): what the rules read, the attendance
// packed. The authors, the review note, the planned and archive times are left out.
v1::GroupMeeting ReadCompactMeeting(sql::ResultSet& r) {
  v1::GroupMeeting m;
  m.set_id(r.getInt64(1));
  m.set_group_id(r.getInt64(2));
  m.set_status(ParseMeetingStatus(r.getString(3)));
  ReadTopics(r.getString(4), m);
  if (auto t = ReadTime(r.getString(5))) *m.mutable_request_time() = *t;
  if (auto t = ReadTime(r.getString(6))) *m.mutable_review_time() = *t;
  if (auto t = ReadTime(r.getString(7))) *m.mutable_notice_time() = *t;
  ReadIds(r.getString(8), m.mutable_notified_member_ids());
  if (auto t = ReadTime(r.getString(9))) *m.mutable_held_time() = *t;
  m.set_chair_member_id(r.getInt64(10));
  m.set_minutes(r.getString(11));
  UnpackAttendance(r.getString(12), r.getString(13), m);
  m.set_imported(r.getBoolean(14));
  return m;
}

// The parent a child row belongs to; nullptr when the parent fell outside the window between the
// two queries (callers read in one snapshot, so only a caller outside a transaction sees it).
template <typename Parent>
Parent* Find(const absl::flat_hash_map<int64_t, Parent*>& parents, int64_t id) {
  auto it = parents.find(id);
  return it == parents.end() ? nullptr : it->second;
}

// A statement over the window's instants (or days, or months) as parameters 1 and 2.
// Runs a period query whose parameters are the window's bounds, once or more: from, to, from, ...
Rows QueryWindow(sql::Connection& c, const std::string& text, const std::string& from,
                 const std::string& to, Statement& holder) {
  holder = Prepare(c, text);
  for (int p = 1; p <= db::ParametersOf(text); ++p) holder->setString(p, p % 2 == 1 ? from : to);
  return Rows(holder->executeQuery());
}

// Where each group's records go (its position in the caller's list), and the groups' ids for
// an IN list.
struct GroupPositions {
  absl::flat_hash_map<int64_t, size_t> position;
  std::string ids;
};

GroupPositions PositionsOf(const std::vector<PeriodGroup>& groups) {
  GroupPositions positions;
  std::vector<int64_t> group_ids;
  for (size_t i = 0; i < groups.size(); ++i) {
    positions.position[groups[i].group_id] = i;
    group_ids.push_back(groups[i].group_id);
  }
  positions.ids = IdList(group_ids);
  return positions;
}

std::vector<v1::GroupPeriodRecords> ReadPeriodRecords(sql::Connection& c,
                                                      const std::vector<PeriodGroup>& groups,
                                                      const PeriodWindow& window, bool compact) {
  std::vector<v1::GroupPeriodRecords> records(groups.size());
  if (groups.empty()) return records;
  absl::flat_hash_map<int64_t, v1::GroupPeriodRecords*> by_group;
  absl::flat_hash_map<int64_t, std::vector<v1::GroupPeriodRecords*>> by_leader;
  std::vector<int64_t> group_ids;
  std::vector<int64_t> leader_ids;
  for (size_t i = 0; i < groups.size(); ++i) {
    records[i].set_group_id(groups[i].group_id);
    by_group[groups[i].group_id] = &records[i];
    group_ids.push_back(groups[i].group_id);
    for (int64_t leader : groups[i].leader_member_ids) {
      std::vector<v1::GroupPeriodRecords*>& led = by_leader[leader];
      if (led.empty()) leader_ids.push_back(leader);
      if (std::find(led.begin(), led.end(), &records[i]) == led.end()) led.push_back(&records[i]);
    }
  }
  const std::string ids = IdList(group_ids);
  const std::string from = proto::FormatSqlTime(window.from);
  const std::string to = proto::FormatSqlTime(window.to);
  const std::string first_day = proto::FormatSqlDate(window.first_day);
  const std::string end_day = proto::FormatSqlDate(window.end_day);
  auto owner = [&](int64_t group_id) -> v1::GroupPeriodRecords& { return *by_group.at(group_id); };
  Statement s;

  // Meetings with their attendance and amendments (第五条).
  absl::flat_hash_map<int64_t, v1::GroupMeeting*> meetings;
  const char* meeting_columns = compact ? q::kMeetingCompactColumns : q::kMeetingColumns;
  for (Rows r =
           QueryWindow(c, absl::StrFormat(q::kPeriodMeetings, meeting_columns, ids), from, to, s);
       r->next();) {
    v1::GroupMeeting meeting = compact ? ReadCompactMeeting(*r) : ReadMeetingRow(*r, nullptr);
    v1::GroupMeeting* added = owner(meeting.group_id()).add_meetings();
    *added = std::move(meeting);
    meetings[added->id()] = added;
  }
  // The compact form took the attendance from the meeting rows; the full one reads its rows.
  if (!compact) {
    for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodAttendance, ids), from, to, s);
         r->next();) {
      if (v1::GroupMeeting* parent = Find(meetings, r->getInt64(1))) {
        ReadAttendance(*r, 2, parent->add_attendance());
      }
    }
  }
  // Each group's meetings by id, as a group's page lists them.
  for (v1::GroupPeriodRecords& group : records) {
    std::sort(
        group.mutable_meetings()->pointer_begin(), group.mutable_meetings()->pointer_end(),
        [](const v1::GroupMeeting* a, const v1::GroupMeeting* b) { return a->id() < b->id(); });
  }
  for (auto& [id, meeting] : meetings) {
    std::sort(meeting->mutable_attendance()->begin(), meeting->mutable_attendance()->end(),
              [](const v1::Attendance& a, const v1::Attendance& b) {
                return a.member_id() < b.member_id();
              });
    std::sort(meeting->mutable_present_member_ids()->begin(),
              meeting->mutable_present_member_ids()->end());
  }
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodAmendments, ids), from, to, s);
       r->next();) {
    if (auto* parent = Find(meetings, r->getInt64(1)))
      ReadAmendment(*r, 2, parent->add_amendments());
  }
  // Theme days (第九条).
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodThemeDays, q::kThemeDayColumns, ids), from,
                            to, s);
       r->next();) {
    v1::ThemeDay day = ReadThemeDayRow(*r, nullptr);
    *owner(day.group_id()).add_theme_days() = std::move(day);
  }
  // Talks (第八条).
  const char* talk_columns = compact ? q::kTalkCompactColumns : q::kTalkColumns;
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodTalks, talk_columns, ids), from, to, s);
       r->next();) {
    v1::Talk talk = ReadTalkRow(*r, compact);
    *owner(talk.group_id()).add_talks() = std::move(talk);
  }
  // The annual report of the year (第十三条).
  s = Prepare(c, absl::StrFormat(q::kPeriodAnnualReports, q::kAnnualReportColumns, ids));
  s->setInt(1, window.year);
  for (Rows r(s->executeQuery()); r->next();) {
    v1::AnnualReport report = ReadReportRow(*r, nullptr);
    *owner(report.group_id()).add_annual_reports() = std::move(report);
  }
  // The leaders' training in the year (第十四条).
  if (!leader_ids.empty()) {
    for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodTrainings, IdList(leader_ids)),
                              proto::FormatSqlDate(absl::CivilDay(window.year, 1, 1)),
                              proto::FormatSqlDate(absl::CivilDay(window.year + 1, 1, 1)), s);
         r->next();) {
      const v1::LeaderTraining training = ReadTrainingRow(*r);
      for (v1::GroupPeriodRecords* led : by_leader.at(training.member_id())) {
        *led->add_leader_trainings() = training;
      }
    }
  }
  // Tasks with their assignees (第十二条).
  absl::flat_hash_map<int64_t, v1::Task*> tasks;
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodTasks, q::kTaskColumns, ids), from, to, s);
       r->next();) {
    v1::Task task = ReadTaskRow(*r, nullptr);
    v1::Task* added = owner(task.group_id()).add_tasks();
    *added = std::move(task);
    tasks[added->id()] = added;
  }
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodAssignees, ids), from, to, s);
       r->next();) {
    if (auto* parent = Find(tasks, r->getInt64(1))) ReadAssignee(*r, 2, parent->add_assignees());
  }
  // Opinions (第四条).
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodOpinions, q::kOpinionColumns, ids), from,
                            to, s);
       r->next();) {
    v1::Opinion opinion = ReadOpinionRow(*r, nullptr);
    *owner(opinion.group_id()).add_opinions() = std::move(opinion);
  }
  // Org-life meetings with their rectification (第六条).
  absl::flat_hash_map<int64_t, v1::OrgLifeMeeting*> org_lifes;
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodOrgLifes, q::kOrgLifeColumns, ids), from,
                            to, s);
       r->next();) {
    v1::OrgLifeMeeting meeting = ReadOrgLifeRow(*r, nullptr);
    v1::OrgLifeMeeting* added = owner(meeting.group_id()).add_org_life_meetings();
    *added = std::move(meeting);
    org_lifes[added->id()] = added;
  }
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodRectifications, ids), from, to, s);
       r->next();) {
    if (auto* parent = Find(org_lifes, r->getInt64(1)))
      ReadRectification(*r, 2, parent->add_rectification());
  }
  // Evaluation campaigns with self-evaluations and votes (第七条).
  absl::flat_hash_map<int64_t, v1::EvaluationCampaign*> campaigns;
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodCampaigns, ids), first_day, end_day, s);
       r->next();) {
    v1::EvaluationCampaign campaign = ReadCampaignRow(*r, nullptr);
    v1::EvaluationCampaign* added = owner(campaign.group_id()).add_evaluations();
    *added = std::move(campaign);
    campaigns[added->id()] = added;
  }
  for (Rows r =
           QueryWindow(c, absl::StrFormat(q::kPeriodSelfEvaluations, ids), first_day, end_day, s);
       r->next();) {
    if (auto* parent = Find(campaigns, r->getInt64(1)))
      ReadSelfEvaluation(*r, 2, parent->add_self_evaluations());
  }
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodVotes, ids), first_day, end_day, s);
       r->next();) {
    if (auto* parent = Find(campaigns, r->getInt64(1)))
      ReadVote(*r, 2, parent->add_mutual_evaluations());
  }
  return records;
}

std::vector<std::vector<v1::DuesEntry>> ReadPeriodDues(sql::Connection& c,
                                                       const std::vector<PeriodGroup>& groups,
                                                       const PeriodWindow& window) {
  std::vector<std::vector<v1::DuesEntry>> dues(groups.size());
  if (groups.empty()) return dues;
  const GroupPositions groups_at = PositionsOf(groups);
  Statement s;
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodDues, groups_at.ids),
                            window.dues_from_month, window.dues_to_month, s);
       r->next();) {
    v1::DuesEntry entry = ReadDuesRow(*r);
    auto at = groups_at.position.find(entry.group_id());
    if (at != groups_at.position.end()) dues[at->second].push_back(std::move(entry));
  }
  return dues;
}

std::vector<std::vector<v1::MemberDuesPaid>> ReadPeriodDuesPaid(
    sql::Connection& c, const std::vector<PeriodGroup>& groups, const PeriodWindow& window) {
  std::vector<std::vector<v1::MemberDuesPaid>> dues(groups.size());
  if (groups.empty()) return dues;
  const GroupPositions groups_at = PositionsOf(groups);
  // The window's months as yyyymm: [from, to).
  auto month_number = [](const std::string& month) {  // "2025-03"
    int year = 0, number = 0;
    if (month.size() != 7 || !absl::SimpleAtoi(month.substr(0, 4), &year) ||
        !absl::SimpleAtoi(month.substr(5, 2), &number)) {
      return 0;
    }
    return year * 100 + number;
  };
  const int from = month_number(window.dues_from_month);
  const int to = month_number(window.dues_to_month);
  const bool by_instant = window.dues_paid_by.has_value();
  const int64_t paid_by = by_instant ? absl::ToUnixMicros(*window.dues_paid_by) : 0;
  Statement s = Prepare(c, absl::StrFormat(q::kPeriodDuesYears, groups_at.ids));
  s->setInt(1, from / 100);
  s->setInt(2, to / 100);
  // A member's years come one after the other (the primary key's order); their months are
  // gathered, then put in month order as the full form has them.
  for (Rows r(s->executeQuery()); r->next();) {
    auto at = groups_at.position.find(r->getInt64(1));
    if (at == groups_at.position.end()) continue;
    std::vector<v1::MemberDuesPaid>& group = dues[at->second];
    const int64_t member_id = r->getInt64(2);
    if (group.empty() || group.back().member_id() != member_id) {
      group.emplace_back().set_member_id(member_id);
    }
    v1::MemberDuesPaid& paid = group.back();
    const std::string packed = r->getString(3);
    for (absl::string_view entry : absl::StrSplit(packed, ',')) {
      // "202503:<micros>" with ":W" (waived) or ":L" (paid late) after it (migration 0111).
      const std::vector<absl::string_view> parts = absl::StrSplit(entry, ':');
      int month = 0;
      int64_t micros = 0;
      if (parts.size() < 2 || !absl::SimpleAtoi(parts[0], &month) ||
          !absl::SimpleAtoi(parts[1], &micros) || month < from || month >= to ||
          (by_instant && micros > paid_by)) {
        continue;
      }
      paid.add_months(month);
      if (!by_instant) paid.add_paid_unix_micros(micros);
      if (parts.size() > 2 && parts[2] == "W") paid.add_waived_months(month);
      if (parts.size() > 2 && parts[2] == "L") paid.add_late_months(month);
    }
  }
  for (std::vector<v1::MemberDuesPaid>& group : dues) {
    // Members with no month in the window are dropped; the others' months put in order.
    group.erase(std::remove_if(group.begin(), group.end(),
                               [](const v1::MemberDuesPaid& m) { return m.months().empty(); }),
                group.end());
    for (v1::MemberDuesPaid& member : group) {
      std::sort(member.mutable_waived_months()->begin(), member.mutable_waived_months()->end());
      std::sort(member.mutable_late_months()->begin(), member.mutable_late_months()->end());
      if (by_instant) {
        std::sort(member.mutable_months()->begin(), member.mutable_months()->end());
        continue;
      }
      std::vector<std::pair<int32_t, int64_t>> months;
      for (int i = 0; i < member.months_size(); ++i) {
        months.push_back({member.months(i), member.paid_unix_micros(i)});
      }
      std::sort(months.begin(), months.end());
      for (int i = 0; i < member.months_size(); ++i) {
        member.set_months(i, months[static_cast<size_t>(i)].first);
        member.set_paid_unix_micros(i, months[static_cast<size_t>(i)].second);
      }
    }
  }
  return dues;
}

}  // namespace

absl::StatusOr<std::vector<v1::GroupPeriodRecords>> LoadPeriodRecords(
    sql::Connection& c, const std::vector<PeriodGroup>& groups, const PeriodWindow& window,
    bool compact) {
  return db::Guarded("read a period's records",
                     [&] { return ReadPeriodRecords(c, groups, window, compact); });
}

absl::StatusOr<std::vector<std::vector<v1::DuesEntry>>> LoadPeriodDues(
    sql::Connection& c, const std::vector<PeriodGroup>& groups, const PeriodWindow& window) {
  return db::Guarded("read a period's dues", [&] { return ReadPeriodDues(c, groups, window); });
}

absl::StatusOr<std::vector<std::vector<v1::MemberDuesPaid>>> LoadPeriodDuesPaid(
    sql::Connection& c, const std::vector<PeriodGroup>& groups, const PeriodWindow& window) {
  return db::Guarded("read a period's dues paid",
                     [&] { return ReadPeriodDuesPaid(c, groups, window); });
}

}  // namespace partygroup::activity::store
