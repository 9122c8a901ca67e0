// One log line per call: method, status code, latency and the verified caller's subject.
// Never the token, never a password. A refused call (UNAUTHENTICATED, PERMISSION_DENIED) goes to
// the audit trail too, within the recorder's budget. Installed on every server by the Runtime.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include "common/server/authenticator.h"
#include "common/server/refused_calls.h"

namespace partygroup::server {

class CallLogInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  CallLogInterceptorFactory(const Authenticator* authenticator, RefusedCallRecorder* refused)
      : authenticator_(authenticator), refused_(refused) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const Authenticator* authenticator_;
  RefusedCallRecorder* refused_;
};

}  // namespace partygroup::server
