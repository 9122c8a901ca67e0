#include "services/activity/activity_flags.h"

#include <algorithm>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "common/server/peer_flags.h"

ABSL_FLAG(absl::Duration, overdue_sweep_interval, absl::Minutes(1),
          "How often tasks, rectification items and evaluation campaigns past their deadline are "
          "looked for and announced as events (0: never).");
ABSL_FLAG(int32_t, period_batch_groups, 500,
          "Groups read from the database at a time for StreamPeriod (three such reads are in "
          "flight; more groups, fewer round trips and more memory).");

namespace partygroup::activity {

void ReadFlags(server::RuntimeConfig& config) {
  server::ReadPeerFlags(config);
  config.overdue_sweep_interval = absl::GetFlag(FLAGS_overdue_sweep_interval);
  config.period_batch_groups = std::max(1, absl::GetFlag(FLAGS_period_batch_groups));
}

}  // namespace partygroup::activity
