#include "services/activity/activity_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"

namespace partygroup::activity::store {
namespace {

namespace q = sql_text;
using db::Prepare;  // kept prepared for the pooled connection's life
using db::Statement;
using Rows = std::unique_ptr<sql::ResultSet>;

void SetTime(sql::PreparedStatement& s, int index, std::optional<absl::Time> time) {
  if (time.has_value()) {
    s.setString(index, proto::FormatSqlTime(*time));
  } else {
    s.setNull(index, 0);
  }
}

std::optional<google::protobuf::Timestamp> ReadTime(const sql::SQLString& text) {
  if (text.asStdString().empty()) return std::nullopt;
  absl::StatusOr<absl::Time> time = proto::ParseSqlTime(text.asStdString());
  if (!time.ok()) return std::nullopt;
  return proto::ToTimestamp(*time);
}

v1::MeetingStatus ParseStatus(const std::string& name) {
  v1::MeetingStatus status = v1::MEETING_STATUS_UNSPECIFIED;
  v1::MeetingStatus_Parse("MEETING_STATUS_" + name, &status);
  return status;
}

// Row readers shared by the single-record reads and the period loader. The child readers start
// at column `first`, so that a batch query can put the parent's id before them.

void ReadAttendance(sql::ResultSet& r, int first, v1::Attendance* a) {
  a->set_member_id(r.getInt64(first));
  a->set_present(r.getBoolean(first + 1));
  a->set_absence_reason(r.getString(first + 2));
}

void ReadAmendment(sql::ResultSet& r, int first, v1::Amendment* a) {
  if (auto t = ReadTime(r.getString(first))) *a->mutable_time() = *t;
  a->set_author(r.getString(first + 1));
  a->set_text(r.getString(first + 2));
}

void ReadAssignee(sql::ResultSet& r, int first, v1::TaskAssignee* assignee) {
  assignee->set_member_id(r.getInt64(first));
  assignee->set_report(r.getString(first + 1));
  if (auto t = ReadTime(r.getString(first + 2))) *assignee->mutable_report_time() = *t;
}

void ReadRectification(sql::ResultSet& r, int first, v1::RectificationItem* item) {
  item->set_id(r.getInt64(first));
  item->set_measure(r.getString(first + 1));
  item->set_owner_member_id(r.getInt64(first + 2));
  if (auto day = proto::ParseSqlDate(r.getString(first + 3).asStdString()); day.ok()) {
    *item->mutable_deadline() = proto::ToDate(*day);
  }
  item->set_done(r.getBoolean(first + 4));
}

void ReadSelfEvaluation(sql::ResultSet& r, int first, v1::SelfEvaluation* e) {
  e->set_member_id(r.getInt64(first));
  e->set_self_evaluation(r.getString(first + 1));
  e->set_party_spirit_analysis(r.getString(first + 2));
}

void ReadVote(sql::ResultSet& r, int first, v1::MutualEvaluation* vote) {
  vote->set_voter_member_id(r.getInt64(first));
  vote->set_target_member_id(r.getInt64(first + 1));
  v1::EvaluationRating rating = v1::EVALUATION_RATING_UNSPECIFIED;
  v1::EvaluationRating_Parse("EVALUATION_RATING_" + r.getString(first + 2).asStdString(), &rating);
  vote->set_rating(rating);
}

void ReadDay(const sql::SQLString& text, common::v1::Date* out) {
  if (auto day = proto::ParseSqlDate(text.asStdString()); day.ok()) *out = proto::ToDate(*day);
}

// kTalkColumns, or kTalkCompactColumns when `compact` (no topic, no note).
v1::Talk ReadTalk(sql::ResultSet& r, bool compact = false) {
  v1::Talk talk;
  talk.set_id(r.getInt64(1));
  talk.set_group_id(r.getInt64(2));
  talk.set_first_member_id(r.getInt64(3));
  talk.set_second_member_id(r.getInt64(4));
  if (auto t = ReadTime(r.getString(5))) *talk.mutable_held_time() = *t;
  if (compact) return talk;
  talk.set_topic(r.getString(6));
  talk.set_note(r.getString(7));
  return talk;
}

v1::DuesEntry ReadDuesEntry(sql::ResultSet& r) {
  v1::DuesEntry entry;
  entry.set_id(r.getInt64(1));
  entry.set_group_id(r.getInt64(2));
  entry.set_member_id(r.getInt64(3));
  const std::string month = r.getString(4);
  entry.mutable_month()->set_year(std::stoi(month.substr(0, 4)));
  entry.mutable_month()->set_month(std::stoi(month.substr(5, 2)));
  v1::DuesCategory category = v1::DUES_CATEGORY_UNSPECIFIED;
  v1::DuesCategory_Parse("DUES_CATEGORY_" + r.getString(5).asStdString(), &category);
  entry.set_category(category);
  entry.set_base_pay_fen(r.getInt64(6));
  entry.set_amount_fen(r.getInt64(7));
  if (auto t = ReadTime(r.getString(8))) *entry.mutable_paid_time() = *t;
  entry.set_collector(r.getString(9));
  return entry;
}

v1::LeaderTraining ReadTraining(sql::ResultSet& r) {
  v1::LeaderTraining training;
  training.set_id(r.getInt64(1));
  training.set_member_id(r.getInt64(2));
  training.set_group_id(r.getInt64(3));
  ReadDay(r.getString(4), training.mutable_trained_on());
  training.set_title(r.getString(5));
  return training;
}

v1::EvaluationCampaign ReadCampaign(sql::ResultSet& r, std::string* path) {
  v1::EvaluationCampaign campaign;
  campaign.set_id(r.getInt64(1));
  campaign.set_group_id(r.getInt64(2));
  ReadDay(r.getString(3), campaign.mutable_opened_on());
  ReadDay(r.getString(4), campaign.mutable_deadline());
  campaign.set_summary(r.getString(5));
  if (!r.getString(6).asStdString().empty())
    ReadDay(r.getString(6), campaign.mutable_reported_on());
  if (path != nullptr) *path = r.getString(7);
  return campaign;
}

void ReadTopics(const std::string& json, v1::GroupMeeting& m) {
  if (json == "[]") return;
  for (const auto& topic : nlohmann::json::parse(json, nullptr, false)) {
    if (topic.is_string()) m.add_topics(topic.get<std::string>());
  }
}

// The ids of a JSON array of integers. Our writers store them as nlohmann dumps them,
// "[3,17,42]", read here without the JSON parser (a city's year holds 100,000 such lists);
// any other spelling goes through the parser.
void ReadIds(const std::string& json, google::protobuf::RepeatedField<int64_t>* ids) {
  const int kept = ids->size();
  absl::string_view inner(json);
  if (absl::ConsumePrefix(&inner, "[") && absl::ConsumeSuffix(&inner, "]")) {
    bool all_numbers = true;
    for (absl::string_view id : absl::StrSplit(inner, ',', absl::SkipEmpty())) {
      int64_t value = 0;
      if (!absl::SimpleAtoi(id, &value)) {
        all_numbers = false;
        break;
      }
      ids->Add(value);
    }
    if (all_numbers) return;
  }
  ids->Truncate(kept);
  for (const auto& id : nlohmann::json::parse(json, nullptr, false)) {
    if (id.is_number_integer()) ids->Add(id.get<int64_t>());
  }
}

v1::GroupMeeting ReadMeeting(sql::ResultSet& r, std::string* path) {
  v1::GroupMeeting m;
  m.set_id(r.getInt64(1));
  m.set_group_id(r.getInt64(2));
  m.set_branch_id(r.getInt64(3));
  if (path != nullptr) *path = r.getString(4);
  m.set_status(ParseStatus(r.getString(5)));
  ReadTopics(r.getString(6), m);
  if (auto t = ReadTime(r.getString(7))) *m.mutable_planned_time() = *t;
  if (auto t = ReadTime(r.getString(8))) *m.mutable_request_time() = *t;
  m.set_requested_by(r.getString(9));
  if (auto t = ReadTime(r.getString(10))) *m.mutable_review_time() = *t;
  m.set_reviewed_by(r.getString(11));
  m.set_rejection_reason(r.getString(12));
  if (auto t = ReadTime(r.getString(13))) *m.mutable_notice_time() = *t;
  ReadIds(r.getString(14), m.mutable_notified_member_ids());
  if (auto t = ReadTime(r.getString(15))) *m.mutable_held_time() = *t;
  m.set_chair_member_id(r.getInt64(16));
  m.set_minutes(r.getString(17));
  if (auto t = ReadTime(r.getString(18))) *m.mutable_archive_time() = *t;
  return m;
}

void ReadDetails(sql::Connection& c, v1::GroupMeeting& meeting) {
  Statement attendance = Prepare(c, q::kSelectAttendance);
  attendance->setInt64(1, meeting.id());
  Rows rows(attendance->executeQuery());
  while (rows->next()) ReadAttendance(*rows, 1, meeting.add_attendance());
  Statement amendments = Prepare(c, q::kSelectAmendments);
  amendments->setInt64(1, meeting.id());
  Rows more(amendments->executeQuery());
  while (more->next()) ReadAmendment(*more, 1, meeting.add_amendments());
}

}  // namespace

absl::StatusOr<StoredMeeting> GetMeeting(sql::Connection& c, int64_t id, bool for_update) {
  Statement s =
      Prepare(c, absl::StrFormat(for_update ? q::kSelectMeetingForUpdate : q::kSelectMeeting,
                                 q::kMeetingColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrFormat("group meeting %d does not exist", id));
  }
  StoredMeeting stored;
  stored.meeting = ReadMeeting(*rows, &stored.group_path);
  ReadDetails(c, stored.meeting);
  return stored;
}

std::vector<v1::GroupMeeting> ListGroupMeetings(sql::Connection& c, int64_t group_id,
                                                absl::Time from, absl::Time to) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectGroupMeetings, q::kMeetingColumns));
  s->setInt64(1, group_id);
  s->setString(2, proto::FormatSqlTime(from));
  s->setString(3, proto::FormatSqlTime(to));
  std::vector<v1::GroupMeeting> meetings;
  Rows rows(s->executeQuery());
  while (rows->next()) meetings.push_back(ReadMeeting(*rows, nullptr));
  for (v1::GroupMeeting& meeting : meetings) ReadDetails(c, meeting);
  return meetings;
}

