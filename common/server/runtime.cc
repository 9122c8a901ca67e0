#include "common/server/runtime.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/grants.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/proto/request_validation.h"
#include "common/server/audit_service.h"
#include "common/server/call_log.h"
#include "common/server/grpc_status.h"
#include "common/server/reflection_service.h"
#include "common/status/status_macros.h"

#ifndef PARTYGROUP_VERSION
#define PARTYGROUP_VERSION "dev"
#endif

namespace partygroup::server {
namespace {

using grpc::health::v1::HealthCheckResponse;

// Requests are bounded: the largest legitimate one is a bulk import of an OA directory.
constexpr int kMaxRequestBytes = 16 * 1024 * 1024;

absl::StatusOr<std::unique_ptr<db::ConnectionPool>> WaitForDatabase(const RuntimeConfig& config) {
  const absl::Time give_up = absl::Now() + config.db_wait;
  bool reported = false;
  while (true) {
    auto pool = db::ConnectionPool::Create(config.db);
    if (pool.ok() || !absl::IsUnavailable(pool.status()) || absl::Now() >= give_up) return pool;
    if (!reported) {
      spdlog::warn("database not reachable yet ({}); waiting up to {}", pool.status().ToString(),
                   absl::FormatDuration(config.db_wait));
      reported = true;
    }
    absl::SleepFor(absl::Milliseconds(500));
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<Runtime>> Runtime::Create(ServiceDefinition definition,
                                                         RuntimeConfig config) {
  ASSIGN_OR_RETURN(
      auth::JwtVerifier verifier,
      auth::JwtVerifier::Create(
          config.jwt, config.revoked_tokens_file.empty()
                          ? nullptr
                          : std::make_shared<auth::RevocationList>(config.revoked_tokens_file)));
  if (config.tls_cert_pem.empty() != config.tls_key_pem.empty()) {
    return absl::InvalidArgumentError("TLS needs both a certificate and a key");
  }
  if (!config.tls_client_ca_pem.empty() && config.tls_cert_pem.empty()) {
    return absl::InvalidArgumentError("client certificates (mTLS) need TLS: a certificate and key");
  }
  if (config.peer_cert_pem.empty() != config.peer_key_pem.empty()) {
    return absl::InvalidArgumentError("a client certificate for the peers needs its key");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<db::ConnectionPool> pool, WaitForDatabase(config));
  int64_t schema_version = 0;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<sql::Connection> connection,
                     db::OpenConnection(config.db, /*use_schema=*/true));
    ASSIGN_OR_RETURN(schema_version, db::ApplyMigrations(*connection, *definition.migrations));
    if (!config.db_grant_to.empty()) {
      RETURN_IF_ERROR(db::GrantServiceAccounts(*connection, config.db_grant_to,
                                               {std::string(mutation::kAuditTable)}));
    }
  }
  return std::unique_ptr<Runtime>(new Runtime(std::move(definition), std::move(config),
                                              std::move(pool), Authenticator(std::move(verifier)),
                                              schema_version));
}

Runtime::Runtime(ServiceDefinition definition, RuntimeConfig config,
                 std::unique_ptr<db::ConnectionPool> pool, Authenticator authenticator,
                 int64_t schema_version)
    : definition_(std::move(definition)),
      config_(std::move(config)),
      pool_(std::move(pool)),
      authenticator_(std::move(authenticator)),
      refused_(std::make_unique<RefusedCallRecorder>(*pool_, RefusalBudget(30, 300))),
      budget_(std::make_unique<CallBudget>(
          config_.max_calls_per_caller, config_.max_streams_per_caller,
          absl::flat_hash_set<std::string>(config_.unbounded_callers.begin(),
                                           config_.unbounded_callers.end()))),
      schema_version_(schema_version),
      // A quarter of the threads at most for the health watches, which need no token.
      health_(std::max(1, config_.max_threads / 4)) {}

absl::StatusOr<AdmittedCall> Runtime::Admit(const grpc::ServerContext& context,
                                            CallKind kind) const {
  absl::StatusOr<auth::Caller> caller = authenticator_.Authenticate(context);
  if (!caller.ok()) return caller.status();
  absl::StatusOr<CallSlot> slot = budget_->Admit(caller->subject, kind);
  if (!slot.ok()) return slot.status();
  // A stream runs until its caller ends it: only a unary call's deadline bounds its database
  // work (gRPC gives a call without one an infinite deadline).
  const absl::Time deadline =
      kind == CallKind::kUnary ? absl::FromChrono(context.deadline()) : absl::InfiniteFuture();
  return AdmittedCall{*std::move(caller), *std::move(slot),
                      std::make_unique<db::CallDeadline>(deadline)};
}

absl::StatusOr<AdmittedCall> Runtime::Admit(const grpc::ServerContext& context, CallKind kind,
                                            const google::protobuf::Message& request) const {
  absl::StatusOr<AdmittedCall> call = Admit(context, kind);
  if (!call.ok()) return call.status();
  RETURN_IF_ERROR(Validate(request));
  return call;
}

absl::Status Runtime::Validate(const google::protobuf::Message& request) const {
  return proto::ValidateRequest(request);
}

Runtime::~Runtime() { Shutdown(); }

void Runtime::DescribeService(const auth::Caller& caller,
                              partygroup::common::v1::ServiceInfo* info) const {
  info->set_service(definition_.grpc_service);
  info->set_version(PARTYGROUP_VERSION);
  info->set_schema_version(schema_version_);
  info->mutable_caller()->set_subject(caller.subject);
  // The proto enum lists the roles in the same order as auth::Role, after UNSPECIFIED.
  info->mutable_caller()->set_role(
      static_cast<partygroup::common::v1::Role>(static_cast<int>(caller.role) + 1));
  info->mutable_caller()->set_org_node_id(caller.org_node_id);
  info->mutable_caller()->set_member_id(caller.member_id);
  *info->mutable_server_time() = proto::ToTimestamp(absl::Now());
}

grpc::Status Runtime::AnswerServiceInfo(const grpc::ServerContext& context,
                                        partygroup::common::v1::ServiceInfo* info) const {
  absl::StatusOr<AdmittedCall> call = Admit(context, CallKind::kUnary);
  if (!call.ok()) return ToGrpcStatus(call.status());
  DescribeService(call->caller, info);
  return grpc::Status::OK;
}

absl::StatusOr<int> Runtime::Start(const std::vector<grpc::Service*>& services) {
  grpc::ServerBuilder builder;
  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (!config_.tls_cert_pem.empty()) {
    grpc::SslServerCredentialsOptions ssl;
    ssl.pem_key_cert_pairs.push_back({config_.tls_key_pem, config_.tls_cert_pem});
    if (!config_.tls_client_ca_pem.empty()) {
      ssl.pem_root_certs = config_.tls_client_ca_pem;
      ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    }
    credentials = grpc::SslServerCredentials(ssl);
  } else {
    credentials = grpc::InsecureServerCredentials();
  }
  int port = 0;
  const std::string address = absl::StrCat(config_.host, ":", config_.port);
  // A port another server holds is refused, not shared (gRPC's default on Linux is
  // SO_REUSEPORT, which would split the calls between the two servers without a word).
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(address, credentials, &port);
  // Every service is registered through its gate, which answers a request that does not parse
  // with INVALID_ARGUMENT after the token check (request_gate.h).
  for (grpc::Service* service : services) {
    gates_.push_back(std::make_unique<RequestGate>(*service, definition_.grpc_service,
                                                   authenticator_, malformed_requests_));
  }
  audit_service_ = std::make_unique<AuditServiceImpl>(*this);
  gates_.push_back(std::make_unique<RequestGate>(
      *audit_service_, "partygroup.audit.v1.AuditService", authenticator_, malformed_requests_));
  for (const std::unique_ptr<RequestGate>& gate : gates_) builder.RegisterService(gate.get());
  builder.RegisterService(&health_);
  // Like the health watches, a quarter of the threads at most for reflection's streams.
  reflection_ = std::make_unique<ReflectionService>(
      std::vector<std::string>{definition_.grpc_service, "grpc.health.v1.Health",
                               "partygroup.audit.v1.AuditService",
                               "grpc.reflection.v1alpha.ServerReflection"},
      std::max(1, config_.max_threads / 4));
  builder.RegisterService(reflection_.get());
  grpc::ResourceQuota quota(definition_.name);
  quota.SetMaxThreads(config_.max_threads);
  builder.SetResourceQuota(quota);
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(
      std::make_unique<CallLogInterceptorFactory>(&authenticator_, refused_.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address));
  }
  health_.SetStatus("", HealthCheckResponse::SERVING);
  health_.SetStatus(definition_.grpc_service, HealthCheckResponse::SERVING);
  health_checker_ = std::thread([this] { RunHealthChecker(); });
  spdlog::info("{} listening on {}:{} ({}), schema {} at migration {}", definition_.name,
               config_.host, port, config_.tls_cert_pem.empty() ? "plaintext" : "TLS",
               config_.db.schema, schema_version_);
  return port;
}

void Runtime::RunHealthChecker() {
  // A connection of its own: a pool busy with calls must not look like a database outage.
  std::unique_ptr<sql::Connection> connection;
  bool serving = true;
  // Its own short timeouts: a database that hangs (stopped, or a network stall) is noticed
  // within health_check_timeout, not after the statement timeout.
  db::DbConfig health_db = config_.db;
  health_db.read_timeout = config_.health_check_timeout;
  health_db.connect_timeout = std::min(config_.db.connect_timeout, config_.health_check_timeout);
  while (!stop_health_checker_.WaitForNotificationWithTimeout(config_.health_check_interval)) {
    bool reachable = false;
    try {
      reachable = connection != nullptr && connection->isValid();
    } catch (const sql::SQLException&) {
      reachable = false;
    }
    if (!reachable) {
      connection.reset();
      auto fresh = db::OpenConnection(health_db, /*use_schema=*/true);
      if (fresh.ok()) {
        connection = std::move(*fresh);
        reachable = true;
      }
    }
    if (reachable != serving) {
      serving = reachable;
      pool_->SetAnswering(serving);
      const auto status = serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING;
      health_.SetStatus("", status);
      health_.SetStatus(definition_.grpc_service, status);
      if (serving) {
        spdlog::info("database reachable again: SERVING");
      } else {
        spdlog::warn("database unreachable: NOT_SERVING");
      }
    }
  }
}

void Runtime::Shutdown() {
  if (server_ == nullptr || shut_down_.exchange(true)) return;
  spdlog::info("{} shutting down: letting in-flight calls finish (up to {})", definition_.name,
               absl::FormatDuration(config_.shutdown_grace));
  health_.Shutdown();
  stop_health_checker_.Notify();
  if (health_checker_.joinable()) health_checker_.join();
  // The event followers wake, see the shutdown and end their streams.
  mutation::EventBell::OfProcess().Ring();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + config_.shutdown_grace));
  server_->Wait();
  refused_.reset();  // writes the refused calls still pending
  spdlog::info("{} stopped", definition_.name);
}

int Runtime::ServeUntilSignalled(const std::vector<grpc::Service*>& services) {
  absl::StatusOr<int> port = Start(services);
  if (!port.ok()) {
    spdlog::error("{}", port.status().ToString());
    return 1;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}", received == SIGTERM ? "SIGTERM" : "SIGINT");
  Shutdown();
  return 0;
}

}  // namespace partygroup::server
