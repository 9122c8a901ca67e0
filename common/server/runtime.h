// The runtime every partygroup server shares: database pool and migrations, token verification,
// health, reflection, the call log, optional TLS and graceful shutdown.
//
// A server's main.cc is RunServer<ServiceImpl>(argc, argv, definition) (below): flags, --help
// and signals (InitProcess), the database and migrations (Runtime::Create), then serving until
// SIGTERM or SIGINT.
//
// Tests use Runtime::Create with an explicit RuntimeConfig and Start() on port 0.
#pragma once

#include <grpcpp/server.h>
#include <grpcpp/server_context.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/auth/service_token.h"
#include "common/db/call_deadline.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "common/server/authenticator.h"
#include "common/server/call_budget.h"
#include "common/server/health_service.h"
#include "common/server/refused_calls.h"
#include "common/server/request_gate.h"
#include "partygroup/common/v1/common.pb.h"

namespace partygroup::server {

// What distinguishes one partygroup server from another.
struct ServiceDefinition {
  std::string name;          // "org": default schema partygroup_org, log name
  std::string grpc_service;  // "partygroup.org.v1.OrgService": its health status name
  int default_port;          // 50051
  const std::vector<db::Migration>* migrations;
};

struct RuntimeConfig {
  std::string service_name;  // the definition's name, "activity"
  std::string host = "0.0.0.0";
  int port = 0;  // 0: an ephemeral port (tests); the flags give the service's default instead
  db::DbConfig db;
  absl::Duration db_wait = absl::Seconds(30);  // how long start-up waits for the database
  // Run by the schema's owner: after the migrations, these accounts ("user@host") are granted
  // the rows of the schema's tables, the audit trail append-only (common/db/grants.h).
  std::vector<std::string> db_grant_to;
  // Apply the migrations (and grants), then exit without serving (RunServer).
  bool migrate_only = false;
  auth::JwtKeys jwt;
  // A file of revoked token identifiers (auth::RevocationList); empty: none is read.
  std::string revoked_tokens_file;
  std::string tls_cert_pem;  // both set: TLS; both empty: plaintext
  std::string tls_key_pem;
  // With TLS: callers must present a certificate this CA signed (mTLS); empty: none is asked.
  std::string tls_client_ca_pem;
  int max_threads = 128;
  // Calls and streams one caller (token subject) may have in flight (call_budget.h); 0: no limit.
  int max_calls_per_caller = 64;
  int max_streams_per_caller = 16;
  // Callers outside those budgets: the suite's own servers, which call their peers for all of
  // their callers at once (the subjects of the tokens they mint, peer_flags.cc).
  std::vector<std::string> unbounded_callers = {"partygroup-activity", "partygroup-assessment"};
  absl::Duration health_check_interval = absl::Seconds(2);
  // How long the health check's ping may take before the database counts as not answering.
  absl::Duration health_check_timeout = absl::Seconds(2);
  absl::Duration shutdown_grace = absl::Seconds(10);
  // activity (services/activity/activity_flags.cc): the period of the overdue sweep; zero turns
  // it off.
  absl::Duration overdue_sweep_interval = absl::Minutes(1);
  // activity: groups per database read of StreamPeriod.
  int period_batch_groups = 500;
  // The other services this one calls, and the SERVICE token it calls them with (peer_flags.h;
  // activity_address: services/assessment/assessment_flags.cc).
  std::string org_address = "127.0.0.1:50051";
  std::string activity_address = "127.0.0.1:50052";
  auth::ServiceToken service_token;
  // TLS to the peers (peer_flags.h): the CA their certificates are checked against (empty:
  // plaintext), and the client certificate and key this server presents (mTLS; may be empty).
  std::string peer_ca_pem;
  std::string peer_cert_pem;
  std::string peer_key_pem;
  // The calendar the regulation's months and years are counted in.
  absl::TimeZone time_zone = absl::FixedTimeZone(8 * 3600);  // Asia/Shanghai has no DST
};

// Parses the flags (see flags.cc), makes --help list them, and blocks SIGTERM/SIGINT in every
// thread so that ServeUntilSignalled receives them. Call first in main, before any thread starts.
void InitProcess(int argc, char** argv, const ServiceDefinition& definition);

// Reads a server's own flags (defined in its folder) into the configuration.
using ServiceFlags = void (*)(RuntimeConfig& config);

// The configuration the flags describe, the server's own read by `read_service_flags`. Exits with
// a message when a file flag cannot be read.
RuntimeConfig ConfigFromFlags(const ServiceDefinition& definition,
                              ServiceFlags read_service_flags = nullptr);

// The contents of the file a flag names (a certificate, a key), as they are. Exits with a message
// naming the flag when it cannot be read.
std::string ReadFileOrDie(const std::string& flag, const std::string& path);
// The same without the trailing newline a secret's file usually has.
std::string ReadSecretOrDie(const std::string& flag, const std::string& path);

class AuditServiceImpl;
class ReflectionService;

// A call whose token verified and which its caller's budget admitted; hold it for the whole call.
// The call's deadline bounds the database work done for it (db::CallDeadline) while it is held.
struct AdmittedCall {
  auth::Caller caller;
  CallSlot slot;
  std::unique_ptr<db::CallDeadline> deadline;
};

class Runtime final {
 public:
  // Waits up to config.db_wait for the database, applies the service's migrations and prepares
  // token verification. FAILED_PRECONDITION when a migration fails, INVALID_ARGUMENT for a bad
  // configuration, UNAVAILABLE when the database never answered.
  static absl::StatusOr<std::unique_ptr<Runtime>> Create(ServiceDefinition definition,
                                                         RuntimeConfig config);
  ~Runtime();