int64_t InsertMeeting(sql::Connection& c, int64_t group_id, int64_t branch_id,
                      const std::string& group_path, const std::vector<std::string>& topics,
                      std::optional<absl::Time> planned_at, absl::Time requested_at,
                      const std::string& requested_by) {
  Statement s = Prepare(c, q::kInsertMeeting);
  s->setInt64(1, group_id);
  s->setInt64(2, branch_id);
  s->setString(3, group_path);
  s->setString(4, nlohmann::json(topics).dump());
  SetTime(*s, 5, planned_at);
  SetTime(*s, 6, requested_at);
  s->setString(7, requested_by);
  s->execute();
  Statement last = Prepare(c, q::kLastInsertId);
  Rows rows(last->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

void ReviewMeeting(sql::Connection& c, int64_t id, bool approved, absl::Time at,
                   const std::string& by, const std::string& rejection_reason) {
  Statement s = Prepare(c, q::kReviewMeeting);
  s->setString(1, approved ? "APPROVED" : "REJECTED");
  SetTime(*s, 2, at);
  s->setString(3, by);
  s->setString(4, rejection_reason);
  s->setInt64(5, id);
  s->execute();
}

void NotifyMeeting(sql::Connection& c, int64_t id, absl::Time at,
                   const std::vector<int64_t>& member_ids) {
  Statement s = Prepare(c, q::kNotifyMeeting);
  SetTime(*s, 1, at);
  s->setString(2, nlohmann::json(member_ids).dump());
  s->setInt64(3, id);
  s->execute();
}

namespace {

// A meeting's attendance as its row keeps it too (migration 0108): the ids of those present,
// "3,17,42", and the absences with their reasons, [[7,"因公出差"]], each in id order.
struct PackedAttendance {
  std::string present_ids;
  std::string absences_json;
};

template <typename Attendances>
PackedAttendance Pack(const Attendances& attendance) {
  std::vector<const v1::Attendance*> sorted;
  for (const v1::Attendance& a : attendance) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(), [](const v1::Attendance* a, const v1::Attendance* b) {
    return a->member_id() < b->member_id();
  });
  PackedAttendance packed;
  nlohmann::json absences = nlohmann::json::array();
  for (const v1::Attendance* a : sorted) {
    if (a->present()) {
      absl::StrAppend(&packed.present_ids, packed.present_ids.empty() ? "" : ",", a->member_id());
    } else {
      absences.push_back({a->member_id(), a->absence_reason()});
    }
  }
  packed.absences_json = absences.dump();
  return packed;
}

// The compact form of a meeting's attendance (StreamPeriodRequest.compact) from its row.
void UnpackInto(const std::string& present_ids, const std::string& absences_json,
                v1::GroupMeeting& meeting) {
  for (absl::string_view id : absl::StrSplit(present_ids, ',', absl::SkipEmpty())) {
    int64_t member_id = 0;
    if (absl::SimpleAtoi(id, &member_id)) meeting.add_present_member_ids(member_id);
  }
  if (absences_json == "[]") return;  // everyone came, as at most meetings
  for (const auto& absence : nlohmann::json::parse(absences_json, nullptr, false)) {
    if (!absence.is_array() || absence.size() != 2 || !absence[0].is_number_integer()) continue;
    v1::Attendance* a = meeting.add_attendance();
    a->set_member_id(absence[0].get<int64_t>());
    a->set_present(false);
    if (absence[1].is_string()) a->set_absence_reason(absence[1].get<std::string>());
  }
}

// A meeting of the compact form (kMeetingCompactColumns): what the rules read, the attendance
// packed. The authors, the review note, the planned and archive times are left out.
v1::GroupMeeting ReadCompactMeeting(sql::ResultSet& r) {
  v1::GroupMeeting m;
  m.set_id(r.getInt64(1));
  m.set_group_id(r.getInt64(2));
  m.set_status(ParseStatus(r.getString(3)));
  ReadTopics(r.getString(4), m);
  if (auto t = ReadTime(r.getString(5))) *m.mutable_request_time() = *t;
  if (auto t = ReadTime(r.getString(6))) *m.mutable_review_time() = *t;
  if (auto t = ReadTime(r.getString(7))) *m.mutable_notice_time() = *t;
  ReadIds(r.getString(8), m.mutable_notified_member_ids());
  if (auto t = ReadTime(r.getString(9))) *m.mutable_held_time() = *t;
  m.set_chair_member_id(r.getInt64(10));
  m.set_minutes(r.getString(11));
  UnpackInto(r.getString(12), r.getString(13), m);
  return m;
}

}  // namespace

void HoldMeeting(sql::Connection& c, int64_t id, absl::Time held_at, int64_t chair_member_id,
                 const std::string& minutes, const std::vector<v1::Attendance>& attendance) {
  const PackedAttendance packed = Pack(attendance);
  Statement s = Prepare(c, q::kHoldMeeting);
  SetTime(*s, 1, held_at);
  s->setInt64(2, chair_member_id);
  s->setString(3, minutes);
  s->setString(4, packed.present_ids);
  s->setString(5, packed.absences_json);
  s->setInt64(6, id);
  s->execute();
  Statement insert = Prepare(c, q::kInsertAttendance);
  for (const v1::Attendance& a : attendance) {
    insert->setInt64(1, id);
    insert->setInt64(2, a.member_id());
    insert->setBoolean(3, a.present());
    insert->setString(4, a.absence_reason());
    insert->execute();
  }
}

void ArchiveMeeting(sql::Connection& c, int64_t id, absl::Time at) {
  Statement s = Prepare(c, q::kArchiveMeeting);
  SetTime(*s, 1, at);
  s->setInt64(2, id);
  s->execute();
}

void AddAmendment(sql::Connection& c, int64_t meeting_id, absl::Time at, const std::string& author,
                  const std::string& text) {
  Statement s = Prepare(c, q::kInsertAmendment);
  s->setInt64(1, meeting_id);
  SetTime(*s, 2, at);
  s->setString(3, author);
  s->setString(4, text);
  s->execute();
}

namespace {

int64_t LastInsertId(sql::Connection& c) {
  Statement last = Prepare(c, q::kLastInsertId);
  Rows rows(last->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

std::string CategoryName(v1::DuesCategory category) {
  return v1::DuesCategory_Name(category).substr(std::string("DUES_CATEGORY_").size());
}

v1::AnnualReport ReadReport(sql::ResultSet& r, std::string* path) {
  v1::AnnualReport report;
  report.set_id(r.getInt64(1));
  report.set_group_id(r.getInt64(2));
  report.set_year(r.getInt(3));
  report.set_text(r.getString(4));
  if (auto t = ReadTime(r.getString(5))) *report.mutable_submit_time() = *t;
  report.set_submitted_by(r.getString(6));
  if (auto t = ReadTime(r.getString(7))) *report.mutable_acknowledge_time() = *t;
  report.set_acknowledged_by(r.getString(8));
  if (path != nullptr) *path = r.getString(9);
  return report;
}

}  // namespace

v1::Talk InsertTalk(sql::Connection& c, const v1::Talk& talk, const std::string& group_path,
                    const std::string& recorded_by) {
  Statement s = Prepare(c, q::kInsertTalk);
  s->setInt64(1, talk.group_id());
  s->setString(2, group_path);
  s->setInt64(3, talk.first_member_id());
  s->setInt64(4, talk.second_member_id());
  SetTime(*s, 5, proto::FromTimestamp(talk.held_time()));
  s->setString(6, talk.topic());
  s->setString(7, talk.note());
  s->setString(8, recorded_by);
  s->execute();
  v1::Talk stored = talk;
  stored.set_id(LastInsertId(c));
  return stored;
}

std::vector<v1::Talk> ListTalks(sql::Connection& c, int64_t group_id, absl::Time from,
                                absl::Time to) {
  Statement s = Prepare(c, q::kSelectTalks);
  s->setInt64(1, group_id);
  s->setString(2, proto::FormatSqlTime(from));
  s->setString(3, proto::FormatSqlTime(to));
  std::vector<v1::Talk> talks;
  Rows rows(s->executeQuery());
  while (rows->next()) talks.push_back(ReadTalk(*rows));
  return talks;
}

namespace {

constexpr size_t kRowsPerInsert = 500;

// Adds each payment to its member's row of the year (migration 0109): "202503:<micros>".
void AddToDuesYears(sql::Connection& c, const std::vector<const v1::DuesEntry*>& entries) {
  db::InsertRows(
      c, q::kUpsertDuesYears, q::kDuesYearRow, entries.size(),
      [&](sql::PreparedStatement& s, int p, size_t i) {
        const v1::DuesEntry& e = *entries[i];
        s.setInt64(p, e.group_id());
        s.setInt64(p + 1, e.member_id());
        s.setInt(p + 2, e.month().year());
        s.setString(p + 3, absl::StrCat(e.month().year() * 100 + e.month().month(), ":",
                                        absl::ToUnixMicros(proto::FromTimestamp(e.paid_time()))));
      },
      kRowsPerInsert, q::kDuesYearUpdate);
}

}  // namespace

v1::DuesEntry InsertDues(sql::Connection& c, const v1::DuesEntry& entry,
                         const std::string& group_path) {
  Statement s = Prepare(c, q::kInsertDues);
  s->setInt64(1, entry.group_id());
  s->setString(2, group_path);
  s->setInt64(3, entry.member_id());
  s->setString(4, absl::StrFormat("%04d-%02d", entry.month().year(), entry.month().month()));
  s->setString(5, CategoryName(entry.category()));
  s->setInt64(6, entry.base_pay_fen());
  s->setInt64(7, entry.amount_fen());
  SetTime(*s, 8, proto::FromTimestamp(entry.paid_time()));
  s->setString(9, entry.collector());
  s->execute();
  v1::DuesEntry stored = entry;
  stored.set_id(LastInsertId(c));
  AddToDuesYears(c, {&entry});
  return stored;
}

std::vector<v1::DuesEntry> ListDues(sql::Connection& c, int64_t group_id,
                                    const std::string& from_month, const std::string& to_month) {
  Statement s = Prepare(c, q::kSelectDues);
  s->setInt64(1, group_id);
  s->setString(2, from_month);
  s->setString(3, to_month);
  std::vector<v1::DuesEntry> entries;
  Rows rows(s->executeQuery());
  while (rows->next()) entries.push_back(ReadDuesEntry(*rows));
  return entries;
}

v1::AnnualReport InsertAnnualReport(sql::Connection& c, const v1::AnnualReport& report,
                                    const std::string& group_path) {
  Statement s = Prepare(c, q::kInsertAnnualReport);
  s->setInt64(1, report.group_id());
  s->setString(2, group_path);
  s->setInt(3, report.year());
  s->setString(4, report.text());
  SetTime(*s, 5, proto::FromTimestamp(report.submit_time()));
  s->setString(6, report.submitted_by());
  s->execute();
  v1::AnnualReport stored = report;
  stored.set_id(LastInsertId(c));
  return stored;
}

absl::StatusOr<StoredReport> GetAnnualReportForUpdate(sql::Connection& c, int64_t id) {
  Statement s =
      Prepare(c, absl::StrFormat(q::kSelectAnnualReportForUpdate, q::kAnnualReportColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrFormat("annual report %d does not exist", id));
  }
  StoredReport stored;
  stored.report = ReadReport(*rows, &stored.group_path);
  return stored;
}

std::vector<v1::AnnualReport> ListAnnualReports(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectAnnualReports, q::kAnnualReportColumns));
  s->setInt64(1, group_id);
  std::vector<v1::AnnualReport> reports;
  Rows rows(s->executeQuery());
  while (rows->next()) reports.push_back(ReadReport(*rows, nullptr));
  return reports;
}

void AcknowledgeAnnualReport(sql::Connection& c, int64_t id, absl::Time at, const std::string& by) {
  Statement s = Prepare(c, q::kAcknowledgeAnnualReport);
  SetTime(*s, 1, at);
  s->setString(2, by);
  s->setInt64(3, id);
  s->execute();
}

v1::LeaderTraining InsertTraining(sql::Connection& c, const v1::LeaderTraining& training,
                                  const std::string& group_path) {
  Statement s = Prepare(c, q::kInsertTraining);
  s->setInt64(1, training.member_id());
  s->setInt64(2, training.group_id());
  s->setString(3, group_path);
  s->setString(4, absl::StrFormat("%04d-%02d-%02d", training.trained_on().year(),
                                  training.trained_on().month(), training.trained_on().day()));
  s->setString(5, training.title());
  s->execute();
  v1::LeaderTraining stored = training;
  stored.set_id(LastInsertId(c));
  return stored;
}

std::vector<v1::LeaderTraining> ListTrainings(sql::Connection& c, int64_t member_id,
                                              absl::CivilDay from, absl::CivilDay to) {
  Statement s = Prepare(c, q::kSelectTrainings);
  s->setInt64(1, member_id);
  s->setString(2, proto::FormatSqlDate(from));
  s->setString(3, proto::FormatSqlDate(to));
  std::vector<v1::LeaderTraining> trainings;
  Rows rows(s->executeQuery());
  while (rows->next()) trainings.push_back(ReadTraining(*rows));
  return trainings;
}

namespace {

v1::ThemeDay ReadThemeDay(sql::ResultSet& r, std::string* path) {
  v1::ThemeDay day;
  day.set_id(r.getInt64(1));
  day.set_group_id(r.getInt64(2));
  v1::ThemeDayKind kind = v1::THEME_DAY_KIND_UNSPECIFIED;
  v1::ThemeDayKind_Parse("THEME_DAY_KIND_" + r.getString(3).asStdString(), &kind);
  day.set_kind(kind);
  day.set_title(r.getString(4));
  v1::ThemeDayStatus status = v1::THEME_DAY_STATUS_UNSPECIFIED;
  v1::ThemeDayStatus_Parse("THEME_DAY_STATUS_" + r.getString(5).asStdString(), &status);
  day.set_status(status);
  if (auto t = ReadTime(r.getString(6))) *day.mutable_planned_time() = *t;
  if (auto t = ReadTime(r.getString(7))) *day.mutable_request_time() = *t;
  if (auto t = ReadTime(r.getString(8))) *day.mutable_consent_time() = *t;
  day.set_reviewed_by(r.getString(9));
  day.set_rejection_reason(r.getString(10));
  if (auto t = ReadTime(r.getString(11))) *day.mutable_held_time() = *t;
  for (const auto& a : nlohmann::json::parse(r.getString(12).asStdString(), nullptr, false)) {
    if (!a.is_object()) continue;
    v1::Attendance* attendance = day.add_attendance();
    attendance->set_member_id(a.value("member_id", int64_t{0}));
    attendance->set_present(a.value("present", false));
    attendance->set_absence_reason(a.value("absence_reason", std::string()));
  }
  if (path != nullptr) *path = r.getString(13);
  return day;
}

}  // namespace

int64_t InsertThemeDay(sql::Connection& c, const v1::ThemeDay& day, const std::string& group_path) {
  Statement s = Prepare(c, q::kInsertThemeDay);
  s->setInt64(1, day.group_id());
  s->setString(2, group_path);
  s->setString(3, v1::ThemeDayKind_Name(day.kind()).substr(std::string("THEME_DAY_KIND_").size()));
  s->setString(4, day.title());
  SetTime(*s, 5,
          day.has_planned_time()
              ? std::optional<absl::Time>(proto::FromTimestamp(day.planned_time()))
              : std::nullopt);
  SetTime(*s, 6, proto::FromTimestamp(day.request_time()));
  s->execute();
  return LastInsertId(c);
}

absl::StatusOr<StoredThemeDay> GetThemeDayForUpdate(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectThemeDayForUpdate, q::kThemeDayColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return absl::NotFoundError(absl::StrFormat("theme day %d does not exist", id));
  StoredThemeDay stored;
  stored.theme_day = ReadThemeDay(*rows, &stored.group_path);
  return stored;
}

std::vector<v1::ThemeDay> ListThemeDays(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectThemeDays, q::kThemeDayColumns));
  s->setInt64(1, group_id);
  std::vector<v1::ThemeDay> days;
  Rows rows(s->executeQuery());
  while (rows->next()) days.push_back(ReadThemeDay(*rows, nullptr));
  return days;
}

