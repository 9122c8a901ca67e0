#include "services/assessment/assessment_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "common/server/peer_flags.h"

ABSL_FLAG(std::string, activity_address, "127.0.0.1:50052", "The activity service (host:port).");

namespace partygroup::assessment {

void ReadFlags(server::RuntimeConfig& config) {
  server::ReadPeerFlags(config);
  config.activity_address = absl::GetFlag(FLAGS_activity_address);
}

}  // namespace partygroup::assessment
