#include "services/assessment/assessment_store.h"

#include <optional>

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <istream>
#include <iterator>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/assessment/rubrics.h"
#include "services/assessment/sql.h"

namespace partygroup::assessment::store {
namespace {

namespace q = sql_text;
using db::Prepare;  // kept prepared for the pooled connection's life
using db::Statement;
using Rows = std::unique_ptr<sql::ResultSet>;

std::string ReadBlob(sql::ResultSet& r, int column) {
  std::unique_ptr<std::istream> blob(r.getBlob(column));
  return std::string(std::istreambuf_iterator<char>(*blob), std::istreambuf_iterator<char>());
}

void SetTime(sql::PreparedStatement& s, int index, absl::Time time) {
  s.setString(index, proto::FormatSqlTime(time));
}

// A time of the row, or nothing when it is NULL: an unset time stays unset in the answer (never
// 1970-01-01).
std::optional<google::protobuf::Timestamp> ReadTime(const sql::SQLString& text) {
  if (text.asStdString().empty()) return std::nullopt;
  absl::StatusOr<absl::Time> time = proto::ParseSqlTime(text.asStdString());
  if (!time.ok()) return std::nullopt;
  return proto::ToTimestamp(*time);
}

v1::CycleStatus ParseStatus(const std::string& name) {
  v1::CycleStatus status = v1::CYCLE_STATUS_UNSPECIFIED;
  v1::CycleStatus_Parse("CYCLE_STATUS_" + name, &status);
  return status;
}

v1::Cycle ReadCycle(sql::ResultSet& r) {
  v1::Cycle cycle;
  cycle.set_id(r.getInt64(1));
  cycle.set_name(r.getString(2));
  cycle.set_year(r.getInt(3));
  cycle.set_node_id(r.getInt64(4));
  cycle.set_node_name(r.getString(5));
  cycle.set_node_path(r.getString(6));
  cycle.set_group_rubric_version(r.getString(7));
  cycle.set_branch_rubric_version(r.getString(8));
  cycle.set_unit_rubric_version(r.getString(9));
  cycle.set_status(ParseStatus(r.getString(10)));
  cycle.set_revision(r.getInt(11));
  cycle.set_published_revision(r.getInt(12));
  if (auto time = ReadTime(r.getString(13))) *cycle.mutable_open_time() = *time;
  if (auto time = ReadTime(r.getString(14))) *cycle.mutable_compute_time() = *time;
  if (auto time = ReadTime(r.getString(15))) *cycle.mutable_publish_time() = *time;
  cycle.set_policy_version(r.getInt64(16));
  cycle.set_computed_policy_version(r.getInt64(17));
  cycle.set_general_branch_rubric_version(r.getString(18));
  return cycle;
}

void CountResults(sql::Connection& c, v1::Cycle& cycle) {
  Statement s = Prepare(c, q::kCountResults);
  s->setInt64(1, cycle.id());
  s->setInt(2, cycle.revision());
  Rows rows(s->executeQuery());
  if (rows->next()) {
    cycle.set_result_count(rows->getInt(1));
    cycle.set_pending_count(rows->getInt(2));
  }
}

}  // namespace

absl::Status InsertRubric(sql::Connection& c, const v1::Rubric& rubric) {
  return db::Guarded("insert rubric", [&] {
    Statement s = Prepare(c, q::kInsertRubric);
    s->setString(1, rubric.version());
    s->setString(2, KindName(rubric.subject_kind()));
    std::istringstream blob(rubric.SerializeAsString());
    s->setBlob(3, &blob);
    SetTime(*s, 4, proto::FromTimestamp(rubric.create_time()));
    s->setString(5, rubric.created_by());
    s->execute();
  });
}

absl::StatusOr<std::optional<v1::Rubric>> GetRubric(sql::Connection& c,
                                                    const std::string& version) {
  return db::Guarded("get rubric", [&]() -> std::optional<v1::Rubric> {
    Statement s = Prepare(c, q::kSelectRubric);
    s->setString(1, version);
    Rows rows(s->executeQuery());
    if (!rows->next()) return std::nullopt;
    v1::Rubric rubric;
    if (!rubric.ParseFromString(ReadBlob(*rows, 1))) return std::nullopt;
    return rubric;
  });
}

absl::StatusOr<std::vector<v1::Rubric>> ListRubrics(sql::Connection& c, v1::SubjectKind kind) {
  return db::Guarded("list rubrics", [&]() -> std::vector<v1::Rubric> {
    Statement s = Prepare(c, q::kSelectRubrics);
    const std::string name = kind == v1::SUBJECT_KIND_UNSPECIFIED ? "" : KindName(kind);
    s->setString(1, name);
    s->setString(2, name);
    std::vector<v1::Rubric> rubrics;
    Rows rows(s->executeQuery());
    while (rows->next()) {
      v1::Rubric rubric;
      if (rubric.ParseFromString(ReadBlob(*rows, 1))) rubrics.push_back(std::move(rubric));
    }
    return rubrics;
  });
}

absl::StatusOr<int64_t> InsertCycle(sql::Connection& c, const v1::Cycle& cycle,
                                    const std::string& opened_by) {
  return db::Guarded("insert cycle", [&]() -> int64_t {
    Statement s = Prepare(c, q::kInsertCycle);
    s->setString(1, cycle.name());
    s->setInt(2, cycle.year());
    s->setInt64(3, cycle.node_id());
    s->setString(4, cycle.node_name());
    s->setString(5, cycle.node_path());
    s->setString(6, cycle.group_rubric_version());
    s->setString(7, cycle.branch_rubric_version());
    s->setString(8, cycle.unit_rubric_version());
    SetTime(*s, 9, proto::FromTimestamp(cycle.open_time()));
    s->setString(10, opened_by);
    s->setInt64(11, cycle.policy_version());
    s->setString(12, cycle.general_branch_rubric_version());
    s->execute();
    return db::LastInsertId(c);
  });
}

absl::StatusOr<v1::Cycle> GetCycle(sql::Connection& c, int64_t id, bool for_update) {
  return db::Guarded("get cycle", [&]() -> absl::StatusOr<v1::Cycle> {
    Statement s = Prepare(
        c,
        absl::StrFormat(for_update ? q::kSelectCycleForUpdate : q::kSelectCycle, q::kCycleColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) return absl::NotFoundError(absl::StrFormat("cycle %d does not exist", id));
    v1::Cycle cycle = ReadCycle(*rows);
    CountResults(c, cycle);
    return cycle;
  });
}

absl::StatusOr<std::vector<v1::Cycle>> ListCycles(sql::Connection& c, int year) {
  return db::Guarded("list cycles", [&]() -> std::vector<v1::Cycle> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectCycles, q::kCycleColumns));
    s->setInt(1, year);
    s->setInt(2, year);
    std::vector<v1::Cycle> cycles;
    Rows rows(s->executeQuery());
    while (rows->next()) cycles.push_back(ReadCycle(*rows));
    for (v1::Cycle& cycle : cycles) CountResults(c, cycle);
    return cycles;
  });
}