void ReviewThemeDay(sql::Connection& c, int64_t id, bool consent, absl::Time at,
                    const std::string& by, const std::string& rejection_reason) {
  Statement s = Prepare(c, q::kReviewThemeDay);
  s->setString(1, consent ? "CONSENTED" : "REJECTED");
  SetTime(*s, 2, at);
  s->setString(3, by);
  s->setString(4, rejection_reason);
  s->setInt64(5, id);
  s->execute();
}

void HoldThemeDay(sql::Connection& c, int64_t id, absl::Time held_at,
                  const std::vector<v1::Attendance>& attendance) {
  nlohmann::json list = nlohmann::json::array();
  for (const v1::Attendance& a : attendance) {
    list.push_back({{"member_id", a.member_id()},
                    {"present", a.present()},
                    {"absence_reason", a.absence_reason()}});
  }
  Statement s = Prepare(c, q::kHoldThemeDay);
  SetTime(*s, 1, held_at);
  s->setString(2, list.dump());
  s->setInt64(3, id);
  s->execute();
}

namespace {

v1::Task ReadTaskRow(sql::ResultSet& r, std::string* path) {
  v1::Task task;
  task.set_id(r.getInt64(1));
  task.set_group_id(r.getInt64(2));
  task.set_title(r.getString(3));
  task.set_description(r.getString(4));
  if (auto t = ReadTime(r.getString(5))) *task.mutable_due_time() = *t;
  if (auto t = ReadTime(r.getString(6))) *task.mutable_assign_time() = *t;
  task.set_assigned_by(r.getString(7));
  if (auto t = ReadTime(r.getString(8))) *task.mutable_check_time() = *t;
  task.set_check_note(r.getString(9));
  if (path != nullptr) *path = r.getString(10);
  return task;
}

v1::Task ReadTask(sql::Connection& c, sql::ResultSet& r, std::string* path) {
  v1::Task task = ReadTaskRow(r, path);
  Statement s = Prepare(c, q::kSelectAssignees);
  s->setInt64(1, task.id());
  Rows rows(s->executeQuery());
  while (rows->next()) ReadAssignee(*rows, 1, task.add_assignees());
  return task;
}

v1::Opinion ReadOpinion(sql::ResultSet& r, std::string* path) {
  v1::Opinion opinion;
  opinion.set_id(r.getInt64(1));
  opinion.set_group_id(r.getInt64(2));
  opinion.set_source(r.getString(3) == "PUBLIC" ? v1::OPINION_SOURCE_PUBLIC
                                                : v1::OPINION_SOURCE_MEMBER);
  opinion.set_content(r.getString(4));
  if (auto t = ReadTime(r.getString(5))) *opinion.mutable_receive_time() = *t;
  if (auto t = ReadTime(r.getString(6))) *opinion.mutable_report_time() = *t;
  opinion.set_outcome(r.getString(7));
  if (auto t = ReadTime(r.getString(8))) *opinion.mutable_resolve_time() = *t;
  if (path != nullptr) *path = r.getString(9);
  return opinion;
}

}  // namespace

