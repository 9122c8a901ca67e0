// The deadline of the call the current thread serves, so that the database work done for it
// ends when its caller gives up. The server sets it for each call (server::Runtime::Admit, from
// the gRPC deadline); the pool waits for a connection no longer than it, and RunInTransaction
// rolls back instead of committing once it has passed, so nothing a caller gave up on is
// written after its answer. A call without a deadline has an infinite one; every statement is
// still bounded by the pool's read timeout (DbConfig::read_timeout, --db_statement_timeout).
#pragma once

#include "absl/time/time.h"

namespace partygroup::db {

class CallDeadline final {
 public:
  // Sets the current thread's deadline for the scope's lifetime; a nested scope can only
  // shorten it.
  explicit CallDeadline(absl::Time deadline);
  ~CallDeadline();
  CallDeadline(const CallDeadline&) = delete;
  CallDeadline& operator=(const CallDeadline&) = delete;

  // The deadline of the call this thread serves; absl::InfiniteFuture() outside a call.
  static absl::Time Current();

 private:
  absl::Time previous_;
};

}  // namespace partygroup::db
