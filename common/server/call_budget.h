// How many calls one caller may have in flight on a server, so that one token (a runaway OA
// job, a stolen token) cannot take every worker thread or database connection from the others:
// unary calls and streams are counted apart, per token subject. Past its budget a call is
// refused at once with RESOURCE_EXHAUSTED naming the limit.
#pragma once

#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace partygroup::server {

enum class CallKind { kUnary, kStream };

class CallBudget;

// A call admitted within its caller's budget; its place is given back when the slot goes.
class CallSlot {
 public:
  CallSlot() = default;
  CallSlot(CallSlot&& other) noexcept { *this = std::move(other); }
  CallSlot& operator=(CallSlot&& other) noexcept;
  CallSlot(const CallSlot&) = delete;
  CallSlot& operator=(const CallSlot&) = delete;
  ~CallSlot() { Release(); }

 private:
  friend class CallBudget;
  CallSlot(CallBudget* budget, std::string subject, CallKind kind)
      : budget_(budget), subject_(std::move(subject)), kind_(kind) {}
  void Release();

  CallBudget* budget_ = nullptr;
  std::string subject_;
  CallKind kind_ = CallKind::kUnary;
};

class CallBudget {
 public:
  // Limits of 0 admit every call. The callers in `unbounded` are admitted whatever they have in
  // flight: the suite's own servers calling their peers (partygroup-activity asking org for
  // every call of its own callers), whose calls each of their own callers' budgets bounds.
  CallBudget(int max_calls, int max_streams, absl::flat_hash_set<std::string> unbounded = {})
      : max_calls_(max_calls), max_streams_(max_streams), unbounded_(std::move(unbounded)) {}

  absl::StatusOr<CallSlot> Admit(const std::string& subject, CallKind kind);

 private:
  friend class CallSlot;
  struct InFlight {
    int calls = 0;
    int streams = 0;
  };
  void Release(const std::string& subject, CallKind kind);

  const int max_calls_;
  const int max_streams_;
  const absl::flat_hash_set<std::string> unbounded_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, InFlight> in_flight_ ABSL_GUARDED_BY(mu_);
};

}  // namespace partygroup::server
