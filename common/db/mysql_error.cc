#include "common/db/mysql_error.h"

#include <cppconn/exception.h>

#include <string>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

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

namespace {

// What a duplicate of a unique key of the schemas means, in the suite's words.
absl::string_view ThingOfUniqueKey(absl::string_view key) {
  struct Known {
    absl::string_view key;
    absl::string_view thing;
  };
  static constexpr Known kKnown[] = {
      {"org_node_external_id", "a unit, branch or group with this external_id exists already"},
      {"member_external_id", "a member with this external_id exists already"},
      {"activist_external_id", "an activist with this external_id exists already"},
      {"dues_member_month", "the member's dues for this month are recorded already"},
      {"annual_report_group_year", "the group's annual report for this year is submitted already"},
      {"leader_term_current", "the group has a current leader already"},
  };
  for (const Known& known : kKnown) {
    if (known.key == key) return known.thing;
  }
  return "";
}

// "Duplicate entry 'E-17' for key 'member_external_id'" (MySQL 8 writes the key as
// 'member.member_external_id'): ALREADY_EXISTS naming the thing and the value, in the suite's
// words, without the server's message (it names schemas and keys, not what the caller sent).
absl::Status DuplicateStatus(absl::string_view message, absl::string_view context) {
  std::string entry;
  std::string key;
  const size_t entry_start = message.find("entry '");
  const size_t key_start = message.rfind("for key '");
  if (entry_start != absl::string_view::npos && key_start != absl::string_view::npos &&
      key_start > entry_start) {
    const absl::string_view quoted = message.substr(entry_start + 7);
    entry = std::string(quoted.substr(0, quoted.rfind("' for key '")));
    absl::string_view key_text = message.substr(key_start + 9);
    key_text = key_text.substr(0, key_text.find('\''));
    const size_t dot = key_text.rfind('.');
    key = std::string(dot == absl::string_view::npos ? key_text : key_text.substr(dot + 1));
  }
  const absl::string_view thing = ThingOfUniqueKey(key);
  if (thing.empty()) {
    return absl::AlreadyExistsError(absl::StrFormat("%s: the record exists already", context));
  }
  return absl::AlreadyExistsError(absl::StrFormat("%s: %s (%s)", context, thing, entry));
}

}  // namespace

absl::Status StatusFromSqlException(const sql::SQLException& error, absl::string_view context) {
  const int mysql_error = error.getErrorCode();
  if (mysql_error == 1062) return DuplicateStatus(error.what(), context);
  return absl::Status(StatusCodeForMysqlError(mysql_error),
                      absl::StrFormat("%s: MySQL error %d (%s): %s", context, mysql_error,
                                      error.getSQLStateCStr(), error.what()));
}

}  // namespace partygroup::db
