#include "common/server/peer_flags.h"

#include <string>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, org_address, "127.0.0.1:50051", "The org service (host:port).");
ABSL_FLAG(std::string, service_token_file, "",
          "File holding this server's own SERVICE token, with which it calls the other services.");

namespace partygroup::server {

void ReadPeerFlags(RuntimeConfig& config) {
  config.org_address = absl::GetFlag(FLAGS_org_address);
  if (!absl::GetFlag(FLAGS_service_token_file).empty()) {
    config.service_token =
        ReadSecretOrDie("service_token_file", absl::GetFlag(FLAGS_service_token_file));
  }
}

}  // namespace partygroup::server
