#include "common/db/grants.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/db/mysql_error.h"

namespace partygroup::db {
namespace {

constexpr int kNoSuchGrant = 1141;       // ER_NONEXISTING_GRANT
constexpr int kNoSuchTableGrant = 1147;  // ER_NONEXISTING_TABLE_GRANT

bool SafeAccountPart(const std::string& part) {
  if (part.empty() || part.size() > 80) return false;
  for (char c : part) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != '.' && c != '-' && c != '%' && c != ':') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> SqlAccount(const std::string& account) {
  const size_t at = account.rfind('@');
  const std::string user = account.substr(0, at);
  const std::string host = at == std::string::npos ? "%" : account.substr(at + 1);
  if (!SafeAccountPart(user) || !SafeAccountPart(host)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "db_grant_to: '", account, "' is not an account user@host of letters, digits and _.-%"));
  }
  return absl::StrCat("'", user, "'@'", host, "'");
}

absl::Status GrantServiceAccounts(sql::Connection& connection,
                                  const std::vector<std::string>& accounts,
                                  const std::set<std::string>& append_only) {
  std::vector<std::string> grantees;
  for (const std::string& account : accounts) {
    absl::StatusOr<std::string> grantee = SqlAccount(account);
    if (!grantee.ok()) return grantee.status();
    grantees.push_back(*grantee);
  }
  try {
    const std::string schema = connection.getSchema().asStdString();
    std::unique_ptr<sql::PreparedStatement> tables(connection.prepareStatement(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND "
        "table_type = 'BASE TABLE' ORDER BY table_name"));
    tables->setString(1, schema);
    std::unique_ptr<sql::ResultSet> rows(tables->executeQuery());
    std::unique_ptr<sql::Statement> statement(connection.createStatement());
    while (rows->next()) {
      const std::string table = rows->getString(1).asStdString();
      const std::string on = absl::StrCat("`", schema, "`.`", table, "`");
      const bool appended_only = append_only.count(table) > 0;
      for (const std::string& grantee : grantees) {
        if (appended_only) {
          try {
            statement->execute(absl::StrCat("REVOKE UPDATE, DELETE ON ", on, " FROM ", grantee));
          } catch (const sql::SQLException& e) {
            // Nothing to take back: the account never had them.
            if (e.getErrorCode() != kNoSuchGrant && e.getErrorCode() != kNoSuchTableGrant) throw;
          }
        }
        statement->execute(absl::StrCat(
            "GRANT ", appended_only ? "SELECT, INSERT" : "SELECT, INSERT, UPDATE, DELETE", " ON ",
            on, " TO ", grantee));
      }
    }
  } catch (const sql::SQLException& e) {
    absl::Status cause = StatusFromSqlException(e, "grant the service's account");
    if (absl::IsUnavailable(cause)) return cause;
    return absl::FailedPreconditionError(
        absl::StrCat("db_grant_to: the owner could not grant the service's account its tables: ",
                     cause.message()));
  }
  return absl::OkStatus();
}

}  // namespace partygroup::db
