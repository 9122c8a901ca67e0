// A partygroup server running in-process on an ephemeral loopback port against a fresh schema of
// the test database, as the service tests start each of the three:
//
//   InProcessServer org(std::in_place_type<org::OrgServiceImpl>, org::Definition());
//   auto stub = org::v1::OrgService::NewStub(LocalChannel(org.port()));
//
// The destructor shuts the server down, stops the service's background work and drops its
// schema.
#pragma once

#include <grpcpp/impl/service_type.h>

#include <memory>
#include <utility>

#include "common/server/runtime.h"
#include "gtest/gtest.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace partygroup::testing {

class InProcessServer {
 public:
  // Starts ServiceImpl (constructed from the Runtime) with `config` (TestRuntimeConfig() and
  // what the test changes); a failure to start is a test failure and leaves port() 0.
  template <typename ServiceImpl>
  InProcessServer(std::in_place_type_t<ServiceImpl>, const server::ServiceDefinition& definition,
                  server::RuntimeConfig config = TestRuntimeConfig())
      : db_(config.db) {
    auto runtime = server::Runtime::Create(definition, std::move(config));
    if (!runtime.ok()) {
      ADD_FAILURE() << definition.name << ": " << runtime.status();
      return;
    }
    runtime_ = std::move(*runtime);
    service_ = std::make_unique<ServiceImpl>(*runtime_);
    auto port = runtime_->Start({service_.get()});
    if (!port.ok()) ADD_FAILURE() << definition.name << ": " << port.status();
    port_ = port.value_or(0);
  }
  virtual ~InProcessServer() {
    if (runtime_) runtime_->Shutdown();
    service_.reset();  // stops its background work (the overdue sweep) before its tables go
    DropSchema(db_);
  }
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;

  int port() const { return port_; }
  server::Runtime& runtime() { return *runtime_; }

 private:
  const db::DbConfig db_;
  std::unique_ptr<server::Runtime> runtime_;
  std::unique_ptr<grpc::Service> service_;
  int port_ = 0;
};

}  // namespace partygroup::testing
