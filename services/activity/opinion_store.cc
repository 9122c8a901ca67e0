#include "services/activity/opinion_store.h"

#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
v1::Opinion ReadOpinionRow(sql::ResultSet& r, std::string* path) {
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

absl::StatusOr<int64_t> InsertOpinion(sql::Connection& c, const v1::Opinion& opinion,
                                      const std::string& group_path,
                                      const std::string& recorded_by) {
  return db::Guarded("insert opinion", [&] {
    Statement s = Prepare(c, q::kInsertOpinion);
    s->setInt64(1, opinion.group_id());
    s->setString(2, group_path);
    s->setString(3, opinion.source() == v1::OPINION_SOURCE_PUBLIC ? "PUBLIC" : "MEMBER");
    s->setString(4, opinion.content());
    SetTime(*s, 5, proto::FromTimestamp(opinion.receive_time()));
    s->setString(6, recorded_by);
    s->execute();
    return LastInsertId(c);
  });
}

absl::StatusOr<StoredOpinion> GetOpinionForUpdate(sql::Connection& c, int64_t id) {
  return db::Guarded("read opinion", [&]() -> absl::StatusOr<StoredOpinion> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectOpinionForUpdate, q::kOpinionColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) {
      return absl::NotFoundError(absl::StrFormat("opinion %d does not exist", id));
    }
    StoredOpinion stored;
    stored.opinion = ReadOpinionRow(*rows, &stored.group_path);
    return stored;
  });
}

absl::StatusOr<std::vector<v1::Opinion>> ListOpinions(sql::Connection& c, int64_t group_id) {
  return db::Guarded("list opinions", [&] {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectOpinions, q::kOpinionColumns));
    s->setInt64(1, group_id);
    std::vector<v1::Opinion> opinions;
    Rows rows(s->executeQuery());
    while (rows->next()) opinions.push_back(ReadOpinionRow(*rows, nullptr));
    return opinions;
  });
}

absl::Status ReportOpinion(sql::Connection& c, int64_t id, absl::Time at) {
  return db::Guarded("report opinion", [&] {
    Statement s = Prepare(c, q::kReportOpinion);
    SetTime(*s, 1, at);
    s->setInt64(2, id);
    s->execute();
  });
}

absl::Status ResolveOpinion(sql::Connection& c, int64_t id, const std::string& outcome,
                            absl::Time at) {
  return db::Guarded("resolve opinion", [&] {
    Statement s = Prepare(c, q::kResolveOpinion);
    s->setString(1, outcome);
    SetTime(*s, 2, at);
    s->setInt64(3, id);
    s->execute();
  });
}

}  // namespace partygroup::activity::store