absl::Status SetCycleComputed(sql::Connection& c, int64_t id, int revision, absl::Time at,
                              int64_t policy_version) {
  return db::Guarded("set cycle computed", [&] {
    Statement s = Prepare(c, q::kSetCycleComputed);
    s->setInt(1, revision);
    SetTime(*s, 2, at);
    s->setInt64(3, policy_version);
    s->setInt64(4, id);
    s->execute();
  });
}

absl::Status SetCyclePublished(sql::Connection& c, int64_t id, int revision, absl::Time at) {
  return db::Guarded("set cycle published", [&] {
    Statement s = Prepare(c, q::kSetCyclePublished);
    s->setInt(1, revision);
    SetTime(*s, 2, at);
    s->setInt64(3, id);
    s->execute();
  });
}

absl::Status UpsertVotes(sql::Connection& c, int64_t cycle_id, const StoredVotes& votes,
                         absl::Time at, const std::string& by) {
  return db::Guarded("upsert votes", [&] {
    Statement s = Prepare(c, q::kUpsertVotes);
    s->setInt64(1, cycle_id);
    s->setInt64(2, votes.subject_id);
    s->setString(3, votes.part);
    s->setInt64(4, votes.votes.good);
    s->setInt64(5, votes.votes.fairly_good);
    s->setInt64(6, votes.votes.average);
    s->setInt64(7, votes.votes.poor);
    SetTime(*s, 8, at);
    s->setString(9, by);
    s->execute();
  });
}

