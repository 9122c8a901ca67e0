// The suite's own parsing of request messages. gRPC answers a body that is not the method's
// message (not protobuf, truncated, a string field that is not UTF-8) with INTERNAL, before the
// token is looked at, and protobuf writes a library error for it. A service registered through
// a RequestGate is answered instead:
//
//   no or a bad token   UNAUTHENTICATED, as for any other call
//   otherwise           INVALID_ARGUMENT "request: not a valid <message type>" (with its
//                       google.rpc details), logged once a minute per caller at most
//
// The gate is a grpc::Service that carries the generated service's own method handlers (they
// still parse, dispatch and answer) and watches what their parsing says; it uses gRPC's
// internal handler interface (grpcpp/impl/rpc_service_method.h, stable across the 1.x sync
// API). A client stream's messages are parsed inside the stream's reader, which the gate does
// not reach: there a malformed message ends the stream as its end would.
#pragma once

#include <grpcpp/impl/service_type.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/server/authenticator.h"

namespace partygroup::server {

// Logs malformed requests: once a minute per caller at most.
class MalformedRequestLog final {
 public:
  void Note(const std::string& caller, const std::string& method);

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, absl::Time> last_logged_ ABSL_GUARDED_BY(mu_);
};

class RequestGate final : public grpc::Service {
 public:
  // `generated` is the service the gate fronts (a generated Service subclass implementing
  // `service_name`, "partygroup.org.v1.OrgService"); it must outlive the gate. Register the
  // gate with the server instead of it.
  RequestGate(grpc::Service& generated, const std::string& service_name,
              const Authenticator& authenticator, MalformedRequestLog& log);

 private:
  std::vector<std::unique_ptr<std::string>> paths_;  // the methods' names, alive for gRPC
};

// Routes protobuf's own log lines (a parse failure's "String field contains invalid UTF-8")
// to the server's log at debug level; the gate has answered and logged the call already.
void QuietProtobufParseErrors();

}  // namespace partygroup::server
