#include "services/activity/reports_and_training_store.h"

#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
v1::AnnualReport ReadReportRow(sql::ResultSet& r, std::string* path) {
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

v1::LeaderTraining ReadTrainingRow(sql::ResultSet& r) {
  v1::LeaderTraining training;
  training.set_id(r.getInt64(1));
  training.set_member_id(r.getInt64(2));
  training.set_group_id(r.getInt64(3));
  ReadDay(r.getString(4), training.mutable_trained_on());
  training.set_title(r.getString(5));
  return training;
}

absl::StatusOr<v1::AnnualReport> InsertAnnualReport(sql::Connection& c,
                                                    const v1::AnnualReport& report,
                                                    const std::string& group_path) {
  return db::Guarded("insert annual report", [&] {
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
  });
}

absl::StatusOr<StoredReport> GetAnnualReportForUpdate(sql::Connection& c, int64_t id) {
  return db::Guarded("read annual report", [&]() -> absl::StatusOr<StoredReport> {
    Statement s =
        Prepare(c, absl::StrFormat(q::kSelectAnnualReportForUpdate, q::kAnnualReportColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) {
      return absl::NotFoundError(absl::StrFormat("annual report %d does not exist", id));
    }
    StoredReport stored;
    stored.report = ReadReportRow(*rows, &stored.group_path);
    return stored;
  });
}

absl::Status AcknowledgeAnnualReport(sql::Connection& c, int64_t id, absl::Time at,
                                     const std::string& by) {
  return db::Guarded("acknowledge annual report", [&] {
    Statement s = Prepare(c, q::kAcknowledgeAnnualReport);
    SetTime(*s, 1, at);
    s->setString(2, by);
    s->setInt64(3, id);
    s->execute();
  });
}

absl::StatusOr<std::set<std::pair<int64_t, int>>> ReportedYears(
    sql::Connection& c, const std::vector<int64_t>& group_ids) {
  return db::Guarded("read reported years", [&] {
    std::set<std::pair<int64_t, int>> reported;
    if (group_ids.empty()) return reported;
    Statement s = Prepare(c, absl::StrFormat(q::kSelectReportedYears, IdList(group_ids)));
    for (Rows r(s->executeQuery()); r->next();) reported.insert({r->getInt64(1), r->getInt(2)});
    return reported;
  });
}

absl::StatusOr<v1::LeaderTraining> InsertTraining(sql::Connection& c,
                                                  const v1::LeaderTraining& training,
                                                  const std::string& group_path) {
  return db::Guarded("insert leader training", [&] {
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
  });
}

}  // namespace partygroup::activity::store
