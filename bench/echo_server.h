// The bare gRPC server of the unary ceiling: one method that answers what it is sent, on the
// same gRPC library, build and machine as the services. Runs inside the benchmark process.
#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <string>

namespace partygroup::bench {

class EchoServer {
 public:
  // Listens on a free port of 127.0.0.1 with `max_threads` worker threads at most (the
  // services' --max_threads default).
  static std::unique_ptr<EchoServer> Start(int max_threads = 128);
  ~EchoServer();

  const std::string& address() const { return address_; }

 private:
  EchoServer() = default;
  class Service;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace partygroup::bench
