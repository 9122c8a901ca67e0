// partygroup-token: prints a signed bearer token, for administrators (grpcurl -H
// 'authorization: Bearer <token>') and for scripts.
//
//   partygroup-token --hs256_secret_file=var/secrets/jwt_hs256_secret --subject=admin --role=ADMIN
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/jwt.h"

ABSL_FLAG(std::string, subject, "", "The caller: an OA login or a service name (claim sub).");
ABSL_FLAG(std::string, role, "ADMIN",
          "ADMIN, UNIT_ADMIN, BRANCH_SECRETARY, GROUP_LEADER, MEMBER or SERVICE.");
ABSL_FLAG(int64_t, org_node, 0,
          "The org node id that scopes the role; 0 (whole committee) only for ADMIN and SERVICE.");
ABSL_FLAG(int64_t, member_id, 0, "The member the caller is; required for MEMBER.");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(12), "How long the token is valid.");
ABSL_FLAG(std::string, hs256_secret_file, "", "Sign HS256 with the secret in this file.");
ABSL_FLAG(std::string, rs256_private_key_file, "", "Sign RS256 with this PEM private key.");

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "partygroup-token: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::FlagsUsageConfig usage_config;
  usage_config.contains_help_flags = [](absl::string_view path) {
    return !absl::StrContains(path, "absl/");
  };
  absl::SetFlagsUsageConfig(usage_config);
  absl::SetProgramUsageMessage(
      "Prints a signed partygroup bearer token.\n"
      "Usage: partygroup-token --hs256_secret_file=FILE --subject=NAME --role=ROLE "
      "[--org_node=ID] [--ttl=12h]");
  absl::ParseCommandLine(argc, argv);

  partygroup::auth::Caller caller;
  caller.subject = absl::GetFlag(FLAGS_subject);
  if (caller.subject.empty()) return Fail("--subject is required");
  auto role = partygroup::auth::ParseRole(absl::GetFlag(FLAGS_role));
  if (!role.has_value()) return Fail("--role: unknown role " + absl::GetFlag(FLAGS_role));
  caller.role = *role;
  caller.org_node_id = absl::GetFlag(FLAGS_org_node);
  caller.member_id = absl::GetFlag(FLAGS_member_id);

  partygroup::auth::SigningKey key;
  const std::string hs_file = absl::GetFlag(FLAGS_hs256_secret_file);
  const std::string rs_file = absl::GetFlag(FLAGS_rs256_private_key_file);
  if (hs_file.empty() == rs_file.empty()) {
    return Fail("give exactly one of --hs256_secret_file and --rs256_private_key_file");
  }
  if (!hs_file.empty()) {
    if (!ReadFile(hs_file, &key.key)) return Fail("cannot read " + hs_file);
    key.key = std::string(absl::StripTrailingAsciiWhitespace(key.key));
    key.algorithm = partygroup::auth::SigningAlgorithm::kHs256;
  } else {
    if (!ReadFile(rs_file, &key.key)) return Fail("cannot read " + rs_file);
    key.algorithm = partygroup::auth::SigningAlgorithm::kRs256;
  }
  auto token = partygroup::auth::MintToken(caller, key, absl::Now(), absl::GetFlag(FLAGS_ttl));
  if (!token.ok()) return Fail(std::string(token.status().message()));
  std::printf("%s\n", token->c_str());
  return 0;
}
