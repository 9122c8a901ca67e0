// An activity server running in-process against the test database, asking a real org server.
#pragma once

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/server/runtime.h"
#include "services/activity/activity_definition.h"
#include "services/activity/activity_service.h"
#include "tests/support/in_process_server.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace partygroup::testing {

// The activity server at `org_port`'s org, in-process: the overdue sweep quick, a test city's
// few groups streamed in several reads (three of them in flight).
inline server::RuntimeConfig ActivityConfig(int org_port) {
  server::RuntimeConfig config = TestRuntimeConfig();
  config.org_address = absl::StrCat("127.0.0.1:", org_port);
  config.service_token = auth::ServiceToken::Fixed(TokenFor({"activity", auth::Role::kService, 0}));
  config.overdue_sweep_interval = absl::Milliseconds(200);
  config.period_batch_groups = 2;
  return config;
}

class ActivityServer : public InProcessServer {
 public:
  explicit ActivityServer(int org_port)
      : InProcessServer(std::in_place_type<activity::ActivityServiceImpl>, activity::Definition(),
                        ActivityConfig(org_port)) {}
};

}  // namespace partygroup::testing
