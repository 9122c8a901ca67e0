#include "services/activity/group_meeting_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/packed_records.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
namespace {

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

v1::MeetingStatus ParseMeetingStatus(const std::string& name) {
  v1::MeetingStatus status = v1::MEETING_STATUS_UNSPECIFIED;
  v1::MeetingStatus_Parse("MEETING_STATUS_" + name, &status);
  return status;
}

void ReadTopics(const std::string& json, v1::GroupMeeting& m) {
  if (json == "[]") return;
  for (const auto& topic : nlohmann::json::parse(json, nullptr, false)) {
    if (topic.is_string()) m.add_topics(topic.get<std::string>());
  }
}

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

v1::GroupMeeting ReadMeetingRow(sql::ResultSet& r, std::string* path) {
  v1::GroupMeeting m;
  m.set_id(r.getInt64(1));
  m.set_group_id(r.getInt64(2));
  m.set_branch_id(r.getInt64(3));
  if (path != nullptr) *path = r.getString(4);
  m.set_status(ParseMeetingStatus(r.getString(5)));
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
  m.set_imported(r.getBoolean(19));
  return m;
}

absl::StatusOr<StoredMeeting> GetMeeting(sql::Connection& c, int64_t id, bool for_update) {
  return db::Guarded("read group meeting", [&]() -> absl::StatusOr<StoredMeeting> {
    Statement s =
        Prepare(c, absl::StrFormat(for_update ? q::kSelectMeetingForUpdate : q::kSelectMeeting,
                                   q::kMeetingColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) {
      return absl::NotFoundError(absl::StrFormat("group meeting %d does not exist", id));
    }
    StoredMeeting stored;
    stored.meeting = ReadMeetingRow(*rows, &stored.group_path);
    ReadDetails(c, stored.meeting);
    return stored;
  });
}

absl::StatusOr<std::vector<v1::GroupMeeting>> ListGroupMeetings(sql::Connection& c,
                                                                int64_t group_id, absl::Time from,
                                                                absl::Time to) {
  return db::Guarded("list group meetings", [&] {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectGroupMeetings, q::kMeetingColumns));
    s->setInt64(1, group_id);
    s->setString(2, proto::FormatSqlTime(from));
    s->setString(3, proto::FormatSqlTime(to));
    std::vector<v1::GroupMeeting> meetings;
    Rows rows(s->executeQuery());
    while (rows->next()) meetings.push_back(ReadMeetingRow(*rows, nullptr));
    for (v1::GroupMeeting& meeting : meetings) ReadDetails(c, meeting);
    return meetings;
  });
}

absl::StatusOr<int64_t> InsertMeeting(sql::Connection& c, int64_t group_id, int64_t branch_id,
                                      const std::string& group_path,
                                      const std::vector<std::string>& topics,
                                      std::optional<absl::Time> planned_at, absl::Time requested_at,
                                      const std::string& requested_by) {
  return db::Guarded("insert group meeting", [&] {
    Statement s = Prepare(c, q::kInsertMeeting);
    s->setInt64(1, group_id);
    s->setInt64(2, branch_id);
    s->setString(3, group_path);
    s->setString(4, nlohmann::json(topics).dump());
    SetTime(*s, 5, planned_at);
    SetTime(*s, 6, requested_at);
    s->setString(7, requested_by);
    s->execute();
    return LastInsertId(c);
  });
}

absl::Status ReviewMeeting(sql::Connection& c, int64_t id, bool approved, absl::Time at,
                           const std::string& by, const std::string& rejection_reason) {
  return db::Guarded("review group meeting", [&] {
    Statement s = Prepare(c, q::kReviewMeeting);
    s->setString(1, approved ? "APPROVED" : "REJECTED");
    SetTime(*s, 2, at);
    s->setString(3, by);
    s->setString(4, rejection_reason);
    s->setInt64(5, id);
    s->execute();
  });
}

absl::Status NotifyMeeting(sql::Connection& c, int64_t id, absl::Time at,
                           const std::vector<int64_t>& member_ids) {
  return db::Guarded("notify group meeting", [&] {
    Statement s = Prepare(c, q::kNotifyMeeting);
    SetTime(*s, 1, at);
    s->setString(2, nlohmann::json(member_ids).dump());
    s->setInt64(3, id);
    s->execute();
  });
}

absl::Status HoldMeeting(sql::Connection& c, int64_t id, absl::Time held_at,
                         int64_t chair_member_id, const std::string& minutes,
                         const std::vector<v1::Attendance>& attendance) {
  return db::Guarded("record group meeting held", [&] {
    const PackedAttendance packed = PackAttendance(attendance);
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
  });
}

absl::Status ArchiveMeeting(sql::Connection& c, int64_t id, absl::Time at) {
  return db::Guarded("archive group meeting", [&] {
    Statement s = Prepare(c, q::kArchiveMeeting);
    SetTime(*s, 1, at);
    s->setInt64(2, id);
    s->execute();
  });
}

absl::Status AddAmendment(sql::Connection& c, int64_t meeting_id, absl::Time at,
                          const std::string& author, const std::string& text) {
  return db::Guarded("amend group meeting", [&] {
    Statement s = Prepare(c, q::kInsertAmendment);
    s->setInt64(1, meeting_id);
    SetTime(*s, 2, at);
    s->setString(3, author);
    s->setString(4, text);
    s->execute();
  });
}

absl::StatusOr<v1::GroupMeeting> InsertPastMeeting(sql::Connection& c, const v1::GroupMeeting& m,
                                                   const std::string& group_path,
                                                   const std::string& by, absl::Time archived_at) {
  return db::Guarded("insert past group meeting", [&] {
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
    const PackedAttendance packed = PackAttendance(m.attendance());
    s->setString(15, packed.present_ids);
    s->setString(16, packed.absences_json);
    s->execute();
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
    stored.set_imported(true);
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
  });
}

}  // namespace partygroup::activity::store