int64_t InsertTask(sql::Connection& c, const v1::Task& task, const std::string& group_path) {
  Statement s = Prepare(c, q::kInsertTask);
  s->setInt64(1, task.group_id());
  s->setString(2, group_path);
  s->setString(3, task.title());
  s->setString(4, task.description());
  SetTime(*s, 5, proto::FromTimestamp(task.due_time()));
  SetTime(*s, 6, proto::FromTimestamp(task.assign_time()));
  s->setString(7, task.assigned_by());
  s->execute();
  const int64_t id = LastInsertId(c);
  Statement assignee = Prepare(c, q::kInsertAssignee);
  for (const v1::TaskAssignee& a : task.assignees()) {
    assignee->setInt64(1, id);
    assignee->setInt64(2, a.member_id());
    assignee->execute();
  }
  return id;
}

absl::StatusOr<StoredTask> GetTaskForUpdate(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectTaskForUpdate, q::kTaskColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return absl::NotFoundError(absl::StrFormat("task %d does not exist", id));
  StoredTask stored;
  stored.task = ReadTask(c, *rows, &stored.group_path);
  return stored;
}

std::vector<v1::Task> ListTasks(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectTasks, q::kTaskColumns));
  s->setInt64(1, group_id);
  std::vector<v1::Task> tasks;
  Rows rows(s->executeQuery());
  while (rows->next()) tasks.push_back(ReadTask(c, *rows, nullptr));
  return tasks;
}

