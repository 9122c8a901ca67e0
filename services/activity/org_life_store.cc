#include "services/activity/org_life_store.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
namespace {

v1::OrgLifeMeeting ReadOrgLife(sql::Connection& c, sql::ResultSet& r, std::string* path) {
  v1::OrgLifeMeeting m = ReadOrgLifeRow(r, path);
  Statement s = Prepare(c, q::kSelectRectifications);
  s->setInt64(1, m.id());
  Rows rows(s->executeQuery());
  while (rows->next()) ReadRectification(*rows, 1, m.add_rectification());
  return m;
}

template <typename Ids>
std::string IdsJson(const Ids& ids) {
  return nlohmann::json(std::vector<int64_t>(ids.begin(), ids.end())).dump();
}

}  // namespace

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

void ReadRectification(sql::ResultSet& r, int first, v1::RectificationItem* item) {
  item->set_id(r.getInt64(first));
  item->set_measure(r.getString(first + 1));
  item->set_owner_member_id(r.getInt64(first + 2));
  if (auto day = proto::ParseSqlDate(r.getString(first + 3).asStdString()); day.ok()) {
    *item->mutable_deadline() = proto::ToDate(*day);
  }
  item->set_done(r.getBoolean(first + 4));
}

absl::StatusOr<int64_t> InsertOrgLife(sql::Connection& c, int64_t group_id,
                                      const std::string& group_path, const std::string& theme) {
  return db::Guarded("insert org-life meeting", [&] {
    Statement s = Prepare(c, q::kInsertOrgLife);
    s->setInt64(1, group_id);
    s->setString(2, group_path);
    s->setString(3, theme);
    s->execute();
    return LastInsertId(c);
  });
}

absl::StatusOr<StoredOrgLife> GetOrgLifeForUpdate(sql::Connection& c, int64_t id) {
  return db::Guarded("read org-life meeting", [&]() -> absl::StatusOr<StoredOrgLife> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectOrgLifeForUpdate, q::kOrgLifeColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) {
      return absl::NotFoundError(absl::StrFormat("org-life meeting %d does not exist", id));
    }
    StoredOrgLife stored;
    stored.meeting = ReadOrgLife(c, *rows, &stored.group_path);
    return stored;
  });
}

absl::StatusOr<std::vector<v1::OrgLifeMeeting>> ListOrgLifes(sql::Connection& c, int64_t group_id) {
  return db::Guarded("list org-life meetings", [&] {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectOrgLifes, q::kOrgLifeColumns));
    s->setInt64(1, group_id);
    std::vector<v1::OrgLifeMeeting> meetings;
    Rows rows(s->executeQuery());
    while (rows->next()) meetings.push_back(ReadOrgLife(c, *rows, nullptr));
    return meetings;
  });
}

absl::Status AddPreparation(sql::Connection& c, int64_t id, int study, int talks, int opinions) {
  return db::Guarded("record org-life preparation", [&] {
    Statement s = Prepare(c, q::kAddPreparation);
    s->setInt(1, study);
    s->setInt(2, talks);
    s->setInt(3, opinions);
    s->setInt64(4, id);
    s->execute();
  });
}

absl::Status HoldOrgLife(sql::Connection& c, int64_t id, const v1::OrgLifeMeeting& held) {
  return db::Guarded("record org-life meeting held", [&] {
    Statement s = Prepare(c, q::kHoldOrgLife);
    SetTime(*s, 1, proto::FromTimestamp(held.held_time()));
    s->setString(2, IdsJson(held.present_member_ids()));
    s->setString(
        3, nlohmann::json(std::vector<std::string>(held.problems().begin(), held.problems().end()))
               .dump());
    s->setString(4, IdsJson(held.criticism_member_ids()));
    s->setInt64(5, id);
    s->execute();
  });
}

absl::Status ReportOrgLife(sql::Connection& c, int64_t id, absl::Time at) {
  return db::Guarded("report org-life meeting", [&] {
    Statement s = Prepare(c, q::kReportOrgLife);
    SetTime(*s, 1, at);
    s->setInt64(2, id);
    s->execute();
  });
}

absl::Status InsertRectification(sql::Connection& c, int64_t meeting_id,
                                 const v1::RectificationItem& item) {
  return db::Guarded("insert rectification item", [&] {
    Statement s = Prepare(c, q::kInsertRectification);
    s->setInt64(1, meeting_id);
    s->setString(2, item.measure());
    s->setInt64(3, item.owner_member_id());
    s->setString(4, absl::StrFormat("%04d-%02d-%02d", item.deadline().year(),
                                    item.deadline().month(), item.deadline().day()));
    s->execute();
  });
}

absl::Status CompleteRectification(sql::Connection& c, int64_t meeting_id, int64_t item_id) {
  return db::Guarded("complete rectification item", [&] {
    Statement s = Prepare(c, q::kCompleteRectification);
    s->setInt64(1, item_id);
    s->setInt64(2, meeting_id);
    s->execute();
  });
}

}  // namespace partygroup::activity::store
