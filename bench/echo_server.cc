#include "bench/echo_server.h"

#include <grpcpp/resource_quota.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "echo.grpc.pb.h"

namespace partygroup::bench {

class EchoServer::Service final : public v1::EchoService::Service {
  grpc::Status Echo(grpc::ServerContext*, const v1::EchoMessage* request,
                    v1::EchoMessage* response) override {
    *response = *request;
    return grpc::Status::OK;
  }
};

std::unique_ptr<EchoServer> EchoServer::Start(int max_threads) {
  std::unique_ptr<EchoServer> echo(new EchoServer());
  echo->service_ = std::make_unique<Service>();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  grpc::ResourceQuota quota("echo");
  quota.SetMaxThreads(max_threads);
  builder.SetResourceQuota(quota);
  builder.RegisterService(echo->service_.get());
  echo->server_ = builder.BuildAndStart();
  if (echo->server_ == nullptr || port == 0) return nullptr;
  echo->address_ = absl::StrCat("127.0.0.1:", port);
  return echo;
}

EchoServer::~EchoServer() {
  if (server_ != nullptr) server_->Shutdown();
}

}  // namespace partygroup::bench