void ReportTask(sql::Connection& c, int64_t task_id, int64_t member_id, const std::string& report,
                absl::Time at) {
  Statement s = Prepare(c, q::kReportTask);
  s->setString(1, report);
  SetTime(*s, 2, at);
  s->setInt64(3, task_id);
  s->setInt64(4, member_id);
  s->execute();
}

void CheckTask(sql::Connection& c, int64_t task_id, absl::Time at, const std::string& note) {
  Statement s = Prepare(c, q::kCheckTask);
  SetTime(*s, 1, at);
  s->setString(2, note);
  s->setInt64(3, task_id);
  s->execute();
}

int64_t InsertOpinion(sql::Connection& c, const v1::Opinion& opinion, const std::string& group_path,
                      const std::string& recorded_by) {
  Statement s = Prepare(c, q::kInsertOpinion);
  s->setInt64(1, opinion.group_id());
  s->setString(2, group_path);
  s->setString(3, opinion.source() == v1::OPINION_SOURCE_PUBLIC ? "PUBLIC" : "MEMBER");
  s->setString(4, opinion.content());
  SetTime(*s, 5, proto::FromTimestamp(opinion.receive_time()));
  s->setString(6, recorded_by);
  s->execute();
  return LastInsertId(c);
}

absl::StatusOr<StoredOpinion> GetOpinionForUpdate(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectOpinionForUpdate, q::kOpinionColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return absl::NotFoundError(absl::StrFormat("opinion %d does not exist", id));
  StoredOpinion stored;
  stored.opinion = ReadOpinion(*rows, &stored.group_path);
  return stored;
}

std::vector<v1::Opinion> ListOpinions(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectOpinions, q::kOpinionColumns));
  s->setInt64(1, group_id);
  std::vector<v1::Opinion> opinions;
  Rows rows(s->executeQuery());
  while (rows->next()) opinions.push_back(ReadOpinion(*rows, nullptr));
  return opinions;
}

void ReportOpinion(sql::Connection& c, int64_t id, absl::Time at) {
  Statement s = Prepare(c, q::kReportOpinion);
  SetTime(*s, 1, at);
  s->setInt64(2, id);
  s->execute();
}

void ResolveOpinion(sql::Connection& c, int64_t id, const std::string& outcome, absl::Time at) {
  Statement s = Prepare(c, q::kResolveOpinion);
  s->setString(1, outcome);
  SetTime(*s, 2, at);
  s->setInt64(3, id);
  s->execute();
}

