// The command-line flags every partygroup server takes. `<server> --help` lists them with the
// server's own (services/<name>/<name>_flags.cc) and, for a server that calls others, the peer
// flags (peer_flags.cc).
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "common/server/request_gate.h"
#include "common/server/runtime.h"

ABSL_FLAG(std::string, host, "0.0.0.0", "Address to listen on.");
ABSL_FLAG(int32_t, port, 0,
          "TCP port to listen on; 0 means the service's own port (org 50051, activity 50052, "
          "assessment 50053).");
ABSL_FLAG(std::string, db_host, "127.0.0.1", "MySQL/MariaDB server host.");
ABSL_FLAG(int32_t, db_port, 3306, "MySQL/MariaDB server port.");
ABSL_FLAG(std::string, db_user, "partygroup", "Database user.");
ABSL_FLAG(std::string, db_password, "",
          "Database password. Prefer --db_password_file: a flag shows in the process list.");
ABSL_FLAG(std::string, db_password_file, "", "File holding the database password.");
ABSL_FLAG(std::string, db_name, "",
          "The service's schema; empty means partygroup_<service>, for instance partygroup_org.");
ABSL_FLAG(bool, require_jti, false,
          "Refuse tokens without an identifier (jti), which --revoked_tokens_file cannot revoke.");
ABSL_FLAG(std::string, db_tls_ca_file, "",
          "TLS to the database: its certificate is checked against this CA, and a connection "
          "that is not encrypted is refused.");
ABSL_FLAG(std::string, db_tls_cert_file, "",
          "With --db_tls_ca_file: the client certificate presented to the database.");
ABSL_FLAG(std::string, db_tls_key_file, "", "Its key.");
ABSL_FLAG(std::vector<std::string>, db_grant_to, {},
          "Accounts (user@host, comma-separated) the service runs as, granted by this run's "
          "--db_user, the schema's owner: the rows of the schema's tables, the audit trail "
          "append-only, no DDL. Use with --migrate_only.");
ABSL_FLAG(bool, migrate_only, false,
          "Apply the schema's migrations (and --db_grant_to), then exit without serving.");
ABSL_FLAG(int32_t, db_pool_size, 8, "Database connections the server keeps at most.");
ABSL_FLAG(absl::Duration, db_wait, absl::Seconds(30),
          "How long start-up waits for the database to answer.");
ABSL_FLAG(std::string, jwt_hs256_secret_file, "",
          "File holding the HS256 secret (at least 32 bytes) shared with the token issuer.");
ABSL_FLAG(std::string, jwt_rs256_public_key_file, "",
          "PEM file with the RSA public key that verifies RS256 tokens.");
ABSL_FLAG(std::string, revoked_tokens_file, "",
          "File of revoked token identifiers (jti), one a line; read again within a second of a "
          "change. Empty: none.");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM certificate chain; with --tls_key_file, serve TLS.");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file.");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA: with TLS, every caller must present a certificate it signed (mTLS).");
ABSL_FLAG(int32_t, max_calls_per_caller, 64,
          "Unary calls one caller (token subject) may have in flight; more are refused with "
          "RESOURCE_EXHAUSTED. 0: no limit.");
ABSL_FLAG(int32_t, max_streams_per_caller, 16,
          "Streams (WatchEvents, StreamPeriod, imports, ...) one caller may have open; more are "
          "refused with RESOURCE_EXHAUSTED. 0: no limit.");
ABSL_FLAG(std::vector<std::string>, unbounded_callers,
          std::vector<std::string>({"partygroup-activity", "partygroup-assessment"}),
          "Token subjects outside --max_calls_per_caller and --max_streams_per_caller: the "
          "suite's own servers calling their peers for all their callers.");
ABSL_FLAG(int32_t, max_threads, 128,
          "Upper bound on the server's worker threads; calls beyond it are refused "
          "(RESOURCE_EXHAUSTED).");
ABSL_FLAG(absl::Duration, health_check_interval, absl::Seconds(2),
          "How often the database is pinged for the health status.");
ABSL_FLAG(absl::Duration, health_check_timeout, absl::Seconds(2),
          "How long the health check waits for the database to answer; past it the server is "
          "NOT_SERVING and calls that need the database are refused with UNAVAILABLE.");
ABSL_FLAG(absl::Duration, db_statement_timeout, absl::Seconds(20),
          "The longest one statement may wait on the database (the connection's read and write "
          "timeout), for calls whose caller set no shorter deadline; past it the call is "
          "UNAVAILABLE and its transaction rolled back.");
ABSL_FLAG(std::string, time_zone, "Asia/Shanghai",
          "The time zone in which the regulation's months and years are counted.");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGTERM/SIGINT, how long in-flight calls may take to finish.");

