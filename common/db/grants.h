// Least privilege in the database: a service runs as an account of its own that reads and writes
// the rows of its own schema's tables and nothing else: no DDL, no other schema, and the tables
// named append-only (the audit trail) only read and added to, never changed or emptied.
//
// The schema's owner (the account that applies the migrations) grants these, table by table,
// after each migration run (`--db_grant_to`, with `--migrate_only`): a table a later migration
// adds is granted on the next run.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sql {
class Connection;
}

namespace partygroup::db {

// "user@host" (host '%' when absent) as SQL: 'user'@'host'. INVALID_ARGUMENT unless both are of
// letters, digits and _ . - % (and the host may be an address).
absl::StatusOr<std::string> SqlAccount(const std::string& account);

// Grants each account SELECT, INSERT, UPDATE and DELETE on every table of the connection's
// schema, and only SELECT and INSERT on those in `append_only` (any UPDATE or DELETE granted
// before is revoked). The connection's user needs the GRANT OPTION on the schema.
absl::Status GrantServiceAccounts(sql::Connection& connection,
                                  const std::vector<std::string>& accounts,
                                  const std::set<std::string>& append_only);

}  // namespace partygroup::db
