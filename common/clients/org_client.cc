#include "common/clients/org_client.h"

#include <grpcpp/client_context.h>
#include <grpcpp/support/channel_arguments.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace partygroup::clients {

absl::Status FromOrgStatus(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(what, ": ", status.error_message());
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(message);
    case grpc::StatusCode::INVALID_ARGUMENT:
      return absl::InvalidArgumentError(message);
    default:
      return absl::UnavailableError(
          absl::StrCat("the org service could not answer (", status.error_code(), "): ", message));
  }
}

OrgClient::OrgClient(std::shared_ptr<grpc::Channel> channel, auth::ServiceToken service_token,
                     absl::Duration deadline)
    : channel_(channel),
      stub_(org::v1::OrgService::NewStub(std::move(channel))),
      token_(std::move(service_token)),
      deadline_(deadline) {}

namespace {

// A whole subtree may take a while to stream; a stalled peer still ends the call.
constexpr absl::Duration kStreamDeadline = absl::Minutes(10);
// A message per member or node cost the org service and its reader more than the rows
// themselves.
constexpr int kMembersPerMessage = 500;
constexpr int kNodesPerMessage = 500;

}  // namespace

void OrgClient::AwaitPeer() const {
  if (channel_ == nullptr) return;
  if (channel_->GetState(/*try_to_connect=*/true) == GRPC_CHANNEL_READY) return;
  channel_->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
}

void OrgClient::Prepare(grpc::ClientContext& context, absl::Duration deadline) const {
  AwaitPeer();
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  context.AddMetadata("authorization", "Bearer " + token_.Current(absl::Now()));
}

absl::StatusOr<org::v1::Group> OrgClient::GetGroup(int64_t group_id) {
  grpc::ClientContext context;
  Prepare(context, deadline_);
  org::v1::GetGroupRequest request;
  request.set_id(group_id);
  org::v1::GetGroupResponse response;
  grpc::Status status = stub_->GetGroup(&context, request, &response);
  if (!status.ok()) return FromOrgStatus(status, absl::StrCat("group ", group_id));
  return response.group();
}

absl::StatusOr<org::v1::Node> OrgClient::GetNode(int64_t node_id) {
  grpc::ClientContext context;
  Prepare(context, deadline_);
  org::v1::GetNodeRequest request;
  request.set_id(node_id);
  org::v1::GetNodeResponse response;
  grpc::Status status = stub_->GetNode(&context, request, &response);
  if (!status.ok()) return FromOrgStatus(status, absl::StrCat("org node ", node_id));
  return response.node();
}

absl::StatusOr<org::v1::Member> OrgClient::GetMember(int64_t member_id) {
  grpc::ClientContext context;
  Prepare(context, deadline_);
  org::v1::GetMemberRequest request;
  request.set_id(member_id);
  org::v1::GetMemberResponse response;
  grpc::Status status = stub_->GetMember(&context, request, &response);
  if (!status.ok()) return FromOrgStatus(status, absl::StrCat("member ", member_id));
  return response.member();
}

absl::StatusOr<std::vector<org::v1::Filing>> OrgClient::ListFilings(int64_t node_id) {
  grpc::ClientContext context;
  Prepare(context, kStreamDeadline);
  org::v1::ListFilingsRequest request;
  request.set_node_id(node_id);
  org::v1::ListFilingsResponse response;
  grpc::Status status = stub_->ListFilings(&context, request, &response);
  if (!status.ok()) return FromOrgStatus(status, absl::StrCat("the filings under node ", node_id));
  return std::vector<org::v1::Filing>(response.filings().begin(), response.filings().end());
}

absl::Status OrgClient::StreamTree(int64_t node_id, bool include_dissolved,
                                   const std::function<void(org::v1::StreamTreeResponse&)>& emit) {
  org::v1::StreamTreeRequest request;
  request.set_node_id(node_id);
  request.set_include_dissolved(include_dissolved);
  return ReadTree(request, emit);
}

absl::Status OrgClient::StreamTreeOfPeriod(
    int64_t node_id, const rules::Period& period,
    const std::function<void(org::v1::StreamTreeResponse&)>& emit) {
  org::v1::StreamTreeRequest request;
  request.set_node_id(node_id);
  request.mutable_period()->set_year(period.year);
  request.mutable_period()->set_month(period.month);
  return ReadTree(request, emit);
}

absl::Status OrgClient::ReadTree(const org::v1::StreamTreeRequest& base,
                                 const std::function<void(org::v1::StreamTreeResponse&)>& emit) {
  grpc::ClientContext context;
  Prepare(context, kStreamDeadline);
  org::v1::StreamTreeRequest request = base;
  request.set_batch_size(kNodesPerMessage);
  std::unique_ptr<grpc::ClientReader<org::v1::StreamTreeResponse>> reader =
      stub_->StreamTree(&context, request);
  org::v1::StreamTreeResponse response;
  org::v1::StreamTreeResponse item;  // one node at a time, as `emit` takes them
  while (reader->Read(&response)) {
    // An org server from before batch_size (a rolling upgrade) sends one node a message.
    if (response.has_node()) emit(response);
    for (org::v1::TreeNode& entry : *response.mutable_nodes()) {
      item.Clear();
      item.mutable_node()->Swap(entry.mutable_node());
      if (entry.has_leader()) item.mutable_leader()->Swap(entry.mutable_leader());
      item.mutable_leader_terms()->Swap(entry.mutable_leader_terms());
      emit(item);
    }
  }
  return FromOrgStatus(reader->Finish(), absl::StrCat("the tree under node ", request.node_id()));
}

