// The assessment server's own flags: where the activity service listens, with the peer flags
// (common/server/peer_flags.h) for the org service.
#pragma once

#include "common/server/runtime.h"

namespace partygroup::assessment {

// For RunServer: --activity_address, --org_address and --service_token_file into `config`.
void ReadFlags(server::RuntimeConfig& config);

}  // namespace partygroup::assessment
