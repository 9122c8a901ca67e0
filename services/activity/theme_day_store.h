// 第九条: the theme days' rows (theme_day). Every function returns a status and keeps its
// exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

struct StoredThemeDay {
  v1::ThemeDay theme_day;
  std::string group_path;
};
// A requested theme day; its id.
absl::StatusOr<int64_t> InsertThemeDay(sql::Connection& c, const v1::ThemeDay& day,
                                       const std::string& group_path);
// NOT_FOUND when there is no such theme day.
absl::StatusOr<StoredThemeDay> GetThemeDayForUpdate(sql::Connection& c, int64_t id);
absl::StatusOr<std::vector<v1::ThemeDay>> ListThemeDays(sql::Connection& c, int64_t group_id);
absl::Status ReviewThemeDay(sql::Connection& c, int64_t id, bool consent, absl::Time at,
                            const std::string& by, const std::string& rejection_reason);
absl::Status HoldThemeDay(sql::Connection& c, int64_t id, absl::Time held_at,
                          const std::vector<v1::Attendance>& attendance);

// The row reader the period read model shares (sql_text::kThemeDayColumns). Throws as
// Connector/C++ does.
v1::ThemeDay ReadThemeDayRow(sql::ResultSet& r, std::string* path);

}  // namespace partygroup::activity::store
