#include "common/mutation/mutation.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <openssl/sha.h>

#include <memory>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/db/mysql_error.h"
#include "common/db/statement_cache.h"
#include "common/db/transaction.h"
#include "common/status/status_macros.h"

namespace partygroup::mutation {
namespace {

constexpr size_t kMaxRequestIdLength = 128;

constexpr char kSelectRequest[] =
    "SELECT method, response FROM request_log WHERE subject = ? AND request_id = ?";
constexpr char kInsertRequest[] =
    "INSERT INTO request_log (subject, request_id, method, response) VALUES (?, ?, ?, ?)";
constexpr char kInsertAudits[] =
    "INSERT INTO audit_log (at, subject, role, method, target_kind, target_id, request_id, "
    "outcome, row_hash) VALUES";
constexpr char kAuditRow[] = "(FROM_UNIXTIME(CAST(? AS DECIMAL(17, 6))), ?, ?, ?, ?, ?, ?, ?, ?)";
// The chain's head, under its lock until commit: audit rows are chained in commit order.
constexpr char kLockChain[] = "SELECT last_hash FROM audit_chain WHERE id = 1 FOR UPDATE";
constexpr char kAdvanceChain[] =
    "UPDATE audit_chain SET last_hash = ?, rows_chained = rows_chained + ? WHERE id = 1";
constexpr char kSelectChain[] = "SELECT last_hash, rows_chained FROM audit_chain WHERE id = 1";
constexpr char kSelectAuditRows[] =
    "SELECT id, CAST(UNIX_TIMESTAMP(at) AS DECIMAL(17, 6)), subject, role, method, target_kind, "
    "target_id, request_id, outcome, row_hash FROM audit_log ORDER BY id";
constexpr char kTakeSequences[] =
    "UPDATE event_sequence SET last_sequence = LAST_INSERT_ID(last_sequence + ?) WHERE id = 1";
constexpr char kInsertEvents[] =
    "INSERT INTO event_log (sequence, kind, target_kind, target_id, scope_path, payload_json) "
    "VALUES";
// The sequence: the last one taken, less the number of rows after this one.
constexpr char kEventRow[] = "(LAST_INSERT_ID() - ?, ?, ?, ?, ?, ?)";
constexpr char kSelectEvents[] =
    "SELECT sequence, UNIX_TIMESTAMP(at) * 1000000, kind, target_kind, target_id, scope_path, "
    "payload_json FROM event_log WHERE sequence > ? AND scope_path LIKE ? ORDER BY sequence "
    "LIMIT ?";
// Each filter is skipped when its first parameter says so: one statement for every filter.
constexpr char kListAudit[] =
    "SELECT id, UNIX_TIMESTAMP(at) * 1000000, subject, role, method, target_kind, target_id, "
    "request_id, outcome FROM audit_log WHERE id < ? AND (? = '' OR subject = ?) AND "
    "(? = '' OR method = ?) AND (? = '' OR target_kind = ?) AND (? = 0 OR target_id = ?) AND "
    "(? = '' OR outcome = ?) AND "
    "(? = 0 OR at >= FROM_UNIXTIME(CAST(? AS DECIMAL(17, 6)))) AND "
    "(? = 0 OR at < FROM_UNIXTIME(CAST(? AS DECIMAL(17, 6)))) ORDER BY id DESC LIMIT ?";
constexpr char kCountAudit[] =
    "SELECT COUNT(*) FROM audit_log WHERE target_kind = ? AND target_id = ?";

db::Statement Prepare(sql::Connection& connection, const char* sql) {
  return db::Prepare(connection, sql);  // kept prepared for the pooled connection's life
}

// LIKE treats % and _ as wildcards; org paths hold only digits and '/', but escape anyway.
std::string LikePrefix(const std::string& prefix) {
  std::string escaped;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return escaped + "%";
}

void AppendEvents(sql::Connection& connection, const std::vector<Event>& events) {
  if (events.empty()) return;
  // Takes the sequence row's lock (held until commit) and leaves the new last sequence in the
  // connection's LAST_INSERT_ID(), from which the rows below number themselves: two round trips.
  auto take = Prepare(connection, kTakeSequences);
  take->setInt64(1, static_cast<int64_t>(events.size()));
  take->execute();
  // An import's hundreds of events in a few statements.
  db::InsertRows(connection, kInsertEvents, kEventRow, events.size(),
                 [&](sql::PreparedStatement& s, int p, size_t i) {
                   const Event& event = events[i];
                   s.setInt64(p, static_cast<int64_t>(events.size() - 1 - i));
                   s.setString(p + 1, event.kind);
                   s.setString(p + 2, event.target_kind);
                   s.setInt64(p + 3, event.target_id);
                   s.setString(p + 4, event.scope_path);
                   s.setString(p + 5, event.payload_json.empty() ? "{}" : event.payload_json);
                 });
}

// "1796191684.123456": an instant as the audit row stores it and UNIX_TIMESTAMP reads it back.
std::string AuditInstant(absl::Time at) {
  const int64_t micros = absl::ToUnixMicros(at);
  return absl::StrFormat("%d.%06d", micros / 1000000, micros % 1000000);
}

// Appends rows to the audit trail, each chained to the one before under the head's lock.
void AppendAuditRows(sql::Connection& connection, const std::vector<AuditRow>& rows) {
  if (rows.empty()) return;
  auto lock = Prepare(connection, kLockChain);
  std::unique_ptr<sql::ResultSet> head(lock->executeQuery());
  std::string previous = head->next() ? std::string(head->getString(1)) : std::string();
  std::vector<std::string> instants, hashes;
  for (const AuditRow& row : rows) {
    instants.push_back(AuditInstant(row.at));
    previous =
        AuditRowHash(previous, {instants.back(), row.subject, row.role, row.method, row.target_kind,
                                absl::StrCat(row.target_id), row.request_id, row.outcome});
    hashes.push_back(previous);
  }
  db::InsertRows(connection, kInsertAudits, kAuditRow, rows.size(),
                 [&](sql::PreparedStatement& s, int p, size_t i) {
                   const AuditRow& row = rows[i];
                   s.setString(p, instants[i]);
                   s.setString(p + 1, row.subject);
                   s.setString(p + 2, row.role);
                   s.setString(p + 3, row.method);
                   s.setString(p + 4, row.target_kind);
                   s.setInt64(p + 5, row.target_id);
                   s.setString(p + 6, row.request_id);
                   s.setString(p + 7, row.outcome);
                   s.setString(p + 8, hashes[i]);
                 });
  auto advance = Prepare(connection, kAdvanceChain);
  advance->setString(1, previous);
  advance->setInt64(2, static_cast<int64_t>(rows.size()));
  advance->execute();
}

void WriteAudit(sql::Connection& connection, const MutationRequest& request,
                const Journal& journal) {
  std::vector<AuditTarget> targets = journal.targets();
  if (targets.empty()) targets.push_back({"none", 0});
  const std::string role(auth::RoleName(request.caller.role));
  const absl::Time at = absl::Now();
  std::vector<AuditRow> rows;
  for (const AuditTarget& target : targets) {
    rows.push_back({at, request.caller.subject, role, request.method, target.kind, target.id,
                    request.request_id, "OK"});
  }
  AppendAuditRows(connection, rows);
}

absl::Status ValidateRequestId(const std::string& request_id) {
  if (request_id.empty()) {
    return absl::InvalidArgumentError(
        "request_id: required, so that a retry does not apply the change twice");
  }
  if (request_id.size() > kMaxRequestIdLength) {
    return absl::InvalidArgumentError(
        absl::StrFormat("request_id: at most %d characters", kMaxRequestIdLength));
  }
  return absl::OkStatus();
}

// The stored answer for the request, if any.
absl::StatusOr<bool> FindStored(sql::Connection& connection, const MutationRequest& request,
                                google::protobuf::MessageLite* response) {
  auto select = Prepare(connection, kSelectRequest);
  select->setString(1, request.caller.subject);
  select->setString(2, request.request_id);
  std::unique_ptr<sql::ResultSet> seen(select->executeQuery());
  if (!seen->next()) return false;
  const std::string method = seen->getString(1);
  if (method != request.method) {
    return absl::InvalidArgumentError(absl::StrCat("request_id: already used for ", method,
                                                   "; use a new one for ", request.method));
  }
  std::unique_ptr<std::istream> blob(seen->getBlob(2));
  std::stringstream bytes;
  bytes << blob->rdbuf();
  if (!response->ParseFromString(bytes.str())) {
    return absl::InternalError("stored response of request_id cannot be read back");
  }
  return true;
}

}  // namespace

absl::Status RunMutation(db::ConnectionPool& pool, const MutationRequest& request,
                         google::protobuf::MessageLite* response, MutationBody body) {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id));
  Journal journal;
  // The request_id is looked up only when the change cannot be made: a first call (nearly every
  // call) saves the round trip. A retry of a completed request gets there by failing, either in
  // its body (it finds its own earlier work) or at the request_log row below, which the first
  // call holds; all it did is rolled back, and the stored answer is what it gets.
  bool seen_before = false;
  absl::Status status =
      db::RunInTransaction(pool, request.method, [&](sql::Connection& connection) {
        journal.Clear();
        response->Clear();
        RETURN_IF_ERROR(body(connection, journal));

        const std::string serialized = response->SerializeAsString();
        std::istringstream blob(serialized);
        auto remember = Prepare(connection, kInsertRequest);
        remember->setString(1, request.caller.subject);
        remember->setString(2, request.request_id);
        remember->setString(3, request.method);
        remember->setBlob(4, &blob);
        try {
          remember->execute();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() != 1062) throw;
          seen_before = true;  // committed by the first call (a concurrent one waited for it)
          return absl::AlreadyExistsError("request_id: answered before");
        }
        // Last, so that the audit chain's and the sequence's locks are held for as short a time
        // as possible.
        WriteAudit(connection, request, journal);
        AppendEvents(connection, journal.events());
        return absl::OkStatus();
      });
  if (status.ok()) {
    if (!journal.events().empty()) EventBell::OfProcess().Ring();
    return status;
  }
  response->Clear();
  absl::StatusOr<bool> stored = LoadStoredResponse(pool, request, response);
  if (!stored.ok()) {
    // Another method's request_id says so; a database gone since says what the change met.
    return absl::IsInvalidArgument(stored.status()) ? stored.status() : status;
  }
  if (*stored) return absl::OkStatus();  // the first call's answer; nothing of this one is kept
  response->Clear();
  return seen_before ? absl::AbortedError("request_id: a concurrent call could not be read back")
                     : status;
}