absl::StatusOr<std::vector<StoredVotes>> ListVotes(sql::Connection& c, int64_t cycle_id,
                                                   std::optional<int64_t> subject_id) {
  return db::Guarded("list votes", [&]() -> std::vector<StoredVotes> {
    Statement s = Prepare(c, q::kSelectVotes);
    s->setInt64(1, cycle_id);
    s->setInt64(2, subject_id.value_or(0));
    s->setInt64(3, subject_id.value_or(0));
    std::vector<StoredVotes> votes;
    Rows rows(s->executeQuery());
    while (rows->next()) {
      votes.push_back(
          {rows->getInt64(1),
           rows->getString(2),
           {rows->getInt64(3), rows->getInt64(4), rows->getInt64(5), rows->getInt64(6)}});
    }
    return votes;
  });
}

absl::Status DeleteResults(sql::Connection& c, int64_t cycle_id, int revision) {
  return db::Guarded("delete results", [&] {
    Statement remove = Prepare(c, q::kDeleteResults);
    remove->setInt64(1, cycle_id);
    remove->setInt(2, revision);
    remove->execute();
  });
}

absl::Status InsertResults(sql::Connection& c, const std::vector<StoredResult>& results) {
  return db::Guarded("insert results", [&] {
    // Many results a round trip.
    db::InsertRows(
        c, q::kInsertResults, q::kResultRow, results.size(),
        [&](sql::PreparedStatement& s, int p, size_t i) {
          const v1::Result& r = results[i].result;
          s.setInt64(p, r.cycle_id());
          s.setInt(p + 1, r.revision());
          s.setString(p + 2, KindName(r.subject_kind()));
          s.setInt64(p + 3, r.subject_id());
          s.setInt64(p + 4, r.unit_id());
          s.setInt64(p + 5, r.branch_id());
          s.setString(p + 6, r.path());
          s.setBoolean(p + 7, r.complete());
          s.setInt64(p + 8, r.score_centi());
          s.setString(p + 9, r.grade());
          // Bound as a string: its bytes go with the statement (a blob's stream would be sent
          // in a packet of its own per result); a BLOB column takes them unconverted.
          s.setString(p + 10, r.SerializeAsString());
          s.setString(p + 11, results[i].input_json);
        },
        /*rows_per_statement=*/kResultsPerStatement);
  });
}

absl::StatusOr<StoredResult> GetResultForUpdate(sql::Connection& c, int64_t cycle_id, int revision,
                                                v1::SubjectKind kind, int64_t subject_id) {
  return db::Guarded("get result for update", [&]() -> absl::StatusOr<StoredResult> {
    Statement s = Prepare(c, q::kSelectResultForUpdate);
    s->setInt64(1, cycle_id);
    s->setInt(2, revision);
    s->setString(3, KindName(kind));
    s->setInt64(4, subject_id);
    Rows rows(s->executeQuery());
    if (!rows->next()) {
      return absl::NotFoundError(absl::StrFormat("cycle %d has no result for %s %d", cycle_id,
                                                 KindName(kind), subject_id));
    }
    StoredResult stored;
    if (!stored.result.ParseFromString(ReadBlob(*rows, 1))) {
      return absl::DataLossError("a stored result does not parse");
    }
    stored.input_json = rows->getString(2);
    return stored;
  });
}

