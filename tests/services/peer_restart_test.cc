// A peer that comes back is used at once: after org was down long enough for its callers'
// channel to back off, a call made as soon as org serves again succeeds (the channel retries
// within a second and the call waits for it), while org down answers UNAVAILABLE.
#include "absl/time/clock.h"
#include "common/clients/org_client.h"
#include "common/server/runtime.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/org/org_definition.h"
#include "services/org/org_service.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace partygroup {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;

struct RunningOrg {
  std::unique_ptr<server::Runtime> runtime;
  std::unique_ptr<org::OrgServiceImpl> service;
  int port = 0;
};

RunningOrg StartOrg(const server::RuntimeConfig& config) {
  RunningOrg org;
  auto runtime = server::Runtime::Create(org::Definition(), config);
  EXPECT_THAT(runtime.status(), IsOk());
  if (!runtime.ok()) return org;
  org.runtime = *std::move(runtime);
  org.service = std::make_unique<org::OrgServiceImpl>(*org.runtime);
  auto port = org.runtime->Start({org.service.get()});
  EXPECT_THAT(port.status(), IsOk());
  org.port = port.value_or(0);
  return org;
}

TEST(PeerRestartTest, APeerThatComesBackIsUsedAtOnce) {
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  RunningOrg first = StartOrg(config);
  ASSERT_GT(first.port, 0);
  clients::OrgClient client(
      clients::PeerChannel(absl::StrCat("127.0.0.1:", first.port)),
      auth::ServiceToken::Fixed(testing::TokenFor({"activity", auth::Role::kService, 0})),
      absl::Seconds(3));
  ASSERT_THAT(client.GetNode(1).status(), IsOk());

  // Org goes away; its caller keeps trying for a few seconds, so its channel backs off.
  const int port = first.port;
  first.runtime->Shutdown();
  first = RunningOrg();
  const absl::Time down_until = absl::Now() + absl::Seconds(4);
  int refused = 0;
  while (absl::Now() < down_until) {
    EXPECT_THAT(client.GetNode(1).status(), StatusIs(absl::StatusCode::kUnavailable));
    ++refused;
  }
  EXPECT_GT(refused, 0);

  // Back on the same port: the first call after it serves succeeds.
  config.port = port;
  RunningOrg second = StartOrg(config);
  ASSERT_EQ(second.port, port);
  EXPECT_THAT(client.GetNode(1).status(), IsOk());
  second.runtime->Shutdown();
  testing::DropSchema(config.db);
}

}  // namespace
}  // namespace partygroup
