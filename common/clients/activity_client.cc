#include "common/clients/activity_client.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace partygroup::clients {

ActivityClient::ActivityClient(std::shared_ptr<grpc::Channel> channel, std::string service_token)
    : stub_(activity::v1::ActivityService::NewStub(std::move(channel))),
      token_(std::move(service_token)) {}

absl::Status ActivityClient::StreamYear(
    int64_t node_id, int year,
    const std::function<absl::Status(const activity::v1::GroupPeriodRecords&)>& emit) {
  grpc::ClientContext context;
  // A city's year takes seconds; a stalled peer still ends the call.
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(10)));
  context.AddMetadata("authorization", "Bearer " + token_);
  activity::v1::StreamPeriodRequest request;
  request.set_node_id(node_id);
  request.mutable_period()->set_year(year);
  std::unique_ptr<grpc::ClientReader<activity::v1::StreamPeriodResponse>> reader =
      stub_->StreamPeriod(&context, request);
  activity::v1::StreamPeriodResponse response;
  absl::Status refused;
  while (refused.ok() && reader->Read(&response)) refused = emit(response.group());
  if (!refused.ok()) {
    context.TryCancel();
    reader->Finish();
    return refused;
  }
  const grpc::Status status = reader->Finish();
  if (status.ok()) return absl::OkStatus();
  const std::string message =
      absl::StrCat("the activity records of node ", node_id, ": ", status.error_message());
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
