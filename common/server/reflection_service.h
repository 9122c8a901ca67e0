// gRPC server reflection (grpc.reflection.v1alpha.ServerReflection, the version grpcurl and
// `buf curl` ask for), answered from the protos compiled into the server. It is the suite's own
// rather than gRPC's plugin so that its streams, which need no token and each hold a worker
// thread while open, are bounded: at most `max_streams` at once, the next refused with
// RESOURCE_EXHAUSTED.
#pragma once

#include <grpcpp/server_context.h>

#include <string>
#include <vector>

#include "common/server/open_streams.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace partygroup::server {

class ReflectionService final : public grpc::reflection::v1alpha::ServerReflection::Service {
 public:
  // `services`: the full names of the services the server serves, as ListServices answers them.
  ReflectionService(std::vector<std::string> services, int max_streams)
      : services_(std::move(services)), streams_(max_streams) {}

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1alpha::ServerReflectionResponse,
                               grpc::reflection::v1alpha::ServerReflectionRequest>* stream)
      override;

 private:
  const std::vector<std::string> services_;
  OpenStreams streams_;
};

}  // namespace partygroup::server
