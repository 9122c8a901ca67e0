// How the assessment asks the activity service for a period's records, with this server's
// SERVICE token. A stream that breaks is UNAVAILABLE: never a partial year taken for a whole one.
#pragma once

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"

namespace partygroup::clients {

class ActivityClient {
 public:
  ActivityClient(std::shared_ptr<grpc::Channel> channel, std::string service_token);
  virtual ~ActivityClient() = default;

  // Every group under `node_id` with its records of `year`, to `emit` one by one. `emit` may
  // refuse a message (a group the caller does not know): the stream is then cancelled and its
  // status returned.
  virtual absl::Status StreamYear(
      int64_t node_id, int year,
      const std::function<absl::Status(const activity::v1::GroupPeriodRecords&)>& emit);

 private:
  std::unique_ptr<activity::v1::ActivityService::Stub> stub_;
  const std::string token_;
};

}  // namespace partygroup::clients
