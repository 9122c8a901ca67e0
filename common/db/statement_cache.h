// Prepared statements kept for a pooled connection's life. Preparing costs a round trip to the
// server and closing another message; a service runs the same few statements on every call, so
// each pooled connection keeps the ones it runs (the most recent 64) prepared.
//
//   db::Statement s = db::Prepare(c, "SELECT name FROM member WHERE id = ?");
//   s->setInt64(1, id);
//   std::unique_ptr<sql::ResultSet> rows(s->executeQuery());
//
// A Statement is lent for one use: bind, execute, read, and let it (and its rows) go. While it
// is out, the same text on the same connection is prepared afresh, so nested uses stay correct.
// Connections outside a pool (tests, tools) prepare every time, as before.
#pragma once

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <cstdint>
#include <memory>
#include <string>

namespace partygroup::db {

// Which statements a pooled connection keeps prepared.
enum class Keep {
  kIfShort,  // texts up to 2,000 characters: longer ones are IN lists that change with their data
  kAlways,   // a long text that recurs as it is: a multi-row insert of a given number of rows
};

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  sql::PreparedStatement* operator->() const { return statement_; }
  sql::PreparedStatement& operator*() const { return *statement_; }
  sql::PreparedStatement* get() const { return statement_; }

 private:
  friend Statement Prepare(sql::Connection& connection, const std::string& text, Keep keep);
  void Release();

  sql::PreparedStatement* statement_ = nullptr;
  std::unique_ptr<sql::PreparedStatement> owned_;  // prepared for this use alone
  bool* lent_ = nullptr;                           // the cache's flag, when borrowed
};

// The connection's prepared statement for `text`, from its cache when it has one. Throws
// sql::SQLException as prepareStatement does.
Statement Prepare(sql::Connection& connection, const std::string& text, Keep keep = Keep::kIfShort);

// The id the connection's last INSERT gave it, with a kept-prepared SELECT LAST_INSERT_ID() (not
// INSERT ... RETURNING: MariaDB alone has RETURNING; DESIGN asks for SQL that MySQL 8 and TiDB
// accept too). Throws sql::SQLException as the statement does.
int64_t LastInsertId(sql::Connection& connection);

// For the pool: a connection's cache lives from Attach until Detach, which comes before the
// connection is closed.
void AttachStatementCache(sql::Connection* connection);
void DetachStatementCache(sql::Connection* connection);

}  // namespace partygroup::db
