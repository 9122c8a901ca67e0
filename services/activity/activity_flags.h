// The activity server's own flags: the overdue sweep and the period read model's batches, with
// the peer flags (common/server/peer_flags.h) for the org service it asks.
#pragma once

#include "common/server/runtime.h"

namespace partygroup::activity {

// For RunServer: --overdue_sweep_interval, --period_batch_groups, --org_address and
// --service_token_file into `config`.
void ReadFlags(server::RuntimeConfig& config);

}  // namespace partygroup::activity
