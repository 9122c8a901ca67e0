#include "common/db/transaction.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/call_deadline.h"
#include "common/db/mysql_error.h"
#include "common/status/status_macros.h"

namespace partygroup::db {
namespace {

// Tries to undo an open transaction; a failed rollback means the connection is unusable.
void RollbackOrDiscard(ConnectionPool::Lease& lease) {
  try {
    lease->rollback();
  } catch (const sql::SQLException&) {
    lease.Discard();
  }
}

absl::Status RunOnce(ConnectionPool& pool, absl::string_view what, ConnectionBody body) {
  ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool.Acquire());
  try {
    // START TRANSACTION leaves autocommit on, so COMMIT ends the transaction without a second
    // round trip to turn autocommit back on.
    std::unique_ptr<sql::Statement>(lease->createStatement())->execute("START TRANSACTION");
    absl::Status status = body(*lease);
    if (absl::IsUnavailable(status)) {
      // A store's guarded statement lost its server: the server rolls the transaction back.
      lease.Discard();
      return status;
    }
    if (!status.ok()) {
      RollbackOrDiscard(lease);
      return status;
    }
    // The caller gave up (its deadline passed while the body waited on the database): its
    // answer is already DEADLINE_EXCEEDED, so nothing may be written for it now.
    if (CallDeadline::Current() <= absl::Now()) {
      RollbackOrDiscard(lease);
      return absl::DeadlineExceededError(absl::StrCat(
          what, ": the caller's deadline passed before the commit; nothing was written"));
    }
    lease->commit();
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    lease.Suspect();
    if (IsConnectionLost(e.getErrorCode())) {
      // The server rolls back a transaction whose connection died; nothing is half-written.
      lease.Discard();
    } else {
      RollbackOrDiscard(lease);
    }
    return StatusFromSqlException(e, what);
  }
}

}  // namespace

absl::Status RunInTransaction(ConnectionPool& pool, absl::string_view what, ConnectionBody body) {
  // A deadlock victim's transaction was rolled back whole; running it again is safe. Writers of
  // the same branch collide under load: a few tries, each after a short, growing, jittered
  // pause so that the two victims do not meet again.
  constexpr int kTries = 4;
  absl::Status status = RunOnce(pool, what, body);
  for (int attempt = 1; attempt < kTries && status.code() == absl::StatusCode::kAborted &&
                        CallDeadline::Current() > absl::Now();
       ++attempt) {
    absl::SleepFor(absl::Milliseconds(attempt * 5 + absl::ToUnixNanos(absl::Now()) % 7));
    status = RunOnce(pool, what, body);
  }
  return status;
}

absl::Status RunInSavepoint(sql::Connection& connection, absl::string_view what,
                            ConnectionBody body) {
  std::unique_ptr<sql::Statement> statement(connection.createStatement());
  statement->execute("SAVEPOINT partygroup_part");
  absl::Status status;
  try {
    status = body(connection);
  } catch (const sql::SQLException& e) {
    if (IsConnectionLost(e.getErrorCode())) throw;
    status = StatusFromSqlException(e, what);
  }
  // A lost connection has no savepoint to go back to: the transaction is gone with it.
  if (absl::IsUnavailable(status)) return status;
  statement->execute(status.ok() ? "RELEASE SAVEPOINT partygroup_part"
                                 : "ROLLBACK TO SAVEPOINT partygroup_part");
  return status;
}

absl::Status RunWithConnection(ConnectionPool& pool, absl::string_view what, ConnectionBody body) {
  ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool.Acquire());
  try {
    absl::Status status = body(*lease);
    if (absl::IsUnavailable(status)) lease.Discard();  // a store's statement lost its server
    return status;
  } catch (const sql::SQLException& e) {
    lease.Suspect();
    if (IsConnectionLost(e.getErrorCode())) lease.Discard();
    return StatusFromSqlException(e, what);
  }
}

}  // namespace partygroup::db
