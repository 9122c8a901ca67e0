#include "common/db/mysql_error.h"

#include <cppconn/exception.h>

#include "absl/strings/str_format.h"

namespace partygroup::db {

bool IsConnectionLost(int mysql_error) {
  switch (mysql_error) {
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2005:  // CR_UNKNOWN_HOST
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
      return true;
    default:
      return false;
  }
}

absl::StatusCode StatusCodeForMysqlError(int mysql_error) {
  if (IsConnectionLost(mysql_error)) return absl::StatusCode::kUnavailable;
  switch (mysql_error) {
    case 1062:  // ER_DUP_ENTRY
      return absl::StatusCode::kAlreadyExists;
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
    case 1213:  // ER_LOCK_DEADLOCK
      return absl::StatusCode::kAborted;
    case 1451:  // ER_ROW_IS_REFERENCED_2
    case 1452:  // ER_NO_REFERENCED_ROW_2
      return absl::StatusCode::kFailedPrecondition;
    case 1048:  // ER_BAD_NULL_ERROR
    case 1264:  // ER_WARN_DATA_OUT_OF_RANGE
    case 1366:  // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
    case 1406:  // ER_DATA_TOO_LONG
      return absl::StatusCode::kInvalidArgument;
    default:
      return absl::StatusCode::kInternal;
  }
}

absl::Status StatusFromSqlException(const sql::SQLException& error, absl::string_view context) {
  const int mysql_error = error.getErrorCode();
  return absl::Status(StatusCodeForMysqlError(mysql_error),
                      absl::StrFormat("%s: MySQL error %d (%s): %s", context, mysql_error,
                                      error.getSQLStateCStr(), error.what()));
}

}  // namespace partygroup::db
