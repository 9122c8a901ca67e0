// Refused calls (UNAUTHENTICATED, PERMISSION_DENIED) in the audit trail, so that an attempt
// leaves a trace, within a budget so that a flood cannot fill the disk: at most so many rows a
// minute for one caller and for the server as a whole; what the budget leaves out is counted and
// recorded as one row per minute ("SUPPRESSED", the count as its target). Written by a thread of
// its own, a batch a second, never by the refused call itself.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/connection_pool.h"
#include "common/mutation/mutation.h"

namespace partygroup::server {

// The budget: how many refused calls a minute are recorded. Pure, for the recorder and tests.
class RefusalBudget final {
 public:
  RefusalBudget(int per_caller_per_minute, int per_minute)
      : per_caller_(per_caller_per_minute), per_minute_(per_minute) {}
  // Whether a refusal of `caller` at `now` is recorded; false counts it as suppressed.
  bool Admit(const std::string& caller, absl::Time now);
  // The refusals suppressed in minutes before `now`'s, taken (minute start → count).
  std::map<absl::Time, int64_t> TakeSuppressed(absl::Time now);

 private:
  void Roll(absl::Time now);

  const int per_caller_;
  const int per_minute_;
  absl::Time minute_ = absl::InfinitePast();
  int admitted_ = 0;
  absl::flat_hash_map<std::string, int> by_caller_;
  std::map<absl::Time, int64_t> suppressed_;
};

class RefusedCallRecorder final {
 public:
  RefusedCallRecorder(db::ConnectionPool& pool, RefusalBudget budget);
  ~RefusedCallRecorder();  // writes what is pending, then stops
  RefusedCallRecorder(const RefusedCallRecorder&) = delete;
  RefusedCallRecorder& operator=(const RefusedCallRecorder&) = delete;

  // `caller`: a verified subject, or the peer's address when no token verified.
  void Note(const std::string& caller, const std::string& role, const std::string& method,
            const std::string& outcome, absl::Time at);

 private:
  void Run();
  void Flush(absl::Time now);

  db::ConnectionPool& pool_;
  absl::Mutex mutex_;
  RefusalBudget budget_ ABSL_GUARDED_BY(mutex_);
  std::vector<mutation::AuditRow> pending_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread writer_;
};

}  // namespace partygroup::server
