// The flags of a server that calls the org service (activity and assessment): where org listens
// and the file of this server's own SERVICE token. A library of its own, linked only into those
// servers, so that `partygroup-org --help` does not list them.
#pragma once

#include "common/server/runtime.h"

namespace partygroup::server {

// --org_address, the SERVICE token flags and the peer TLS flags into `config`.
void ReadPeerFlags(RuntimeConfig& config);

}  // namespace partygroup::server
