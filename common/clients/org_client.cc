#include "common/clients/org_client.h"

#include <grpcpp/client_context.h>
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

OrgClient::OrgClient(std::shared_ptr<grpc::Channel> channel, std::string service_token,
                     absl::Duration deadline)
    : stub_(org::v1::OrgService::NewStub(std::move(channel))),
      token_(std::move(service_token)),
      deadline_(deadline) {}

absl::StatusOr<org::v1::Group> OrgClient::GetGroup(int64_t group_id) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  context.AddMetadata("authorization", "Bearer " + token_);
  org::v1::GetGroupRequest request;
  request.set_id(group_id);
  org::v1::GetGroupResponse response;
  grpc::Status status = stub_->GetGroup(&context, request, &response);
  if (!status.ok()) return FromOrgStatus(status, absl::StrCat("group ", group_id));
  return response.group();
}

absl::StatusOr<org::v1::Node> OrgClient::GetNode(int64_t node_id) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  context.AddMetadata("authorization", "Bearer " + token_);
  org::v1::GetNodeRequest request;
  request.set_id(node_id);
  org::v1::GetNodeResponse response;
  grpc::Status status = stub_->GetNode(&context, request, &response);
  if (!status.ok()) return FromOrgStatus(status, absl::StrCat("org node ", node_id));
  return response.node();
}

rules::Group ToRulesGroup(const org::v1::Group& group) {
  rules::Group out;
  out.id = group.node().id();
  out.name = group.node().name();
  out.branch_id = group.branch_id();
  for (const org::v1::Member& member : group.members()) {
    rules::Member m;
    m.id = member.id();
    m.name = member.name();
    m.status = member.status() == org::v1::MEMBER_STATUS_FORMAL
                   ? rules::MemberStatus::kFormal
                   : rules::MemberStatus::kProbationary;
    m.leading_cadre = member.leading_cadre();
    if (member.has_joined_group_on()) {
      m.joined_on =
          absl::CivilDay(member.joined_group_on().year(), member.joined_group_on().month(),
                         member.joined_group_on().day());
    }
    out.members.push_back(std::move(m));
  }
  if (group.has_leader()) out.leader_id = group.leader().member_id();
  if (group.has_created_on()) {
    out.created_on = absl::CivilDay(group.created_on().year(), group.created_on().month(),
                                    group.created_on().day());
  }
  return out;
}

std::shared_ptr<grpc::Channel> PeerChannel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

}  // namespace partygroup::clients