namespace {

v1::OrgLifeMeeting ReadOrgLifeRow(sql::ResultSet& r, std::string* path) {
  v1::OrgLifeMeeting m;
  m.set_id(r.getInt64(1));
  m.set_group_id(r.getInt64(2));
  m.set_theme(r.getString(3));
  m.set_study_sessions(r.getInt(4));
  m.set_talks(r.getInt(5));
  m.set_opinions_gathered(r.getInt(6));
  if (auto t = ReadTime(r.getString(7))) *m.mutable_held_time() = *t;
  ReadIds(r.getString(8), m.mutable_present_member_ids());
  for (const auto& problem : nlohmann::json::parse(r.getString(9).asStdString(), nullptr, false)) {
    if (problem.is_string()) m.add_problems(problem.get<std::string>());
  }
  ReadIds(r.getString(10), m.mutable_criticism_member_ids());
  if (auto t = ReadTime(r.getString(11))) *m.mutable_report_time() = *t;
  if (path != nullptr) *path = r.getString(12);
  return m;
}

v1::OrgLifeMeeting ReadOrgLife(sql::Connection& c, sql::ResultSet& r, std::string* path) {
  v1::OrgLifeMeeting m = ReadOrgLifeRow(r, path);
  Statement s = Prepare(c, q::kSelectRectifications);
  s->setInt64(1, m.id());
  Rows rows(s->executeQuery());
  while (rows->next()) ReadRectification(*rows, 1, m.add_rectification());
  return m;
}

}  // namespace

int64_t InsertOrgLife(sql::Connection& c, int64_t group_id, const std::string& group_path,
                      const std::string& theme) {
  Statement s = Prepare(c, q::kInsertOrgLife);
  s->setInt64(1, group_id);
  s->setString(2, group_path);
  s->setString(3, theme);
  s->execute();
  return LastInsertId(c);
}

absl::StatusOr<StoredOrgLife> GetOrgLifeForUpdate(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectOrgLifeForUpdate, q::kOrgLifeColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrFormat("org-life meeting %d does not exist", id));
  }
  StoredOrgLife stored;
  stored.meeting = ReadOrgLife(c, *rows, &stored.group_path);
  return stored;
}

std::vector<v1::OrgLifeMeeting> ListOrgLifes(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectOrgLifes, q::kOrgLifeColumns));
  s->setInt64(1, group_id);
  std::vector<v1::OrgLifeMeeting> meetings;
  Rows rows(s->executeQuery());
  while (rows->next()) meetings.push_back(ReadOrgLife(c, *rows, nullptr));
  return meetings;
}

void AddPreparation(sql::Connection& c, int64_t id, int study, int talks, int opinions) {
  Statement s = Prepare(c, q::kAddPreparation);
  s->setInt(1, study);
  s->setInt(2, talks);
  s->setInt(3, opinions);
  s->setInt64(4, id);
  s->execute();
}

void HoldOrgLife(sql::Connection& c, int64_t id, const v1::OrgLifeMeeting& held) {
  Statement s = Prepare(c, q::kHoldOrgLife);
  SetTime(*s, 1, proto::FromTimestamp(held.held_time()));
  s->setString(2, nlohmann::json(std::vector<int64_t>(held.present_member_ids().begin(),
                                                      held.present_member_ids().end()))
                      .dump());
  s->setString(
      3, nlohmann::json(std::vector<std::string>(held.problems().begin(), held.problems().end()))
             .dump());
  s->setString(4, nlohmann::json(std::vector<int64_t>(held.criticism_member_ids().begin(),
                                                      held.criticism_member_ids().end()))
                      .dump());
  s->setInt64(5, id);
  s->execute();
}

void ReportOrgLife(sql::Connection& c, int64_t id, absl::Time at) {
  Statement s = Prepare(c, q::kReportOrgLife);
  SetTime(*s, 1, at);
  s->setInt64(2, id);
  s->execute();
}

void InsertRectification(sql::Connection& c, int64_t meeting_id,
                         const v1::RectificationItem& item) {
  Statement s = Prepare(c, q::kInsertRectification);
  s->setInt64(1, meeting_id);
  s->setString(2, item.measure());
  s->setInt64(3, item.owner_member_id());
  s->setString(4, absl::StrFormat("%04d-%02d-%02d", item.deadline().year(), item.deadline().month(),
                                  item.deadline().day()));
  s->execute();
}

bool CompleteRectification(sql::Connection& c, int64_t meeting_id, int64_t item_id) {
  Statement s = Prepare(c, q::kCompleteRectification);
  s->setInt64(1, item_id);
  s->setInt64(2, meeting_id);
  return s->executeUpdate() > 0;
}

int64_t InsertCampaign(sql::Connection& c, int64_t group_id, const std::string& group_path,
                       absl::CivilDay opened_on, absl::CivilDay deadline) {
  Statement s = Prepare(c, q::kInsertCampaign);
  s->setInt64(1, group_id);
  s->setString(2, group_path);
  s->setString(3, proto::FormatSqlDate(opened_on));
  s->setString(4, proto::FormatSqlDate(deadline));
  s->execute();
  return LastInsertId(c);
}

absl::StatusOr<StoredCampaign> GetCampaignForUpdate(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, q::kSelectCampaignForUpdate);
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrFormat("evaluation campaign %d does not exist", id));
  }
  StoredCampaign stored;
  v1::EvaluationCampaign& campaign = stored.campaign;
  campaign = ReadCampaign(*rows, &stored.group_path);
  Statement selves = Prepare(c, q::kSelectSelfEvaluations);
  selves->setInt64(1, id);
  Rows self_rows(selves->executeQuery());
  while (self_rows->next()) ReadSelfEvaluation(*self_rows, 1, campaign.add_self_evaluations());
  Statement votes = Prepare(c, q::kSelectVotes);
  votes->setInt64(1, id);
  Rows vote_rows(votes->executeQuery());
  while (vote_rows->next()) ReadVote(*vote_rows, 1, campaign.add_mutual_evaluations());
  return stored;
}

std::vector<v1::EvaluationCampaign> ListCampaigns(sql::Connection& c, int64_t group_id,
                                                  absl::CivilDay from, absl::CivilDay to) {
  Statement s = Prepare(c, q::kSelectCampaigns);
  s->setInt64(1, group_id);
  s->setString(2, proto::FormatSqlDate(from));
  s->setString(3, proto::FormatSqlDate(to));
  std::vector<int64_t> ids;
  Rows rows(s->executeQuery());
  while (rows->next()) ids.push_back(rows->getInt64(1));
  std::vector<v1::EvaluationCampaign> campaigns;
  for (int64_t id : ids) {
    if (auto stored = GetCampaignForUpdate(c, id); stored.ok()) {
      campaigns.push_back(std::move(stored->campaign));
    }
  }
  return campaigns;
}

