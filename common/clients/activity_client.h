// How the assessment asks the activity service for a period's records, with this server's
// SERVICE token. A stream that breaks is UNAVAILABLE: never a partial year taken for a whole one.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth/service_token.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"

namespace partygroup::clients {

class ActivityClient {
 public:
  ActivityClient(std::shared_ptr<grpc::Channel> channel, auth::ServiceToken service_token);
  virtual ~ActivityClient() = default;

  using GroupEmitter = std::function<absl::Status(const activity::v1::GroupPeriodRecords&)>;

  // A year's stream, asked for when it is opened, so that the activity service reads the
  // records while the caller does other work; Read takes them. Dropped unread, it is cancelled.
  class YearStream {
   public:
    ~YearStream();
    // Every group under the node with its records of the year, to `emit` one by one. `emit` may
    // refuse a message (a group the caller does not know): the stream is then cancelled and its
    // status returned. Once only.
    absl::Status Read(const GroupEmitter& emit);

   private:
    friend class ActivityClient;
    explicit YearStream(int64_t node_id) : node_id_(node_id) {}

    const int64_t node_id_;
    grpc::ClientContext context_;
    std::unique_ptr<grpc::ClientReader<activity::v1::StreamPeriodResponse>> reader_;
    bool finished_ = false;
  };

  // The year's records of every group under `node_id`, in the compact form, with the dues months
  // paid by `dues_paid_by` (the instant the year is judged at).
  std::unique_ptr<YearStream> OpenYear(int64_t node_id, int year, absl::Time dues_paid_by);

 private:
  std::unique_ptr<activity::v1::ActivityService::Stub> stub_;
  const auth::ServiceToken token_;
};

}  // namespace partygroup::clients