absl::Status RunJournaled(db::ConnectionPool& pool, const MutationRequest& request,
                          MutationBody body) {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id));
  Journal journal;
  absl::Status status =
      db::RunInTransaction(pool, request.method, [&](sql::Connection& connection) {
        journal.Clear();
        RETURN_IF_ERROR(body(connection, journal));
        // A part that changed nothing (a sweep that found nothing) leaves no audit row.
        if (journal.targets().empty() && journal.events().empty()) return absl::OkStatus();
        WriteAudit(connection, request, journal);
        AppendEvents(connection, journal.events());
        return absl::OkStatus();
      });
  if (status.ok() && !journal.events().empty()) EventBell::OfProcess().Ring();
  return status;
}

EventBell& EventBell::OfProcess() {
  static EventBell* const kBell = new EventBell();
  return *kBell;
}

int64_t EventBell::Rung() const {
  absl::MutexLock lock(&mu_);
  return rung_;
}

void EventBell::Ring() {
  absl::MutexLock lock(&mu_);
  ++rung_;
}

bool EventBell::WaitAfter(int64_t seen, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  const auto rang = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return rung_ > seen; };
  return mu_.AwaitWithTimeout(absl::Condition(&rang), timeout);
}

absl::StatusOr<bool> LoadStoredResponse(db::ConnectionPool& pool, const MutationRequest& request,
                                        google::protobuf::MessageLite* response) {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id));
  bool found = false;
  RETURN_IF_ERROR(db::RunWithConnection(pool, request.method, [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(found, FindStored(c, request, response));
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<std::vector<StoredEvent>> ReadEvents(db::ConnectionPool& pool,
                                                    int64_t after_sequence,
                                                    const std::string& scope_prefix, int limit) {
  std::vector<StoredEvent> events;
  RETURN_IF_ERROR(db::RunWithConnection(pool, "read events", [&](sql::Connection& connection) {
    auto select = Prepare(connection, kSelectEvents);
    select->setInt64(1, after_sequence);
    select->setString(2, LikePrefix(scope_prefix == "/" ? "" : scope_prefix));
    select->setInt(3, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      StoredEvent stored;
      stored.sequence = rows->getInt64(1);
      stored.at = absl::FromUnixMicros(rows->getInt64(2));
      stored.event.kind = rows->getString(3);
      stored.event.target_kind = rows->getString(4);
      stored.event.target_id = rows->getInt64(5);
      stored.event.scope_path = rows->getString(6);
      stored.event.payload_json = rows->getString(7);
      events.push_back(std::move(stored));
    }
    return absl::OkStatus();
  }));
  return events;
}

std::string AuditRowHash(const std::string& previous_hash, const std::vector<std::string>& fields) {
  // Each field with its length first, so that no two rows share a text.
  std::string text = previous_hash;
  for (const std::string& field : fields) absl::StrAppend(&text, "|", field.size(), ":", field);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

absl::StatusOr<AuditVerification> VerifyAuditLog(sql::Connection& connection) {
  return db::Guarded("verify audit log", [&]() -> AuditVerification {
    AuditVerification result;
    auto fail = [&](int64_t id, std::string problem) {
      result.intact = false;
      result.first_bad_id = id;
      result.problem = std::move(problem);
    };
    auto select = Prepare(connection, kSelectAuditRows);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    std::string previous;
    bool chained = false;
    while (rows->next()) {
      const int64_t id = rows->getInt64(1);
      if (rows->isNull(10)) {
        if (!chained) {
          ++result.rows_before_chain;
          continue;
        }
        fail(id, absl::StrCat("row ", id, " has no hash: written around the chain"));
        return result;
      }
      chained = true;
      const std::string expected = AuditRowHash(
          previous, {rows->getString(2), rows->getString(3), rows->getString(4), rows->getString(5),
                     rows->getString(6), absl::StrCat(rows->getInt64(7)), rows->getString(8),
                     rows->getString(9)});
      const std::string stored = rows->getString(10);
      if (stored != expected) {
        fail(id, absl::StrCat("row ", id,
                              " does not match its hash: it was altered, or the row before it "
                              "was removed"));
        return result;
      }
      previous = stored;
      ++result.rows_checked;
    }
    auto head_select = Prepare(connection, kSelectChain);
    std::unique_ptr<sql::ResultSet> head(head_select->executeQuery());
    if (head->next() &&
        (head->getString(1) != previous || head->getInt64(2) != result.rows_checked)) {
      fail(0,
           absl::StrCat("the chain's head records ", head->getInt64(2), " rows, ",
                        result.rows_checked, " were found intact: rows were removed from the end"));
    }
    return result;
  });
}

absl::Status RecordAuditRows(db::ConnectionPool& pool, const std::vector<AuditRow>& rows) {
  if (rows.empty()) return absl::OkStatus();
  return db::RunInTransaction(pool, "record audit rows", [&](sql::Connection& connection) {
    AppendAuditRows(connection, rows);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<StoredAuditRow>> ListAuditRows(db::ConnectionPool& pool,
                                                          const AuditFilter& filter,
                                                          int64_t below_id, int limit) {
  std::vector<StoredAuditRow> found;
  RETURN_IF_ERROR(db::RunWithConnection(pool, "list audit rows", [&](sql::Connection& c) {
    auto select = Prepare(c, kListAudit);
    int p = 1;
    select->setInt64(p++, below_id);
    for (const std::string* text : {&filter.subject, &filter.method, &filter.target_kind}) {
      select->setString(p++, *text);
      select->setString(p++, *text);
    }
    select->setInt64(p++, filter.target_id);
    select->setInt64(p++, filter.target_id);
    select->setString(p++, filter.outcome);
    select->setString(p++, filter.outcome);
    for (const std::optional<absl::Time>* at : {&filter.from, &filter.before}) {
      select->setInt(p++, at->has_value() ? 1 : 0);
      select->setString(p++, AuditInstant(at->value_or(absl::UnixEpoch())));
    }
    select->setInt(p++, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      StoredAuditRow stored;
      stored.id = rows->getInt64(1);
      stored.row.at = absl::FromUnixMicros(rows->getInt64(2));
      stored.row.subject = rows->getString(3);
      stored.row.role = rows->getString(4);
      stored.row.method = rows->getString(5);
      stored.row.target_kind = rows->getString(6);
      stored.row.target_id = rows->getInt64(7);
      stored.row.request_id = rows->getString(8);
      stored.row.outcome = rows->getString(9);
      found.push_back(std::move(stored));
    }
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<int64_t> CountAuditRows(db::ConnectionPool& pool, const std::string& target_kind,
                                       int64_t target_id) {
  int64_t count = 0;
  RETURN_IF_ERROR(db::RunWithConnection(pool, "count audit rows", [&](sql::Connection& c) {
    auto select = Prepare(c, kCountAudit);
    select->setString(1, target_kind);
    select->setInt64(2, target_id);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    rows->next();
    count = rows->getInt64(1);
    return absl::OkStatus();
  }));
  return count;
}

}  // namespace partygroup::mutation
