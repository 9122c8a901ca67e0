#include "common/db/connection_pool.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/call_deadline.h"
#include "common/db/mysql_error.h"
#include "common/db/statement_cache.h"

namespace partygroup::db {
namespace {

// Schema names go into DDL unquoted by a prepared statement (identifiers cannot be bound), so
// they are restricted to a safe alphabet.
bool IsSafeIdentifier(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') return false;
  }
  return true;
}

int Seconds(absl::Duration d) {
  return static_cast<int>(std::max<int64_t>(1, absl::ToInt64Seconds(d)));
}

absl::Status EnsureSchema(const DbConfig& config) {
  if (!IsSafeIdentifier(config.schema)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "database schema name '%s' must be 1-64 characters of a-z, 0-9 and _", config.schema));
  }
  auto connection = OpenConnection(config, /*use_schema=*/false);
  if (!connection.ok()) return connection.status();
  try {
    // Created only when missing: a service's own account may not create schemas (grants.h).
    std::unique_ptr<sql::PreparedStatement> find(
        (*connection)
            ->prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?"));
    find->setString(1, config.schema);
    std::unique_ptr<sql::ResultSet> found(find->executeQuery());
    if (found->next()) return absl::OkStatus();
    std::unique_ptr<sql::Statement> statement((*connection)->createStatement());
    statement->execute(absl::StrCat("CREATE DATABASE IF NOT EXISTS `", config.schema,
                                    "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"));
  } catch (const sql::SQLException& e) {
    return StatusFromSqlException(e, absl::StrCat("create schema ", config.schema));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<sql::Connection>> OpenConnection(const DbConfig& config,
                                                                bool use_schema) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(absl::StrCat("tcp://", config.host, ":", config.port));
  options["userName"] = sql::SQLString(config.user);
  options["password"] = sql::SQLString(config.password);
  options["OPT_CONNECT_TIMEOUT"] = Seconds(config.connect_timeout);
  options["OPT_READ_TIMEOUT"] = Seconds(config.read_timeout);
  options["OPT_WRITE_TIMEOUT"] = Seconds(config.read_timeout);
  options["OPT_RECONNECT"] = false;  // a silent reconnect would lose session state mid-transaction
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  if (!config.tls_ca_file.empty()) {
    options["sslCA"] = sql::SQLString(config.tls_ca_file);
    options["sslVerify"] = true;
    options["sslEnforce"] = true;
    if (!config.tls_cert_file.empty()) {
      options["sslCert"] = sql::SQLString(config.tls_cert_file);
      options["sslKey"] = sql::SQLString(config.tls_key_file);
    }
  }
  try {
    sql::mysql::MySQL_Driver* driver = sql::mysql::get_mysql_driver_instance();
    std::unique_ptr<sql::Connection> connection(driver->connect(options));
    std::unique_ptr<sql::Statement> statement(connection->createStatement());
    // Instants are stored in UTC; calendar periods are computed in Asia/Shanghai by the code.
    statement->execute("SET time_zone = '+00:00'");
    statement->execute(
        "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
        "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    if (!config.tls_ca_file.empty()) {
      // Asked for TLS, so never a plaintext connection, whatever the driver agreed to.
      std::unique_ptr<sql::ResultSet> cipher(
          statement->executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'"));
      if (!cipher->next() || cipher->getString(2).asStdString().empty()) {
        return absl::UnavailableError(absl::StrFormat(
            "connect to %s:%d: the database did not encrypt the connection (--db_tls_ca_file)",
            config.host, config.port));
      }
    }
    if (use_schema) connection->setSchema(sql::SQLString(config.schema));
    return connection;
  } catch (const sql::SQLException& e) {
    return StatusFromSqlException(
        e, absl::StrFormat("connect to %s:%d as %s", config.host, config.port, config.user));
  }
}

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<sql::Connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      connection_(std::move(other.connection_)),
      discard_(other.discard_),
      suspect_(other.suspect_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && connection_ != nullptr) {
    pool_->Return(std::move(connection_), discard_, suspect_);
  }
}

ConnectionPool::ConnectionPool(DbConfig config) : config_(std::move(config)) {}

ConnectionPool::~ConnectionPool() {
  for (Idle& idle : idle_) DetachStatementCache(idle.connection.get());
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(DbConfig config) {
  if (config.pool_size < 1) {
    return absl::InvalidArgumentError("database pool size must be at least 1");
  }
  // The driver's registry is an unguarded static: touch it once before threads use it.
  sql::mysql::get_mysql_driver_instance();
  if (absl::Status status = EnsureSchema(config); !status.ok()) return status;
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(std::move(config)));
  auto first = OpenConnection(pool->config_, /*use_schema=*/true);
  if (!first.ok()) return first.status();
  AttachStatementCache(first->get());
  absl::MutexLock lock(&pool->mu_);
  pool->idle_.push_back({std::move(*first), absl::InfinitePast()});
  pool->open_ = 1;
  return pool;
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  if (!answering_.load(std::memory_order_relaxed)) {
    return absl::UnavailableError(
        "the database does not answer the server's health check; retry shortly");
  }
  const absl::Time now = absl::Now();
  const absl::Time call_deadline = CallDeadline::Current();
  if (call_deadline <= now) {
    return absl::DeadlineExceededError("the call's deadline passed before the database was used");
  }
  std::unique_ptr<sql::Connection> connection;
  bool recently_used = false;
  {
    absl::MutexLock lock(&mu_);
    auto can_proceed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < config_.pool_size;
    };
    const absl::Time wait_until = std::min(now + config_.acquire_timeout, call_deadline);
    if (!mu_.AwaitWithDeadline(absl::Condition(&can_proceed), wait_until)) {
      if (wait_until == call_deadline) {
        return absl::DeadlineExceededError(
            absl::StrFormat("all %d database connections stayed busy until the call's deadline",
                            config_.pool_size));
      }
      return absl::UnavailableError(
          absl::StrFormat("all %d database connections are busy; retry later", config_.pool_size));
    }
    if (!idle_.empty()) {
      connection = std::move(idle_.back().connection);
      recently_used = absl::Now() - idle_.back().since < config_.ping_idle_after;
      idle_.pop_back();
    } else {
      ++open_;  // reserve the slot before connecting outside the lock
    }
  }
  if (connection != nullptr) {
    bool valid = recently_used;
    try {
      // A ping catches a server restarted since the connection's last use.
      if (!valid) valid = connection->isValid();
    } catch (const sql::SQLException&) {
      valid = false;
    }
    if (valid) return Lease(this, std::move(connection));
    DetachStatementCache(connection.get());
    connection.reset();  // dead: replace it, keeping its slot
  }
  auto fresh = OpenConnection(config_, /*use_schema=*/true);
  if (!fresh.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
    return fresh.status();
  }
  AttachStatementCache(fresh->get());
  return Lease(this, std::move(*fresh));
}

void ConnectionPool::Return(std::unique_ptr<sql::Connection> connection, bool discard,
                            bool suspect) {
  if (discard) {
    DetachStatementCache(connection.get());
    try {
      connection.reset();
    } catch (const sql::SQLException&) {
      // Closing a dead connection may throw; it is gone either way.
    }
    absl::MutexLock lock(&mu_);
    --open_;
    // One connection died: the server may have restarted under all of them.
    for (Idle& idle : idle_) idle.since = absl::InfinitePast();
    return;
  }
  absl::MutexLock lock(&mu_);
  idle_.push_back({std::move(connection), suspect ? absl::InfinitePast() : absl::Now()});
}

void ConnectionPool::SetAnswering(bool answering) {
  answering_.store(answering, std::memory_order_relaxed);
}

bool ConnectionPool::answering() const { return answering_.load(std::memory_order_relaxed); }

int ConnectionPool::open_connections() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

}  // namespace partygroup::db
