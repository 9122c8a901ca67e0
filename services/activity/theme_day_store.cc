#include "services/activity/theme_day_store.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
v1::ThemeDay ReadThemeDayRow(sql::ResultSet& r, std::string* path) {
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

absl::StatusOr<int64_t> InsertThemeDay(sql::Connection& c, const v1::ThemeDay& day,
                                       const std::string& group_path) {
  return db::Guarded("insert theme day", [&] {
    Statement s = Prepare(c, q::kInsertThemeDay);
    s->setInt64(1, day.group_id());
    s->setString(2, group_path);
    s->setString(3,
                 v1::ThemeDayKind_Name(day.kind()).substr(std::string("THEME_DAY_KIND_").size()));
    s->setString(4, day.title());
    SetTime(*s, 5,
            day.has_planned_time()
                ? std::optional<absl::Time>(proto::FromTimestamp(day.planned_time()))
                : std::nullopt);
    SetTime(*s, 6, proto::FromTimestamp(day.request_time()));
    s->execute();
    return LastInsertId(c);
  });
}

absl::StatusOr<StoredThemeDay> GetThemeDayForUpdate(sql::Connection& c, int64_t id) {
  return db::Guarded("read theme day", [&]() -> absl::StatusOr<StoredThemeDay> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectThemeDayForUpdate, q::kThemeDayColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) {
      return absl::NotFoundError(absl::StrFormat("theme day %d does not exist", id));
    }
    StoredThemeDay stored;
    stored.theme_day = ReadThemeDayRow(*rows, &stored.group_path);
    return stored;
  });
}

absl::StatusOr<std::vector<v1::ThemeDay>> ListThemeDays(sql::Connection& c, int64_t group_id) {
  return db::Guarded("list theme days", [&] {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectThemeDays, q::kThemeDayColumns));
    s->setInt64(1, group_id);
    std::vector<v1::ThemeDay> days;
    Rows rows(s->executeQuery());
    while (rows->next()) days.push_back(ReadThemeDayRow(*rows, nullptr));
    return days;
  });
}

absl::Status ReviewThemeDay(sql::Connection& c, int64_t id, bool consent, absl::Time at,
                            const std::string& by, const std::string& rejection_reason) {
  return db::Guarded("review theme day", [&] {
    Statement s = Prepare(c, q::kReviewThemeDay);
    s->setString(1, consent ? "CONSENTED" : "REJECTED");
    SetTime(*s, 2, at);
    s->setString(3, by);
    s->setString(4, rejection_reason);
    s->setInt64(5, id);
    s->execute();
  });
}

absl::Status HoldThemeDay(sql::Connection& c, int64_t id, absl::Time held_at,
                          const std::vector<v1::Attendance>& attendance) {
  return db::Guarded("record theme day held", [&] {
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
  });
}

}  // namespace partygroup::activity::store
