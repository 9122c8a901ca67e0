#include "common/db/migrations.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/db/mysql_error.h"
#include "common/status/status_macros.h"

namespace partygroup::db {
namespace {

constexpr absl::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version BIGINT NOT NULL PRIMARY KEY,"
    "  name VARCHAR(255) NOT NULL,"
    "  checksum CHAR(64) NOT NULL,"
    "  applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
constexpr absl::string_view kFindMigrationsTable =
    "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND "
    "table_name = 'schema_migrations'";
constexpr absl::string_view kSelectApplied =
    "SELECT version, name, checksum FROM schema_migrations";
constexpr absl::string_view kInsertApplied =
    "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)";
constexpr absl::string_view kGetLock = "SELECT GET_LOCK(?, 60)";
constexpr absl::string_view kReleaseLock = "SELECT RELEASE_LOCK(?)";

struct Applied {
  std::string name;
  std::string checksum;
};

absl::StatusOr<std::map<int64_t, Applied>> ReadApplied(sql::Connection& connection) {
  std::map<int64_t, Applied> applied;
  std::unique_ptr<sql::Statement> statement(connection.createStatement());
  // Created only when missing: a service's own account, which may not create tables, starts on
  // a schema its owner has migrated (grants.h).
  std::unique_ptr<sql::ResultSet> found(statement->executeQuery(std::string(kFindMigrationsTable)));
  if (!found->next()) statement->execute(std::string(kCreateMigrationsTable));
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(std::string(kSelectApplied)));
  while (rows->next()) {
    applied[rows->getInt64(1)] = Applied{rows->getString(2), rows->getString(3)};
  }
  return applied;
}

absl::StatusOr<int64_t> ApplyLocked(sql::Connection& connection,
                                    std::vector<const Migration*> ordered) {
  ASSIGN_OR_RETURN(auto applied, ReadApplied(connection));
  for (const Migration* migration : ordered) {
    const std::string checksum = MigrationChecksum(migration->sql);
    auto it = applied.find(migration->version);
    if (it != applied.end()) {
      if (it->second.checksum != checksum) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "migration %s was changed after it was applied (recorded as %s); add a new "
            "migration instead of editing an applied one",
            migration->name, it->second.name));
      }
      continue;
    }
    const std::vector<std::string> statements = SplitSqlStatements(migration->sql);
    std::unique_ptr<sql::Statement> statement(connection.createStatement());
    for (size_t i = 0; i < statements.size(); ++i) {
      try {
        statement->execute(statements[i]);
      } catch (const sql::SQLException& e) {
        absl::Status cause = StatusFromSqlException(e, "execute");
        if (absl::IsUnavailable(cause)) return cause;
        return absl::FailedPreconditionError(
            absl::StrFormat("migration %s failed at statement %d of %d: %s", migration->name, i + 1,
                            statements.size(), cause.message()));
      }
    }
    std::unique_ptr<sql::PreparedStatement> record(
        connection.prepareStatement(std::string(kInsertApplied)));
    record->setInt64(1, migration->version);
    record->setString(2, migration->name);
    record->setString(3, checksum);
    record->execute();
    applied[migration->version] = Applied{migration->name, checksum};
  }
  return applied.empty() ? 0 : applied.rbegin()->first;
}

}  // namespace

std::vector<std::string> SplitSqlStatements(absl::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) continue;
    absl::StrAppend(&current, line, "\n");
    if (absl::EndsWith(trimmed, ";")) {
      absl::string_view body = absl::StripAsciiWhitespace(current);
      body.remove_suffix(1);  // the ';'
      statements.emplace_back(absl::StripAsciiWhitespace(body));
      current.clear();
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    statements.emplace_back(absl::StripAsciiWhitespace(current));
  }
  return statements;
}

std::string MigrationChecksum(absl::string_view sql) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(sql.data(), sql.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) absl::StrAppendFormat(&hex, "%02x", digest[i]);
  return hex;
}

absl::StatusOr<int64_t> ApplyMigrations(sql::Connection& connection,
                                        const std::vector<Migration>& migrations) {
  std::vector<const Migration*> ordered;
  for (const Migration& migration : migrations) ordered.push_back(&migration);
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  for (size_t i = 1; i < ordered.size(); ++i) {
    if (ordered[i]->version == ordered[i - 1]->version) {
      return absl::InvalidArgumentError(absl::StrFormat("migrations %s and %s share version %d",
                                                        ordered[i - 1]->name, ordered[i]->name,
                                                        ordered[i]->version));
    }
  }
  try {
    const std::string lock_name =
        absl::StrCat("partygroup_migrations.", connection.getSchema().asStdString());
    std::unique_ptr<sql::PreparedStatement> lock(
        connection.prepareStatement(std::string(kGetLock)));
    lock->setString(1, lock_name);
    std::unique_ptr<sql::ResultSet> locked(lock->executeQuery());
    if (!locked->next() || locked->getInt(1) != 1) {
      return absl::UnavailableError("another replica has held the migration lock for 60 s");
    }
    absl::StatusOr<int64_t> result = ApplyLocked(connection, std::move(ordered));
    std::unique_ptr<sql::PreparedStatement> unlock(
        connection.prepareStatement(std::string(kReleaseLock)));
    unlock->setString(1, lock_name);
    std::unique_ptr<sql::ResultSet> released(unlock->executeQuery());
    return result;
  } catch (const sql::SQLException& e) {
    return StatusFromSqlException(e, "apply migrations");
  }
}

}  // namespace partygroup::db
