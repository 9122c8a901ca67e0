// A database that hangs (SIGSTOP: what a network stall or a stuck server looks like to a client):
// the health check notices it within its own timeout and the server goes NOT_SERVING; calls that
// need the database are refused at once with UNAVAILABLE instead of hanging; a write whose
// caller gave up while the database hung is rolled back, not committed when the database comes
// back. Freezes the shared test database, so ctest runs it alone (RUN_SERIAL).
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <grpcpp/client_context.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/testing/status_matchers.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/services/org_test_util.h"
#include "tests/support/grpc_matchers.h"
#include "tests/support/health_wait.h"

namespace partygroup {
namespace {

using grpc::health::v1::HealthCheckResponse;
using ::partygroup::testing::GrpcIs;
using ::partygroup::testing::GrpcOk;
using ::partygroup::testing::IsOk;
using ::partygroup::testing::NextRequestId;
using ::partygroup::testing::OrgClient;
namespace v1 = partygroup::org::v1;

constexpr char kOrgService[] = "partygroup.org.v1.OrgService";

HealthCheckResponse::ServingStatus CheckHealth(grpc::health::v1::Health::Stub& stub) {
  return testing::CheckHealth(stub, kOrgService);
}

bool WaitForHealth(grpc::health::v1::Health::Stub& stub, HealthCheckResponse::ServingStatus want) {
  return testing::WaitForHealth(stub, kOrgService, want);
}

// Thaws the database whatever the test's outcome: a frozen server would stall every later test.
struct ThawAtEnd {
  ~ThawAtEnd() { testing::RunDbScript("thaw"); }
};

grpc::Status CreateUnit(OrgClient& admin, const std::string& name, absl::Duration deadline,
                        absl::Duration* took = nullptr) {
  v1::CreateNodeRequest request;
  request.set_request_id(NextRequestId());
  request.set_parent_id(1);
  request.set_kind(v1::NODE_KIND_UNIT);
  request.set_name(name);
  v1::CreateNodeResponse response;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + admin.token());
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  const absl::Time start = absl::Now();
  grpc::Status status = admin.stub().CreateNode(&context, request, &response);
  if (took != nullptr) *took = absl::Now() - start;
  return status;
}

int64_t NodesNamed(db::ConnectionPool& pool, const std::string& name) {
  int64_t count = -1;
  EXPECT_THAT(db::RunWithConnection(pool, "count",
                                    [&](sql::Connection& c) {
                                      std::unique_ptr<sql::PreparedStatement> s(c.prepareStatement(
                                          "SELECT COUNT(*) FROM org_node WHERE name = ?"));
                                      s->setString(1, name);
                                      std::unique_ptr<sql::ResultSet> rows(s->executeQuery());
                                      if (rows->next()) count = rows->getInt64(1);
                                      return absl::OkStatus();
                                    }),
              IsOk());
  return count;
}

TEST(FrozenDatabaseTest, HealthGoesNotServingCallsAreRefusedAndNothingCommitsLate) {
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  config.health_check_timeout = absl::Milliseconds(500);
  config.db.read_timeout = absl::Seconds(8);
  testing::InProcessServer server(std::in_place_type<org::OrgServiceImpl>, org::Definition(),
                                  config);
  auto health = grpc::health::v1::Health::NewStub(testing::LocalChannel(server.port()));
  OrgClient admin(server.port(), {"admin", auth::Role::kAdmin, 0});
  ASSERT_THAT(CreateUnit(admin, "冻结之前的单位", absl::Seconds(10)), GrpcOk());
  ASSERT_EQ(CheckHealth(*health), HealthCheckResponse::SERVING);

  const std::string late = absl::StrCat("冻结时的单位-", getpid());
  {
    ThawAtEnd thaw;
    ASSERT_EQ(testing::RunDbScript("freeze"), 0);
    // The caller gives up after a second and a half; the server's work for it is stuck.
    EXPECT_THAT(CreateUnit(admin, late, absl::Milliseconds(1500)),
                GrpcIs(grpc::StatusCode::DEADLINE_EXCEEDED, ""));
    EXPECT_TRUE(WaitForHealth(*health, HealthCheckResponse::NOT_SERVING));
    // Now a call that needs the database is refused at once, whatever its own deadline.
    absl::Duration took;
    EXPECT_THAT(CreateUnit(admin, "冻结时的另一个单位", absl::Seconds(30), &took),
                GrpcIs(grpc::StatusCode::UNAVAILABLE, "does not answer"));
    EXPECT_LT(took, absl::Seconds(2));
  }
  EXPECT_TRUE(WaitForHealth(*health, HealthCheckResponse::SERVING));
  EXPECT_THAT(CreateUnit(admin, "解冻之后的单位", absl::Seconds(10)), GrpcOk());
  // Shutdown waits for the stuck call's handler: after it nothing more can commit.
  server.runtime().Shutdown();
  EXPECT_EQ(NodesNamed(server.runtime().pool(), late), 0);
  EXPECT_EQ(NodesNamed(server.runtime().pool(), "解冻之后的单位"), 1);
}

}  // namespace
}  // namespace partygroup
