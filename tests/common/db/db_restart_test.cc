// The database goes away and comes back: the pool heals and health follows, without a restart
// of the service. Restarts the shared test database, so ctest runs it alone (RUN_SERIAL).
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/client_context.h>

#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/server/runtime.h"
#include "common/testing/status_matchers.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/org/org_definition.h"
#include "tests/support/health_wait.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace partygroup {
namespace {

using grpc::health::v1::HealthCheckResponse;
using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;

constexpr char kOrgService[] = "partygroup.org.v1.OrgService";

HealthCheckResponse::ServingStatus CheckHealth(grpc::health::v1::Health::Stub& stub) {
  return testing::CheckHealth(stub, kOrgService);
}

bool WaitForHealth(grpc::health::v1::Health::Stub& stub, HealthCheckResponse::ServingStatus want) {
  return testing::WaitForHealth(stub, kOrgService, want);
}

absl::Status SelectOne(db::ConnectionPool& pool) {
  return db::RunWithConnection(pool, "select", [](sql::Connection& c) {
    std::unique_ptr<sql::Statement> s(c.createStatement());
    std::unique_ptr<sql::ResultSet> rows(s->executeQuery("SELECT 1"));
    return rows->next() ? absl::OkStatus() : absl::InternalError("SELECT 1 returned no row");
  });
}

TEST(DatabaseRestartTest, PoolHealsAndHealthFollowsTheDatabase) {
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  ASSERT_OK_AND_ASSIGN(auto runtime, server::Runtime::Create(org::Definition(), config));
  ASSERT_OK_AND_ASSIGN(int port, runtime->Start({}));
  auto health = grpc::health::v1::Health::NewStub(testing::LocalChannel(port));
  ASSERT_EQ(CheckHealth(*health), HealthCheckResponse::SERVING);

  // Fill the pool with connections that will all be dead after the restart.
  {
    auto a = runtime->pool().Acquire();
    auto b = runtime->pool().Acquire();
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
  }
  ASSERT_EQ(testing::RunDbScript("stop"), 0);
  EXPECT_TRUE(WaitForHealth(*health, HealthCheckResponse::NOT_SERVING));
  EXPECT_THAT(SelectOne(runtime->pool()), StatusIs(absl::StatusCode::kUnavailable));

  ASSERT_EQ(testing::RunDbScript("start"), 0);
  EXPECT_TRUE(WaitForHealth(*health, HealthCheckResponse::SERVING));
  // The same pool, with no restart of the service, works again.
  EXPECT_THAT(SelectOne(runtime->pool()), IsOk());
  EXPECT_THAT(SelectOne(runtime->pool()), IsOk());
  runtime->Shutdown();
  testing::DropSchema(config.db);
}

}  // namespace
}  // namespace partygroup