namespace partygroup::server {

std::string ReadFileOrDie(const std::string& flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "--%s: cannot read %s\n", flag.c_str(), path.c_str());
    std::exit(2);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string ReadSecretOrDie(const std::string& flag, const std::string& path) {
  return std::string(absl::StripTrailingAsciiWhitespace(ReadFileOrDie(flag, path)));
}

void InitProcess(int argc, char** argv, const ServiceDefinition& definition) {
  absl::FlagsUsageConfig usage_config;
  // By default --help shows only flags defined in a file named after the binary; ours live in
  // common/server/flags.cc, so show every flag but Abseil's own.
  usage_config.contains_help_flags = [](absl::string_view path) {
    return !absl::StrContains(path, "absl/");
  };
  usage_config.contains_helpshort_flags = usage_config.contains_help_flags;
  absl::SetFlagsUsageConfig(usage_config);
  absl::SetProgramUsageMessage(
      absl::StrCat("partygroup ", definition.name, " server (", definition.grpc_service,
                   "), default port ", definition.default_port, ".\nUsage: ", argv[0], " [flags]"));
  absl::ParseCommandLine(argc, argv);

  // Debian builds Abseil without NDEBUG, which turns on the Mutex deadlock detector: every lock
  // of every absl::Mutex (gRPC's own among them) then updates a lock graph. A server does not
  // pay for that; the tests, which do not start here, keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // A request that does not parse is answered and logged by the server's gate; protobuf's own
  // line for it goes to the debug log (request_gate.h). Before any thread: not thread-safe.
  QuietProtobufParseErrors();

  // Blocked in every thread created from here on; ServeUntilSignalled waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

RuntimeConfig ConfigFromFlags(const ServiceDefinition& definition,
                              ServiceFlags read_service_flags) {
  RuntimeConfig config;
  config.service_name = definition.name;
  config.host = absl::GetFlag(FLAGS_host);
  config.port =
      absl::GetFlag(FLAGS_port) != 0 ? absl::GetFlag(FLAGS_port) : definition.default_port;
  config.db.host = absl::GetFlag(FLAGS_db_host);
  config.db.port = absl::GetFlag(FLAGS_db_port);
  config.db.user = absl::GetFlag(FLAGS_db_user);
  config.db.password = absl::GetFlag(FLAGS_db_password);
  if (!absl::GetFlag(FLAGS_db_password_file).empty()) {
    config.db.password = ReadSecretOrDie("db_password_file", absl::GetFlag(FLAGS_db_password_file));
  }
  config.db.schema = absl::GetFlag(FLAGS_db_name).empty()
                         ? absl::StrCat("partygroup_", definition.name)
                         : absl::GetFlag(FLAGS_db_name);
  config.db.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  config.db.tls_ca_file = absl::GetFlag(FLAGS_db_tls_ca_file);
  config.db.tls_cert_file = absl::GetFlag(FLAGS_db_tls_cert_file);
  config.db.tls_key_file = absl::GetFlag(FLAGS_db_tls_key_file);
  config.db_grant_to = absl::GetFlag(FLAGS_db_grant_to);
  config.migrate_only = absl::GetFlag(FLAGS_migrate_only);
  config.db_wait = absl::GetFlag(FLAGS_db_wait);
  if (!absl::GetFlag(FLAGS_jwt_hs256_secret_file).empty()) {
    config.jwt.hs256_secret =
        ReadSecretOrDie("jwt_hs256_secret_file", absl::GetFlag(FLAGS_jwt_hs256_secret_file));
  }
  if (!absl::GetFlag(FLAGS_jwt_rs256_public_key_file).empty()) {
    config.jwt.rs256_public_key_pem =
        ReadFileOrDie("jwt_rs256_public_key_file", absl::GetFlag(FLAGS_jwt_rs256_public_key_file));
  }
  config.revoked_tokens_file = absl::GetFlag(FLAGS_revoked_tokens_file);
  config.jwt.require_token_id = absl::GetFlag(FLAGS_require_jti);
  if (!absl::GetFlag(FLAGS_tls_cert_file).empty()) {
    config.tls_cert_pem = ReadFileOrDie("tls_cert_file", absl::GetFlag(FLAGS_tls_cert_file));
  }
  if (!absl::GetFlag(FLAGS_tls_key_file).empty()) {
    config.tls_key_pem = ReadFileOrDie("tls_key_file", absl::GetFlag(FLAGS_tls_key_file));
  }
  if (!absl::GetFlag(FLAGS_tls_client_ca_file).empty()) {
    config.tls_client_ca_pem =
        ReadFileOrDie("tls_client_ca_file", absl::GetFlag(FLAGS_tls_client_ca_file));
  }
  config.max_threads = absl::GetFlag(FLAGS_max_threads);
  config.max_calls_per_caller = absl::GetFlag(FLAGS_max_calls_per_caller);
  config.max_streams_per_caller = absl::GetFlag(FLAGS_max_streams_per_caller);
  config.unbounded_callers = absl::GetFlag(FLAGS_unbounded_callers);
  config.health_check_interval = absl::GetFlag(FLAGS_health_check_interval);
  config.health_check_timeout = absl::GetFlag(FLAGS_health_check_timeout);
  config.db.read_timeout = absl::GetFlag(FLAGS_db_statement_timeout);
  config.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  if (!absl::LoadTimeZone(absl::GetFlag(FLAGS_time_zone), &config.time_zone)) {
    std::fprintf(stderr, "--time_zone: unknown time zone %s (is tzdata installed?)\n",
                 absl::GetFlag(FLAGS_time_zone).c_str());
    std::exit(2);
  }
  if (read_service_flags != nullptr) read_service_flags(config);
  return config;
}

}  // namespace partygroup::server
