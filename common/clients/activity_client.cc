#include "common/clients/activity_client.h"

#include <google/protobuf/arena.h>
#include <grpcpp/client_context.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto/convert.h"

namespace partygroup::clients {

ActivityClient::ActivityClient(std::shared_ptr<grpc::Channel> channel,
                               auth::ServiceToken service_token)
    : stub_(activity::v1::ActivityService::NewStub(std::move(channel))),
      token_(std::move(service_token)) {}

std::unique_ptr<ActivityClient::YearStream> ActivityClient::OpenYear(int64_t node_id, int year,
                                                                     absl::Time dues_paid_by) {
  std::unique_ptr<YearStream> stream(new YearStream(node_id));
  // A city's year takes seconds; a stalled peer still ends the call.
  stream->context_.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(10)));
  stream->context_.AddMetadata("authorization", "Bearer " + token_.Current(absl::Now()));
  activity::v1::StreamPeriodRequest request;
  request.set_node_id(node_id);
  request.mutable_period()->set_year(year);
  request.set_compact(true);  // the rules read no more than the compact form holds
  *request.mutable_dues_paid_by() = proto::ToTimestamp(dues_paid_by);
  stream->reader_ = stub_->StreamPeriod(&stream->context_, request);  // sent now
  return stream;
}

ActivityClient::YearStream::~YearStream() {
  if (finished_) return;
  context_.TryCancel();
  reader_->Finish();
}

absl::Status ActivityClient::YearStream::Read(const GroupEmitter& emit) {
  if (finished_) return absl::FailedPreconditionError("the year's stream was read already");
  // Each group's records are parsed into one block of memory, reused from group to group: a
  // city's million dues and attendance messages, allocated and freed one by one, kept the
  // allocator busier than the scoring.
  std::vector<char> block(1 << 20);
  google::protobuf::ArenaOptions arena_options;
  arena_options.initial_block = block.data();
  arena_options.initial_block_size = block.size();
  google::protobuf::Arena arena(arena_options);
  absl::Status refused;
  while (refused.ok()) {
    auto* response =
        google::protobuf::Arena::CreateMessage<activity::v1::StreamPeriodResponse>(&arena);
    if (!reader_->Read(response)) break;
    refused = emit(response->group());
    arena.Reset();  // keeps the block
  }
  finished_ = true;
  if (!refused.ok()) {
    context_.TryCancel();
    reader_->Finish();
    return refused;
  }
  const grpc::Status status = reader_->Finish();
  if (status.ok()) return absl::OkStatus();
  const std::string message =
      absl::StrCat("the activity records of node ", node_id_, ": ", status.error_message());
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(message);
    case grpc::StatusCode::INVALID_ARGUMENT:
      return absl::InvalidArgumentError(message);
    default:
      return absl::UnavailableError(absl::StrCat("the activity service could not answer (",
                                                 status.error_code(), "): ", message));
  }
}

}  // namespace partygroup::clients
