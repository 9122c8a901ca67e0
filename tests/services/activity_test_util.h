// An activity server running in-process against the test database, asking a real org server.
#pragma once

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/server/runtime.h"
#include "services/activity/activity_definition.h"
#include "services/activity/activity_service.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace partygroup::testing {

// An activity server in-process, asking the org server at `org_port`.
class ActivityServer {
 public:
  explicit ActivityServer(int org_port) {
    config_ = TestRuntimeConfig();
    config_.org_address = absl::StrCat("127.0.0.1:", org_port);
    config_.service_token = TokenFor({"activity", auth::Role::kService, 0});
    config_.overdue_sweep_interval = absl::Milliseconds(200);
    // A test city's few groups still stream in several reads, three of them in flight.
    config_.period_batch_groups = 2;
    runtime_ = *server::Runtime::Create(activity::Definition(), config_);
    service_ = std::make_unique<activity::ActivityServiceImpl>(*runtime_);
    port_ = runtime_->Start({service_.get()}).value_or(0);
  }
  ~ActivityServer() {
    runtime_->Shutdown();
    service_.reset();  // stops the overdue sweep before its tables go
    DropSchema(config_.db);
  }
  int port() const { return port_; }

 private:
  server::RuntimeConfig config_;
  std::unique_ptr<server::Runtime> runtime_;
  std::unique_ptr<activity::ActivityServiceImpl> service_;
  int port_ = 0;
};

}  // namespace partygroup::testing
