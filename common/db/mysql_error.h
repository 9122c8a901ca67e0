// Maps MySQL / MariaDB errors to the most specific absl::Status code.
//
//   1062 duplicate key                       -> ALREADY_EXISTS
//   1213 deadlock, 1205 lock wait timeout    -> ABORTED (retry the transaction)
//   2002/2003/2005/2006/2013/2055, 1053, 1927, 4031 server unreachable or gone -> UNAVAILABLE
//   1451/1452 foreign key                    -> FAILED_PRECONDITION
//   1048/1264/1366/1406 bad value            -> INVALID_ARGUMENT
//   1044/1045/1142 access denied             -> INTERNAL (the service's account is misconfigured:
//                                              not the caller's fault)
//   anything else                            -> INTERNAL
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sql {
class SQLException;
}

namespace partygroup::db {

absl::StatusCode StatusCodeForMysqlError(int mysql_error);

// `context` says what was being done, for instance "insert group".
absl::Status StatusFromSqlException(const sql::SQLException& error, absl::string_view context);

// True for errors after which the connection must not be reused.
bool IsConnectionLost(int mysql_error);

}  // namespace partygroup::db
