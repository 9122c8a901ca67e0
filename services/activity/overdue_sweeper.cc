#include "services/activity/overdue_sweeper.h"

#include <spdlog/spdlog.h>

#include "absl/time/clock.h"

namespace partygroup::activity {

OverdueSweeper::OverdueSweeper(OverdueItems& items, absl::Duration interval)
    : items_(items), interval_(interval) {
  if (interval_ > absl::ZeroDuration()) thread_ = std::thread([this] { Run(); });
}

OverdueSweeper::~OverdueSweeper() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void OverdueSweeper::Run() {
  while (!stop_.WaitForNotificationWithTimeout(interval_)) {
    absl::StatusOr<int> announced = items_.AnnounceOverdue(absl::Now());
    if (!announced.ok()) {
      spdlog::warn("overdue sweep failed, next try in {}: {}", absl::FormatDuration(interval_),
                   announced.status().ToString());
    } else if (*announced > 0) {
      spdlog::info("overdue sweep announced {} item(s)", *announced);
    }
  }
}

}  // namespace partygroup::activity
