// The suite on TLS end to end, with certificates from deploy/tls.sh: org requires a client
// certificate (mTLS); activity serves TLS and calls org over mTLS with its own certificate. A
// caller without TLS, or without a certificate where org asks for one, is not served.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/connection_pool.h"
#include "common/db/transaction.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"
#include "services/activity/activity_definition.h"
#include "services/activity/activity_service.h"
#include "services/org/org_definition.h"
#include "services/org/org_service.h"
#include "tests/services/org_test_util.h"
#include "tests/support/grpc_matchers.h"
#include "tests/support/in_process_server.h"
#include "tests/support/test_server.h"

namespace partygroup {
namespace {

using ::partygroup::testing::GrpcIs;
using ::partygroup::testing::GrpcOk;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The private CA and the server and client certificates, made once for the test binary.
struct Certificates {
  std::string ca, server_cert, server_key, client_cert, client_key;
};
const Certificates& Tls() {
  static const Certificates* const kTls = [] {
    const std::string dir = absl::StrCat(::testing::TempDir(), "/tls-", getpid());
    const std::string command =
        absl::StrCat(PARTYGROUP_SOURCE_DIR, "/deploy/tls.sh '", dir, "' >/dev/null");
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return new Certificates{Read(dir + "/ca.pem"), Read(dir + "/server.pem"),
                            Read(dir + "/server.key"), Read(dir + "/client.pem"),
                            Read(dir + "/client.key")};
  }();
  return *kTls;
}

std::shared_ptr<grpc::Channel> TlsChannel(int port, bool with_client_certificate) {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = Tls().ca;
  if (with_client_certificate) {
    ssl.pem_cert_chain = Tls().client_cert;
    ssl.pem_private_key = Tls().client_key;
  }
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::SslCredentials(ssl));
}

template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  context.AddMetadata("authorization", "Bearer " + testing::AdminToken());
  return (stub.*method)(&context, request, response);
}

TEST(TlsTest, TheServicesRunOnTlsEndToEndWithClientCertificatesBetweenThem) {
  server::RuntimeConfig org_config = testing::TestRuntimeConfig();
  org_config.tls_cert_pem = Tls().server_cert;
  org_config.tls_key_pem = Tls().server_key;
  org_config.tls_client_ca_pem = Tls().ca;  // mTLS: every caller presents a certificate
  testing::InProcessServer org(std::in_place_type<org::OrgServiceImpl>, org::Definition(),
                               org_config);
  ASSERT_NE(org.port(), 0);

  server::RuntimeConfig activity_config = testing::TestRuntimeConfig();
  activity_config.tls_cert_pem = Tls().server_cert;
  activity_config.tls_key_pem = Tls().server_key;
  activity_config.org_address = absl::StrCat("127.0.0.1:", org.port());
  activity_config.peer_ca_pem = Tls().ca;
  activity_config.peer_cert_pem = Tls().client_cert;
  activity_config.peer_key_pem = Tls().client_key;
  activity_config.service_token =
      auth::ServiceToken::Fixed(testing::TokenFor({"activity", auth::Role::kService, 0}));
  activity_config.overdue_sweep_interval = absl::ZeroDuration();
  testing::InProcessServer activity(std::in_place_type<activity::ActivityServiceImpl>,
                                    activity::Definition(), activity_config);
  ASSERT_NE(activity.port(), 0);

  // An administrator with a certificate builds a branch in org.
  auto org_stub = org::v1::OrgService::NewStub(TlsChannel(org.port(), true));
  org::v1::CreateNodeRequest node;
  node.set_request_id(testing::NextRequestId());
  node.set_parent_id(1);
  node.set_kind(org::v1::NODE_KIND_UNIT);
  node.set_name("市直某局");
  org::v1::CreateNodeResponse unit;
  ASSERT_THAT(Call(*org_stub, &org::v1::OrgService::Stub::CreateNode, node, &unit), GrpcOk());
  node.set_request_id(testing::NextRequestId());
  node.set_parent_id(unit.node().id());
  node.set_kind(org::v1::NODE_KIND_BRANCH);
  node.set_name("机关第一党支部");
  org::v1::CreateNodeResponse branch;
  ASSERT_THAT(Call(*org_stub, &org::v1::OrgService::Stub::CreateNode, node, &branch), GrpcOk());

  // Activity, on TLS, answers a call it can only answer by asking org over mTLS.
  auto activity_stub = activity::v1::ActivityService::NewStub(TlsChannel(activity.port(), false));
  activity::v1::ListFindingsRequest findings;
  findings.set_branch_id(branch.node().id());
  findings.mutable_period()->set_year(2025);
  activity::v1::ListFindingsResponse found;
  ASSERT_THAT(
      Call(*activity_stub, &activity::v1::ActivityService::Stub::ListFindings, findings, &found),
      GrpcOk());
  EXPECT_EQ(found.groups_checked(), 0);

  // Org serves no caller without a certificate, and no caller without TLS.
  org::v1::GetNodeRequest get;
  get.set_id(branch.node().id());
  org::v1::GetNodeResponse got;
  auto no_certificate = org::v1::OrgService::NewStub(TlsChannel(org.port(), false));
  EXPECT_THAT(Call(*no_certificate, &org::v1::OrgService::Stub::GetNode, get, &got),
              GrpcIs(grpc::StatusCode::UNAVAILABLE, ""));
  auto plaintext = org::v1::OrgService::NewStub(testing::LocalChannel(org.port()));
  EXPECT_THAT(Call(*plaintext, &org::v1::OrgService::Stub::GetNode, get, &got),
              GrpcIs(grpc::StatusCode::UNAVAILABLE, ""));
  auto plain_activity =
      activity::v1::ActivityService::NewStub(testing::LocalChannel(activity.port()));
  EXPECT_THAT(
      Call(*plain_activity, &activity::v1::ActivityService::Stub::ListFindings, findings, &found),
      GrpcIs(grpc::StatusCode::UNAVAILABLE, ""));
  ASSERT_THAT(Call(*org_stub, &org::v1::OrgService::Stub::GetNode, get, &got), GrpcOk());
}

