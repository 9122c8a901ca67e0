#include "common/server/peer_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

ABSL_FLAG(std::string, org_address, "127.0.0.1:50051", "The org service (host:port).");
ABSL_FLAG(std::string, service_token_file, "",
          "File holding a SERVICE token an operator gives this server to call the other services "
          "with. Prefer --service_signing_key_file.");
ABSL_FLAG(
    std::string, service_signing_key_file, "",
    "File holding a signing key (the HS256 secret, or an RS256 private key in PEM) with which "
    "this server mints its own short-lived committee-wide SERVICE token, again before it "
    "expires.");
ABSL_FLAG(std::string, peer_ca_file, "",
          "PEM CA the peers' TLS certificates are checked against; empty: call them in plaintext.");
ABSL_FLAG(std::string, peer_cert_file, "",
          "PEM client certificate this server presents to its peers (mTLS), with --peer_key_file.");
ABSL_FLAG(std::string, peer_key_file, "", "PEM private key of --peer_cert_file.");
ABSL_FLAG(absl::Duration, service_token_ttl, absl::Minutes(15),
          "How long a token minted with --service_signing_key_file is valid.");

namespace partygroup::server {

void ReadPeerFlags(RuntimeConfig& config) {
  config.org_address = absl::GetFlag(FLAGS_org_address);
  if (!absl::GetFlag(FLAGS_peer_ca_file).empty()) {
    config.peer_ca_pem = ReadFileOrDie("peer_ca_file", absl::GetFlag(FLAGS_peer_ca_file));
  }
  if (!absl::GetFlag(FLAGS_peer_cert_file).empty()) {
    config.peer_cert_pem = ReadFileOrDie("peer_cert_file", absl::GetFlag(FLAGS_peer_cert_file));
  }
  if (!absl::GetFlag(FLAGS_peer_key_file).empty()) {
    config.peer_key_pem = ReadFileOrDie("peer_key_file", absl::GetFlag(FLAGS_peer_key_file));
  }
  if (!absl::GetFlag(FLAGS_service_signing_key_file).empty()) {
    const std::string key =
        ReadSecretOrDie("service_signing_key_file", absl::GetFlag(FLAGS_service_signing_key_file));
    config.service_token = auth::ServiceToken::Minted(
        {absl::StrCat("partygroup-", config.service_name), auth::Role::kService, 0},
        auth::SigningKeyFromFile(key), absl::GetFlag(FLAGS_service_token_ttl));
  } else if (!absl::GetFlag(FLAGS_service_token_file).empty()) {
    config.service_token = auth::ServiceToken::Fixed(
        ReadSecretOrDie("service_token_file", absl::GetFlag(FLAGS_service_token_file)));
  }
}

}  // namespace partygroup::server
