// The background sweep that turns deadlines passed into events (OverdueItems::AnnounceOverdue),
// every `interval` while the server runs. Errors are logged and the next sweep tries again: an
// item stays unannounced until a sweep commits its event.
#pragma once

#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/activity/overdue_items.h"

namespace partygroup::activity {

class OverdueSweeper final {
 public:
  // A zero interval starts nothing.
  OverdueSweeper(OverdueItems& items, absl::Duration interval);
  ~OverdueSweeper();  // stops the sweep and waits for it
  OverdueSweeper(const OverdueSweeper&) = delete;
  OverdueSweeper& operator=(const OverdueSweeper&) = delete;

 private:
  void Run();

  OverdueItems& items_;
  const absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace partygroup::activity
