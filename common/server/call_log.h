// One log line per call: method, status code, latency and the verified caller's subject.
// Never the token, never a password. Installed on every server by the Runtime.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include "common/server/authenticator.h"

namespace partygroup::server {

class CallLogInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallLogInterceptorFactory(const Authenticator* authenticator)
      : authenticator_(authenticator) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const Authenticator* authenticator_;
};

}  // namespace partygroup::server
