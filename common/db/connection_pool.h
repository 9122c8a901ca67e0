// A bounded pool of MySQL connections (Connector/C++ 1.1) shared by a server's worker threads.
//
//   ASSIGN_OR_RETURN(auto pool, ConnectionPool::Create(config));
//   ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool->Acquire());
//   lease->createStatement()->execute("SELECT 1");
//
// At most `pool_size` connections are open; Acquire() waits up to `acquire_timeout` for one to
// come back and then answers UNAVAILABLE. A connection idle for `ping_idle_after` or longer is
// validated first (a ping), so after the database restarts the pool heals by itself: dead
// connections are dropped and new ones opened; one used a moment ago is lent as it is (a call
// that finds it dead answers UNAVAILABLE and it is replaced). A connection is used by one
// thread at a time, never shared.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/db_config.h"

namespace sql {
class Connection;
}

namespace partygroup::db {

// Opens one connection with the session settings every partygroup connection has (utf8mb4,
// UTC, strict SQL mode). With `use_schema`, it also selects config.schema.
// Errors: UNAVAILABLE when the server cannot be reached, INTERNAL when it refuses the login.
absl::StatusOr<std::unique_ptr<sql::Connection>> OpenConnection(const DbConfig& config,
                                                                bool use_schema);

class ConnectionPool final {
 public:
  // A connection on loan; goes back to the pool when destroyed.
  class Lease final {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    sql::Connection& operator*() const { return *connection_; }
    sql::Connection* operator->() const { return connection_.get(); }
    // The connection is broken or in an unknown state: close it instead of returning it.
    void Discard() { discard_ = true; }
    // Something failed on it: ping it before it is lent again, however soon.
    void Suspect() { suspect_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<sql::Connection> connection);

    ConnectionPool* pool_;
    std::unique_ptr<sql::Connection> connection_;
    bool discard_ = false;
    bool suspect_ = false;
  };

  // Creates the schema when it does not exist yet, then opens one connection to prove the
  // configuration works. Errors as OpenConnection.
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Create(DbConfig config);

  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A validated connection. UNAVAILABLE when none is free within acquire_timeout, the
  // database cannot be reached, or the health check found it not answering (SetAnswering);
  // DEADLINE_EXCEEDED when the current call's deadline (CallDeadline) passes first.
  absl::StatusOr<Lease> Acquire();

  // What the server's health check last found: while the database does not answer, Acquire
  // refuses at once with UNAVAILABLE instead of lending a connection that would hang.
  void SetAnswering(bool answering);
  bool answering() const;

  const DbConfig& config() const { return config_; }
  // Connections currently open (idle or on loan); for tests and metrics.
  int open_connections() const;

 private:
  explicit ConnectionPool(DbConfig config);
  void Return(std::unique_ptr<sql::Connection> connection, bool discard, bool suspect);

  const DbConfig config_;
  mutable absl::Mutex mu_;
  struct Idle {
    std::unique_ptr<sql::Connection> connection;
    absl::Time since;  // when it came back
  };
  std::vector<Idle> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<bool> answering_{true};
};

}  // namespace partygroup::db