absl::Status UpdateResult(sql::Connection& c, int64_t cycle_id, int revision,
                          const v1::Result& result) {
  return db::Guarded("update result", [&] {
    Statement s = Prepare(c, q::kUpdateResult);
    s->setBoolean(1, result.complete());
    s->setInt64(2, result.score_centi());
    s->setString(3, result.grade());
    std::istringstream blob(result.SerializeAsString());
    s->setBlob(4, &blob);
    s->setInt64(5, cycle_id);
    s->setInt(6, revision);
    s->setString(7, KindName(result.subject_kind()));
    s->setInt64(8, result.subject_id());
    s->execute();
  });
}

absl::StatusOr<std::vector<std::string>> IncompleteResults(sql::Connection& c, int64_t cycle_id,
                                                           int revision, int limit) {
  return db::Guarded("incomplete results", [&]() -> std::vector<std::string> {
    Statement s = Prepare(c, q::kSelectIncomplete);
    s->setInt64(1, cycle_id);
    s->setInt(2, revision);
    s->setInt(3, limit);
    std::vector<std::string> names;
    Rows rows(s->executeQuery());
    while (rows->next()) {
      v1::Result result;
      if (result.ParseFromString(ReadBlob(*rows, 1))) names.push_back(result.subject_name());
    }
    return names;
  });
}

absl::StatusOr<std::vector<v1::Result>> QueryResults(sql::Connection& c, const ResultQuery& query,
                                                     int64_t* total) {
  return db::Guarded("query results", [&]() -> std::vector<v1::Result> {
    // The filters, each a fixed piece with a parameter, bound in this order after the first two.
    std::string filters;
    if (query.kind != v1::SUBJECT_KIND_UNSPECIFIED) filters += " AND subject_kind = ?";
    if (query.subject_id != 0) filters += " AND subject_id = ?";
    if (query.unit_id != 0) filters += " AND unit_id = ?";
    if (query.branch_id != 0) filters += " AND branch_id = ?";
    if (!query.grade.empty()) filters += " AND grade = ?";
    if (!query.path_prefix.empty()) filters += " AND path LIKE ?";
    auto bind = [&](sql::PreparedStatement& s) {
      int p = 1;
      s.setInt64(p++, query.cycle_id);
      s.setInt(p++, query.revision);
      if (query.kind != v1::SUBJECT_KIND_UNSPECIFIED) s.setString(p++, KindName(query.kind));
      if (query.subject_id != 0) s.setInt64(p++, query.subject_id);
      if (query.unit_id != 0) s.setInt64(p++, query.unit_id);
      if (query.branch_id != 0) s.setInt64(p++, query.branch_id);
      if (!query.grade.empty()) s.setString(p++, query.grade);
      if (!query.path_prefix.empty()) s.setString(p++, query.path_prefix + "%");
      return p;
    };
    Statement s =
        Prepare(c, absl::StrFormat(q::kQueryResults, filters, query.ascending ? "ASC" : "DESC"));
    int p = bind(*s);
    s->setInt(p++, query.limit);
    s->setInt64(p++, query.offset);
    std::vector<v1::Result> results;
    Rows rows(s->executeQuery());
    while (rows->next()) {
      v1::Result result;
      if (!result.ParseFromString(ReadBlob(*rows, 1))) continue;
      result.set_cycle_id(query.cycle_id);
      result.set_revision(query.revision);
      result.set_rank(rows->getInt(2));
      result.set_peer_count(rows->getInt(3));
      results.push_back(std::move(result));
    }
    if (total != nullptr) {
      Statement count = Prepare(c, absl::StrFormat(q::kCountQueryResults, filters));
      bind(*count);
      Rows counted(count->executeQuery());
      *total = counted->next() ? counted->getInt64(1) : 0;
    }
    return results;
  });
}

}  // namespace partygroup::assessment::store
