// Running store code on a pooled connection, with every error turned into an absl::Status.
//
//   RETURN_IF_ERROR(RunInTransaction(pool, "create group", [&](sql::Connection& c) {
//     RETURN_IF_ERROR(InsertGroup(c, group));
//     return InsertEvent(c, event);
//   }));
//
// RunInTransaction commits when the body returns OK and rolls back when it returns an error or
// throws sql::SQLException: never half. A deadlock or lock wait timeout (ABORTED) runs the whole
// body again on a fresh transaction (up to four tries in all), so the body must not have effects
// outside the database that cannot be repeated. A connection that lost its server is dropped from
// the pool, whether it threw or a store returned UNAVAILABLE for it (db/guarded.h).
#pragma once

#include <cppconn/connection.h>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/db/connection_pool.h"

namespace partygroup::db {

using ConnectionBody = absl::FunctionRef<absl::Status(sql::Connection&)>;

// `what` names the operation in error messages, for instance "create group".
// Returns the body's status, or the mapped database error (see mysql_error.h).
absl::Status RunInTransaction(ConnectionPool& pool, absl::string_view what, ConnectionBody body);

// Inside a transaction: runs `body` after a savepoint and undoes exactly what it wrote when it
// returns an error or throws sql::SQLException (mapped, see mysql_error.h); the transaction
// goes on either way. A lost connection is rethrown, or returned as UNAVAILABLE when a store's
// guarded statement lost it (db/guarded.h): the caller ends the transaction with it. For
// all-or-nothing parts of a larger transaction, such as the rows of an import.
absl::Status RunInSavepoint(sql::Connection& connection, absl::string_view what,
                            ConnectionBody body);

// Runs `body` on a pooled connection in autocommit mode, for reads. Same error mapping.
absl::Status RunWithConnection(ConnectionPool& pool, absl::string_view what, ConnectionBody body);

}  // namespace partygroup::db
