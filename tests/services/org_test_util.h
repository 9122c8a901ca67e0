// An org server running in-process against the test database, and a client that calls it the
// way an administrator or an OA system does.
#pragma once

#include <grpcpp/client_context.h>

#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/server/runtime.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"
#include "services/org/org_definition.h"
#include "services/org/org_service.h"
#include "tests/support/in_process_server.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace partygroup::testing {

// The org server, in-process.
class OrgServer : public InProcessServer {
 public:
  OrgServer() : InProcessServer(std::in_place_type<org::OrgServiceImpl>, org::Definition()) {}
};

// Calls the org service as one caller.
class OrgClient {
 public:
  OrgClient(int port, auth::Caller caller)
      : stub_(org::v1::OrgService::NewStub(LocalChannel(port))), token_(TokenFor(caller)) {}

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (org::v1::OrgService::Stub::*method)(grpc::ClientContext*,
                                                                      const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token_);
    return (stub_.get()->*method)(&context, request, response);
  }

  org::v1::OrgService::Stub& stub() { return *stub_; }
  const std::string& token() const { return token_; }

 private:
  std::unique_ptr<org::v1::OrgService::Stub> stub_;
  std::string token_;
};

inline std::string NextRequestId() {
  static std::atomic<int> counter{0};
  return absl::StrCat("test-", getpid(), "-", counter++);
}

inline common::v1::Date MakeDate(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

}  // namespace partygroup::testing
