#include "tests/support/test_server.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/jwt.h"
#include "tests/support/test_db.h"

namespace partygroup::testing {

server::RuntimeConfig TestRuntimeConfig() {
  server::RuntimeConfig config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.db = TestDbConfig();
  config.db_wait = absl::Seconds(5);
  config.jwt.hs256_secret = kTestJwtSecret;
  config.max_threads = 16;
  config.health_check_interval = absl::Milliseconds(100);
  config.shutdown_grace = absl::Seconds(5);
  return config;
}

std::string TokenFor(const auth::Caller& caller) {
  auto token = auth::MintToken(caller, {auth::SigningAlgorithm::kHs256, kTestJwtSecret},
                               absl::Now(), absl::Hours(1));
  return token.ok() ? *token : "";
}

std::string AdminToken() { return TokenFor({"test-admin", auth::Role::kAdmin, 0}); }

std::shared_ptr<grpc::Channel> LocalChannel(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
}

}  // namespace partygroup::testing
