#include "common/server/call_budget.h"

#include "absl/strings/str_cat.h"
#include "common/status/error_reason.h"

namespace partygroup::server {

CallSlot& CallSlot::operator=(CallSlot&& other) noexcept {
  if (this != &other) {
    Release();
    budget_ = std::exchange(other.budget_, nullptr);
    subject_ = std::move(other.subject_);
    kind_ = other.kind_;
  }
  return *this;
}

void CallSlot::Release() {
  if (budget_ != nullptr) std::exchange(budget_, nullptr)->Release(subject_, kind_);
}

absl::StatusOr<CallSlot> CallBudget::Admit(const std::string& subject, CallKind kind) {
  const bool stream = kind == CallKind::kStream;
  const int limit = stream ? max_streams_ : max_calls_;
  if (limit <= 0 || unbounded_.contains(subject)) return CallSlot();
  absl::MutexLock lock(&mu_);
  InFlight& in_flight = in_flight_[subject];
  int& count = stream ? in_flight.streams : in_flight.calls;
  if (count >= limit) {
    return status::WithReason(
        absl::ResourceExhaustedError(
            absl::StrCat("caller ", subject, " has ", count, stream ? " streams" : " calls",
                         " in flight, the most one caller may have on this server (",
                         stream ? "--max_streams_per_caller" : "--max_calls_per_caller",
                         "); retry when one ends")),
        "CALLER_BUDGET_EXHAUSTED");
  }
  ++count;
  return CallSlot(this, subject, kind);
}

void CallBudget::Release(const std::string& subject, CallKind kind) {
  absl::MutexLock lock(&mu_);
  auto it = in_flight_.find(subject);
  if (it == in_flight_.end()) return;
  --(kind == CallKind::kStream ? it->second.streams : it->second.calls);
  if (it->second.calls == 0 && it->second.streams == 0) in_flight_.erase(it);
}

}  // namespace partygroup::server
