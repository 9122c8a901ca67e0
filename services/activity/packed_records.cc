#include "services/activity/packed_records.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/db/multi_row.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {

PackedAttendance PackAttendance(const std::vector<const v1::Attendance*>& attendance) {
  std::vector<const v1::Attendance*> sorted = attendance;
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

void UnpackAttendance(const std::string& present_ids, const std::string& absences_json,
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

void AddToDuesYears(sql::Connection& c, const std::vector<const v1::DuesEntry*>& entries) {
  db::InsertRows(
      c, q::kUpsertDuesYears, q::kDuesYearRow, entries.size(),
      [&](sql::PreparedStatement& s, int p, size_t i) {
        const v1::DuesEntry& e = *entries[i];
        s.setInt64(p, e.group_id());
        s.setInt64(p + 1, e.member_id());
        s.setInt(p + 2, e.month().year());
        // "202503:<micros>", marked ":W" when waived (免交) and ":L" when paid late (0111).
        const char* mark = e.exemption() == v1::DUES_EXEMPTION_WAIVED ? ":W"
                           : e.paid_late()                            ? ":L"
                                                                      : "";
        s.setString(p + 3,
                    absl::StrCat(e.month().year() * 100 + e.month().month(), ":",
                                 absl::ToUnixMicros(proto::FromTimestamp(e.paid_time())), mark));
      },
      kRowsPerInsert, q::kDuesYearUpdate);
}

}  // namespace partygroup::activity::store
