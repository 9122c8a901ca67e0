#include "common/server/refused_calls.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "absl/time/clock.h"

namespace partygroup::server {
namespace {

absl::Time MinuteOf(absl::Time t) {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(t) / 60 * 60);
}

}  // namespace

void RefusalBudget::Roll(absl::Time now) {
  const absl::Time minute = MinuteOf(now);
  if (minute == minute_) return;
  minute_ = minute;
  admitted_ = 0;
  by_caller_.clear();
}

bool RefusalBudget::Admit(const std::string& caller, absl::Time now) {
  Roll(now);
  // The server's budget first, so that a flood of distinct callers adds nothing to remember.
  if (admitted_ >= per_minute_) {
    ++suppressed_[minute_];
    return false;
  }
  int& mine = by_caller_[caller];
  if (mine >= per_caller_) {
    ++suppressed_[minute_];
    return false;
  }
  ++mine;
  ++admitted_;
  return true;
}

std::map<absl::Time, int64_t> RefusalBudget::TakeSuppressed(absl::Time now) {
  const absl::Time minute = MinuteOf(now);
  std::map<absl::Time, int64_t> taken;
  for (auto it = suppressed_.begin(); it != suppressed_.end() && it->first < minute;) {
    taken.insert(*it);
    it = suppressed_.erase(it);
  }
  return taken;
}

RefusedCallRecorder::RefusedCallRecorder(db::ConnectionPool& pool, RefusalBudget budget)
    : pool_(pool), budget_(std::move(budget)), writer_([this] { Run(); }) {}

RefusedCallRecorder::~RefusedCallRecorder() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  writer_.join();
}

void RefusedCallRecorder::Note(const std::string& caller, const std::string& role,
                               const std::string& method, const std::string& outcome,
                               absl::Time at) {
  absl::MutexLock lock(&mutex_);
  if (!budget_.Admit(caller, at)) return;
  pending_.push_back({at, caller, role, method, "refused_call", 0, "", outcome});
}

void RefusedCallRecorder::Run() {
  for (bool stopping = false; !stopping;) {
    {
      absl::MutexLock lock(&mutex_);
      mutex_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(1));
      stopping = stopping_;
    }
    // On stopping, the minute under way counts as ended: its suppressed refusals are written.
    Flush(stopping ? absl::InfiniteFuture() : absl::Now());
  }
}

void RefusedCallRecorder::Flush(absl::Time now) {
  std::vector<mutation::AuditRow> rows;
  {
    absl::MutexLock lock(&mutex_);
    rows.swap(pending_);
    for (const auto& [minute, count] : budget_.TakeSuppressed(now)) {
      rows.push_back({minute, "-", "", "(refused calls over the budget)", "suppressed", count, "",
                      "SUPPRESSED"});
    }
  }
  if (rows.empty()) return;
  if (absl::Status written = mutation::RecordAuditRows(pool_, rows); !written.ok()) {
    spdlog::warn("{} refused call(s) not written to the audit trail: {}", rows.size(),
                 written.ToString());
  }
}

}  // namespace partygroup::server
