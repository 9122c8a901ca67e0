// 第十三条 and 第十四条: the annual reports' rows (annual_report) and the leaders' training
// (leader_training). Every function returns a status and keeps its exceptions
// (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

struct StoredReport {
  v1::AnnualReport report;
  std::string group_path;
};
// The report as stored, with its id.
absl::StatusOr<v1::AnnualReport> InsertAnnualReport(sql::Connection& c,
                                                    const v1::AnnualReport& report,
                                                    const std::string& group_path);
// NOT_FOUND when there is no such report.
absl::StatusOr<StoredReport> GetAnnualReportForUpdate(sql::Connection& c, int64_t id);
absl::Status AcknowledgeAnnualReport(sql::Connection& c, int64_t id, absl::Time at,
                                     const std::string& by);
// The years already reported by these groups: what an import must not record twice.
absl::StatusOr<std::set<std::pair<int64_t, int>>> ReportedYears(
    sql::Connection& c, const std::vector<int64_t>& group_ids);

// The training as stored, with its id.
absl::StatusOr<v1::LeaderTraining> InsertTraining(sql::Connection& c,
                                                  const v1::LeaderTraining& training,
                                                  const std::string& group_path);

// The row readers the period read model shares (sql_text::kAnnualReportColumns, and the columns
// of kPeriodTrainings). They throw as Connector/C++ does.
v1::AnnualReport ReadReportRow(sql::ResultSet& r, std::string* path);
v1::LeaderTraining ReadTrainingRow(sql::ResultSet& r);

}  // namespace partygroup::activity::store