  db::ConnectionPool& pool() { return *pool_; }
  const Authenticator& authenticator() const { return authenticator_; }
  // Authenticates the call, then admits it within its caller's budget of calls (or streams) in
  // flight: UNAUTHENTICATED, or RESOURCE_EXHAUSTED naming the limit.
  absl::StatusOr<AdmittedCall> Admit(const grpc::ServerContext& context, CallKind kind) const;
  // Admit, then the one validation layer (Validate) on the call's request.
  absl::StatusOr<AdmittedCall> Admit(const grpc::ServerContext& context, CallKind kind,
                                     const google::protobuf::Message& request) const;
  // proto::ValidateRequest: INVALID_ARGUMENT naming the field. A
  // client stream's handler calls it on every message it reads.
  absl::Status Validate(const google::protobuf::Message& request) const;
  const ServiceDefinition& definition() const { return definition_; }
  int64_t schema_version() const { return schema_version_; }
  absl::TimeZone time_zone() const { return config_.time_zone; }
  const RuntimeConfig& config() const { return config_; }

  // Fills the answer to GetServiceInfo for `caller`.
  void DescribeService(const auth::Caller& caller, partygroup::common::v1::ServiceInfo* info) const;
  // GetServiceInfo, as every service answers it: authenticate, then describe.
  grpc::Status AnswerServiceInfo(const grpc::ServerContext& context,
                                 partygroup::common::v1::ServiceInfo* info) const;

  // Builds and starts the server with `services` plus health, reflection and the audit trail
  // (partygroup.audit.v1.AuditService), and starts the
  // health checker. Returns the bound port. Not thread-safe; call once.
  absl::StatusOr<int> Start(const std::vector<grpc::Service*>& services);
  // Marks the server NOT_SERVING, lets in-flight calls finish for up to shutdown_grace, then
  // cancels what remains. Safe to call more than once.
  void Shutdown();
  // Start(), then block until SIGTERM or SIGINT, then Shutdown(). Returns the process exit code.
  int ServeUntilSignalled(const std::vector<grpc::Service*>& services);

  HealthService& health() { return health_; }
  // True once Shutdown() began: long-lived streams end so that shutdown does not wait for them.
  bool shutting_down() const { return shut_down_.load(); }

 private:
  Runtime(ServiceDefinition definition, RuntimeConfig config,
          std::unique_ptr<db::ConnectionPool> pool, Authenticator authenticator,
          int64_t schema_version);
  void RunHealthChecker();

  const ServiceDefinition definition_;
  const RuntimeConfig config_;
  std::unique_ptr<db::ConnectionPool> pool_;
  const Authenticator authenticator_;
  // Refused calls into the audit trail: 30 rows a minute for one caller, 300 for the server.
  std::unique_ptr<RefusedCallRecorder> refused_;
  std::unique_ptr<CallBudget> budget_;
  const int64_t schema_version_;
  HealthService health_;
  // The audit trail through gRPC, served beside every service (audit_service.h).
  std::unique_ptr<AuditServiceImpl> audit_service_;
  std::unique_ptr<ReflectionService> reflection_;
  // The registered fronts of the services (request_gate.h): they outlive the server.
  MalformedRequestLog malformed_requests_;
  std::vector<std::unique_ptr<RequestGate>> gates_;
  std::unique_ptr<grpc::Server> server_;
  std::thread health_checker_;
  absl::Notification stop_health_checker_;
  std::atomic<bool> shut_down_{false};
};

// The whole main() of a server whose service class is constructed from the Runtime:
//   int main(int argc, char** argv) {
//     return partygroup::server::RunServer<OrgServiceImpl>(argc, argv, org::Definition());
//   }
// A server with flags of its own passes the function that reads them (activity::ReadFlags).
template <typename ServiceImpl>
int RunServer(int argc, char** argv, const ServiceDefinition& definition,
              ServiceFlags read_service_flags = nullptr) {
  InitProcess(argc, argv, definition);
  absl::StatusOr<std::unique_ptr<Runtime>> runtime =
      Runtime::Create(definition, ConfigFromFlags(definition, read_service_flags));
  if (!runtime.ok()) {
    std::fprintf(stderr, "partygroup-%s: start-up refused: %s\n", definition.name.c_str(),
                 runtime.status().ToString().c_str());
    return 1;
  }
  if ((*runtime)->config().migrate_only) {
    std::printf("partygroup-%s: schema %s at migration %lld\n", definition.name.c_str(),
                (*runtime)->config().db.schema.c_str(),
                static_cast<long long>((*runtime)->schema_version()));
    return 0;
  }
  ServiceImpl service(**runtime);
  return (*runtime)->ServeUntilSignalled({&service});
}

}  // namespace partygroup::server