void UpsertSelfEvaluation(sql::Connection& c, int64_t campaign_id, const v1::SelfEvaluation& e) {
  Statement s = Prepare(c, q::kUpsertSelfEvaluation);
  s->setInt64(1, campaign_id);
  s->setInt64(2, e.member_id());
  s->setString(3, e.self_evaluation());
  s->setString(4, e.party_spirit_analysis());
  s->execute();
}

void UpsertVote(sql::Connection& c, int64_t campaign_id, const v1::MutualEvaluation& vote) {
  Statement s = Prepare(c, q::kUpsertVote);
  s->setInt64(1, campaign_id);
  s->setInt64(2, vote.voter_member_id());
  s->setInt64(3, vote.target_member_id());
  s->setString(
      4, v1::EvaluationRating_Name(vote.rating()).substr(std::string("EVALUATION_RATING_").size()));
  s->execute();
}

void ReportCampaign(sql::Connection& c, int64_t id, const std::string& summary,
                    absl::CivilDay reported_on) {
  Statement s = Prepare(c, q::kReportCampaign);
  s->setString(1, summary);
  s->setString(2, proto::FormatSqlDate(reported_on));
  s->setInt64(3, id);
  s->execute();
}

// ---- the back office ----------------------------------------------------------------------------

namespace {

std::string MonthText(const common::v1::Period& month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

// "1,2,3": an IN list written from integers (never from text).
std::string IdList(const std::vector<int64_t>& ids) {
  std::string list;
  for (int64_t id : ids) absl::StrAppend(&list, list.empty() ? "" : ",", id);
  return list;
}

}  // namespace

namespace {

// A time as a DATETIME(6) column keeps it: to the microsecond.
google::protobuf::Timestamp AsStored(const google::protobuf::Timestamp& time) {
  return proto::ToTimestamp(absl::FromUnixMicros(absl::ToUnixMicros(proto::FromTimestamp(time))));
}

}  // namespace

v1::GroupMeeting InsertPastMeeting(sql::Connection& c, const v1::GroupMeeting& m,
                                   const std::string& group_path, const std::string& by,
                                   absl::Time archived_at) {
  Statement s = Prepare(c, q::kInsertPastMeeting);
  s->setInt64(1, m.group_id());
  s->setInt64(2, m.branch_id());
  s->setString(3, group_path);
  s->setString(
      4, nlohmann::json(std::vector<std::string>(m.topics().begin(), m.topics().end())).dump());
  SetTime(*s, 5, proto::FromTimestamp(m.request_time()));
  s->setString(6, by);
  SetTime(*s, 7, proto::FromTimestamp(m.review_time()));
  s->setString(8, by);
  SetTime(*s, 9, proto::FromTimestamp(m.notice_time()));
  s->setString(10, nlohmann::json(std::vector<int64_t>(m.notified_member_ids().begin(),
                                                       m.notified_member_ids().end()))
                       .dump());
  SetTime(*s, 11, proto::FromTimestamp(m.held_time()));
  s->setInt64(12, m.chair_member_id());
  s->setString(13, m.minutes());
  SetTime(*s, 14, archived_at);
  const PackedAttendance packed = Pack(m.attendance());
  s->setString(15, packed.present_ids);
  s->setString(16, packed.absences_json);
  s->execute();
  // LAST_INSERT_ID(), not INSERT ... RETURNING: MariaDB alone has RETURNING (DESIGN: SQL that
  // MySQL 8 and TiDB accept too).
  const int64_t id = LastInsertId(c);
  db::InsertRows(c, q::kInsertAttendanceRows, q::kAttendanceRow,
                 static_cast<size_t>(m.attendance_size()),
                 [&](sql::PreparedStatement& s, int p, size_t i) {
                   const v1::Attendance& a = m.attendance(static_cast<int>(i));
                   s.setInt64(p, id);
                   s.setInt64(p + 1, a.member_id());
                   s.setBoolean(p + 2, a.present());
                   s.setString(p + 3, a.absence_reason());
                 });

  v1::GroupMeeting stored = m;
  stored.set_id(id);
  stored.set_status(v1::MEETING_STATUS_ARCHIVED);
  stored.set_requested_by(by);
  stored.set_reviewed_by(by);
  stored.clear_rejection_reason();
  stored.clear_planned_time();
  stored.clear_amendments();
  for (google::protobuf::Timestamp* time :
       {stored.mutable_request_time(), stored.mutable_review_time(), stored.mutable_notice_time(),
        stored.mutable_held_time()}) {
    *time = AsStored(*time);
  }
  *stored.mutable_archive_time() = AsStored(proto::ToTimestamp(archived_at));
  std::sort(stored.mutable_attendance()->begin(), stored.mutable_attendance()->end(),
            [](const v1::Attendance& a, const v1::Attendance& b) {
              return a.member_id() < b.member_id();
            });
  return stored;
}

void InsertDuesRows(sql::Connection& c, const std::vector<WithPath<v1::DuesEntry>>& entries) {
  db::InsertRows(
      c, q::kInsertDuesRows, q::kDuesRow, entries.size(),
      [&](sql::PreparedStatement& s, int p, size_t i) {
        const v1::DuesEntry& e = entries[i].row;
        s.setInt64(p, e.group_id());
        s.setString(p + 1, entries[i].group_path);
        s.setInt64(p + 2, e.member_id());
        s.setString(p + 3, MonthText(e.month()));
        s.setString(p + 4, CategoryName(e.category()));
        s.setInt64(p + 5, e.base_pay_fen());
        s.setInt64(p + 6, e.amount_fen());
        SetTime(s, p + 7, proto::FromTimestamp(e.paid_time()));
        s.setString(p + 8, e.collector());
      },
      kRowsPerInsert);
  std::vector<const v1::DuesEntry*> rows;
  for (const WithPath<v1::DuesEntry>& entry : entries) rows.push_back(&entry.row);
  AddToDuesYears(c, rows);
}

void InsertTalkRows(sql::Connection& c, const std::vector<WithPath<v1::Talk>>& talks,
                    const std::string& recorded_by) {
  db::InsertRows(
      c, q::kInsertTalkRows, q::kTalkRow, talks.size(),
      [&](sql::PreparedStatement& s, int p, size_t i) {
        const v1::Talk& t = talks[i].row;
        s.setInt64(p, t.group_id());
        s.setString(p + 1, talks[i].group_path);
        s.setInt64(p + 2, t.first_member_id());
        s.setInt64(p + 3, t.second_member_id());
        SetTime(s, p + 4, proto::FromTimestamp(t.held_time()));
        s.setString(p + 5, t.topic());
        s.setString(p + 6, t.note());
        s.setString(p + 7, recorded_by);
      },
      kRowsPerInsert);
}

std::set<std::pair<int64_t, std::string>> PaidMonths(sql::Connection& c,
                                                     const std::vector<int64_t>& member_ids) {
  std::set<std::pair<int64_t, std::string>> paid;
  for (size_t first = 0; first < member_ids.size(); first += kRowsPerInsert) {
    const std::vector<int64_t> batch(
        member_ids.begin() + first,
        member_ids.begin() + std::min(member_ids.size(), first + kRowsPerInsert));
    Statement s = Prepare(c, absl::StrFormat(q::kSelectPaidMonths, IdList(batch)));
    for (Rows r(s->executeQuery()); r->next();) paid.insert({r->getInt64(1), r->getString(2)});
  }
  return paid;
}

std::set<std::pair<int64_t, int>> ReportedYears(sql::Connection& c,
                                                const std::vector<int64_t>& group_ids) {
  std::set<std::pair<int64_t, int>> reported;
  if (group_ids.empty()) return reported;
  Statement s = Prepare(c, absl::StrFormat(q::kSelectReportedYears, IdList(group_ids)));
  for (Rows r(s->executeQuery()); r->next();) reported.insert({r->getInt64(1), r->getInt(2)});
  return reported;
}

// ---- overdue items --------------------------------------------------------------------------

std::vector<OverdueItem> LockOverdue(sql::Connection& c, OverdueKind kind, absl::Time now,
                                     absl::CivilDay today, int limit) {
  Statement s;
  switch (kind) {
    case OverdueKind::kTask:
      s = Prepare(c, q::kLockOverdueTasks);
      s->setString(1, proto::FormatSqlTime(now));
      break;
    case OverdueKind::kRectification:
      s = Prepare(c, q::kLockOverdueRectifications);
      s->setString(1, proto::FormatSqlDate(today));
      break;
    case OverdueKind::kEvaluation:
      s = Prepare(c, q::kLockOverdueCampaigns);
      s->setString(1, proto::FormatSqlDate(today));
      break;
  }
  s->setInt(2, limit);
  std::vector<OverdueItem> items;
  for (Rows r(s->executeQuery()); r->next();) {
    items.push_back({r->getInt64(1), r->getInt64(2), r->getString(3), r->getString(4),
                     r->getString(5), r->getInt64(6), r->getInt64(7)});
  }
  return items;
}

void MarkOverdueAnnounced(sql::Connection& c, OverdueKind kind, int64_t id, absl::Time at) {
  Statement s = Prepare(c, q::kInsertOverdueAnnouncement);
  s->setString(1, kind == OverdueKind::kTask            ? "task"
                  : kind == OverdueKind::kRectification ? "rectification_item"
                                                        : "evaluation_campaign");
  s->setInt64(2, id);
  SetTime(*s, 3, at);
  s->execute();
}

// ---- a period of many groups -----------------------------------------------------------------

namespace {

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

}  // namespace

std::vector<v1::GroupPeriodRecords> LoadPeriodRecords(sql::Connection& c,
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
    if (groups[i].leader_member_id > 0) {
      if (by_leader[groups[i].leader_member_id].empty()) {
        leader_ids.push_back(groups[i].leader_member_id);
      }
      by_leader[groups[i].leader_member_id].push_back(&records[i]);
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
    v1::GroupMeeting meeting = compact ? ReadCompactMeeting(*r) : ReadMeeting(*r, nullptr);
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
    v1::ThemeDay day = ReadThemeDay(*r, nullptr);
    *owner(day.group_id()).add_theme_days() = std::move(day);
  }
  // Talks (第八条).
  const char* talk_columns = compact ? q::kTalkCompactColumns : q::kTalkColumns;
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodTalks, talk_columns, ids), from, to, s);
       r->next();) {
    v1::Talk talk = ReadTalk(*r, compact);
    *owner(talk.group_id()).add_talks() = std::move(talk);
  }
  // The annual report of the year (第十三条).
  s = Prepare(c, absl::StrFormat(q::kPeriodAnnualReports, q::kAnnualReportColumns, ids));
  s->setInt(1, window.year);
  for (Rows r(s->executeQuery()); r->next();) {
    v1::AnnualReport report = ReadReport(*r, nullptr);
    *owner(report.group_id()).add_annual_reports() = std::move(report);
  }
  // The leaders' training in the year (第十四条).
  if (!leader_ids.empty()) {
    for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodTrainings, IdList(leader_ids)),
                              proto::FormatSqlDate(absl::CivilDay(window.year, 1, 1)),
                              proto::FormatSqlDate(absl::CivilDay(window.year + 1, 1, 1)), s);
         r->next();) {
      const v1::LeaderTraining training = ReadTraining(*r);
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
    v1::Opinion opinion = ReadOpinion(*r, nullptr);
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
    v1::EvaluationCampaign campaign = ReadCampaign(*r, nullptr);
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

std::vector<std::vector<v1::DuesEntry>> LoadPeriodDues(sql::Connection& c,
                                                       const std::vector<PeriodGroup>& groups,
                                                       const PeriodWindow& window) {
  std::vector<std::vector<v1::DuesEntry>> dues(groups.size());
  if (groups.empty()) return dues;
  const GroupPositions groups_at = PositionsOf(groups);
  Statement s;
  for (Rows r = QueryWindow(c, absl::StrFormat(q::kPeriodDues, groups_at.ids),
                            window.dues_from_month, window.dues_to_month, s);
       r->next();) {
    v1::DuesEntry entry = ReadDuesEntry(*r);
    auto at = groups_at.position.find(entry.group_id());
    if (at != groups_at.position.end()) dues[at->second].push_back(std::move(entry));
  }
  return dues;
}

std::vector<std::vector<v1::MemberDuesPaid>> LoadPeriodDuesPaid(
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
    for (absl::string_view entry : absl::StrSplit(std::string(r->getString(3)), ',')) {
      const std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(entry, ':');
      int month = 0;
      int64_t micros = 0;
      if (!absl::SimpleAtoi(parts.first, &month) || !absl::SimpleAtoi(parts.second, &micros) ||
          month < from || month >= to || (by_instant && micros > paid_by)) {
        continue;
      }
      paid.add_months(month);
      if (!by_instant) paid.add_paid_unix_micros(micros);
    }
  }
  for (std::vector<v1::MemberDuesPaid>& group : dues) {
    // Members with no month in the window are dropped; the others' months put in order.
    group.erase(std::remove_if(group.begin(), group.end(),
                               [](const v1::MemberDuesPaid& m) { return m.months().empty(); }),
                group.end());
    for (v1::MemberDuesPaid& member : group) {
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

}  // namespace partygroup::activity::store