absl::Status OrgClient::StreamMembers(int64_t node_id,
                                      const std::function<void(org::v1::Member&)>& emit) {
  org::v1::StreamMembersRequest request;
  request.set_node_id(node_id);
  return ReadMembers(request, emit);
}

absl::Status OrgClient::StreamMembersOfPeriod(int64_t node_id, const rules::Period& period,
                                              const std::function<void(org::v1::Member&)>& emit) {
  org::v1::StreamMembersRequest request;
  request.set_node_id(node_id);
  request.mutable_period()->set_year(period.year);
  request.mutable_period()->set_month(period.month);
  return ReadMembers(request, emit);
}

absl::Status OrgClient::ReadMembers(const org::v1::StreamMembersRequest& base,
                                    const std::function<void(org::v1::Member&)>& emit) {
  grpc::ClientContext context;
  Prepare(context, kStreamDeadline);
  org::v1::StreamMembersRequest request = base;
  request.set_batch_size(kMembersPerMessage);
  std::unique_ptr<grpc::ClientReader<org::v1::StreamMembersResponse>> reader =
      stub_->StreamMembers(&context, request);
  org::v1::StreamMembersResponse response;
  while (reader->Read(&response)) {
    // An org server from before batch_size (a rolling upgrade) sends one member a message.
    if (response.has_member()) emit(*response.mutable_member());
    for (org::v1::Member& member : *response.mutable_members()) emit(member);
  }
  return FromOrgStatus(reader->Finish(),
                       absl::StrCat("the members under node ", request.node_id()));
}

absl::Status OrgClient::WatchEvents(grpc::ClientContext& context, int64_t after_sequence,
                                    bool follow,
                                    const std::function<bool(const common::v1::Event&)>& on_event) {
  context.AddMetadata("authorization", "Bearer " + token_.Current(absl::Now()));
  org::v1::WatchEventsRequest request;
  request.set_after_sequence(after_sequence);
  request.set_follow(follow);
  std::unique_ptr<grpc::ClientReader<org::v1::WatchEventsResponse>> reader =
      stub_->WatchEvents(&context, request);
  org::v1::WatchEventsResponse response;
  bool stopped = false;
  while (reader->Read(&response)) {
    if (!on_event(response.event())) {
      stopped = true;
      context.TryCancel();
      break;
    }
  }
  const grpc::Status finished = reader->Finish();
  if (stopped || finished.error_code() == grpc::StatusCode::CANCELLED) return absl::OkStatus();
  return FromOrgStatus(finished, "org's events");
}

absl::StatusOr<std::vector<org::v1::LeaderTerm>> OrgClient::ListLeaderTerms(int64_t group_id) {
  grpc::ClientContext context;
  Prepare(context, deadline_);
  org::v1::ListLeaderTermsRequest request;
  request.set_group_id(group_id);
  org::v1::ListLeaderTermsResponse response;
  grpc::Status status = stub_->ListLeaderTerms(&context, request, &response);
  if (!status.ok()) return FromOrgStatus(status, absl::StrCat("the leaders of group ", group_id));
  return std::vector<org::v1::LeaderTerm>(response.terms().begin(), response.terms().end());
}

absl::StatusOr<org::v1::ListMemberHistoryResponse> OrgClient::ListMemberHistory(int64_t member_id) {
  grpc::ClientContext context;
  Prepare(context, deadline_);
  org::v1::ListMemberHistoryRequest request;
  request.set_member_id(member_id);
  org::v1::ListMemberHistoryResponse response;
  grpc::Status status = stub_->ListMemberHistory(&context, request, &response);
  if (!status.ok()) {
    return FromOrgStatus(status, absl::StrCat("the history of member ", member_id));
  }
  return response;
}

absl::StatusOr<rules::Policy> OrgClient::GetPolicy(int64_t version) {
  grpc::ClientContext context;
  Prepare(context, deadline_);
  org::v1::GetPolicyRequest request;
  request.set_version(version);
  org::v1::GetPolicyResponse response;
  grpc::Status status = stub_->GetPolicy(&context, request, &response);
  if (!status.ok()) {
    return FromOrgStatus(status, version == 0 ? std::string("the current policy")
                                              : absl::StrCat("policy version ", version));
  }
  return ToRulesPolicy(response.policy());
}

absl::StatusOr<auth::Scope> ResolveScope(OrgClient& org, const auth::Caller& caller) {
  std::string path;
  if (caller.role == auth::Role::kUnitAdmin || caller.role == auth::Role::kBranchSecretary ||
      caller.role == auth::Role::kGroupLeader ||
      (caller.role == auth::Role::kService && caller.org_node_id != 0)) {
    absl::StatusOr<org::v1::Node> node = org.GetNode(caller.org_node_id);
    if (absl::IsNotFound(node.status())) {
      return absl::PermissionDeniedError(
          absl::StrCat("the token's org node ", caller.org_node_id, " does not exist"));
    }
    if (!node.ok()) return node.status();
    path = node->path();
  }
  return auth::ScopeFor(caller, path);
}

std::shared_ptr<grpc::Channel> PeerChannel(const std::string& address, const PeerTls& tls) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  if (tls.ca_pem.empty()) {
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = tls.ca_pem;
  ssl.pem_cert_chain = tls.cert_pem;
  ssl.pem_private_key = tls.key_pem;
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(ssl), arguments);
}

}  // namespace partygroup::clients
