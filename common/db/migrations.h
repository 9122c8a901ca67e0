// Schema migrations: numbered SQL files per service, applied at start-up, in order, each once.
//
// A service keeps its files in services/<name>/migrations/NNNN_what.sql; the build embeds them
// (partygroup_migrations() in cmake/partygroup.cmake), and the server applies the missing ones
// before it serves. Each applied file is recorded in `schema_migrations` with a checksum, so a
// file edited after it was applied is detected and start-up refused.
//
// A file holds one or more statements, each ending with `;` at the end of a line. MySQL commits
// DDL implicitly, so a file that fails half-way is not recorded and is run again whole on the
// next start: write statements that can run twice (CREATE TABLE IF NOT EXISTS, ...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sql {
class Connection;
}

namespace partygroup::db {

struct Migration {
  int64_t version;
  std::string name;  // the file name, for instance 0001_create_tree.sql
  std::string sql;
};

// Splits a migration file into statements: `;` at the end of a line ends a statement;
// lines starting with `--` are comments.
std::vector<std::string> SplitSqlStatements(absl::string_view sql);

// Hex SHA-256 of the migration text, as recorded in schema_migrations.
std::string MigrationChecksum(absl::string_view sql);

// Applies the migrations not yet recorded, in version order, holding a named lock so that
// replicas starting together do not race. Returns the highest version recorded afterwards.
// Errors: FAILED_PRECONDITION naming the file and statement when one fails or when an applied
// file has changed; INVALID_ARGUMENT when two migrations share a version; the mapped database
// error when the database cannot be reached.
absl::StatusOr<int64_t> ApplyMigrations(sql::Connection& connection,
                                        const std::vector<Migration>& migrations);

}  // namespace partygroup::db