// The database connection on TLS: with --db_tls_ca_file the server's connections are encrypted
// and the database's certificate verified (db.sh offers TLS with its own CA); a certificate
// another CA signed is refused, and the server does not start.
TEST(TlsTest, TheDatabaseConnectionIsEncryptedAndItsCertificateVerified) {
  const std::string secrets = std::string(std::getenv("PARTYGROUP_TEST_DB_PASSWORD_FILE"));
  const std::string db_ca = secrets.substr(0, secrets.rfind('/')) + "/tls/ca.pem";
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  config.db.tls_ca_file = db_ca;
  testing::InProcessServer org(std::in_place_type<org::OrgServiceImpl>, org::Definition(), config);
  ASSERT_GT(org.port(), 0);
  std::string cipher;
  ASSERT_TRUE(db::RunWithConnection(org.runtime().pool(), "cipher", [&](sql::Connection& c) {
                std::unique_ptr<sql::Statement> s(c.createStatement());
                std::unique_ptr<sql::ResultSet> rows(
                    s->executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'"));
                if (rows->next()) cipher = rows->getString(2);
                return absl::OkStatus();
              }).ok());
  EXPECT_FALSE(cipher.empty()) << "the pooled connection is not encrypted";
  auto stub = org::v1::OrgService::NewStub(testing::LocalChannel(org.port()));
  org::v1::CreateNodeRequest unit;
  unit.set_request_id("tls-db-unit");
  unit.set_parent_id(1);
  unit.set_kind(org::v1::NODE_KIND_UNIT);
  unit.set_name("市直某局");
  org::v1::CreateNodeResponse created;
  EXPECT_THAT(Call(*stub, &org::v1::OrgService::Stub::CreateNode, unit, &created), GrpcOk());

  // A CA that did not sign the database's certificate: no connection, no server.
  const std::string other_ca = absl::StrCat(::testing::TempDir(), "/other-ca-", getpid(), ".pem");
  std::ofstream(other_ca) << Tls().ca;
  db::DbConfig wrong = testing::TestDbConfig();
  wrong.tls_ca_file = other_ca;
  EXPECT_FALSE(db::OpenConnection(wrong, /*use_schema=*/false).ok());
}

}  // namespace
}  // namespace partygroup
