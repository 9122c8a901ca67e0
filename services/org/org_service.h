// partygroup.org.v1.OrgService: translates gRPC to OrgDomain calls and back, nothing else.
// Each handler authenticates the caller, hands the request to the domain, and converts the
// status; the domain decides.
#pragma once

#include "common/server/grpc_status.h"
#include "common/server/runtime.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"
#include "services/org/org_domain.h"

namespace partygroup::org {

class OrgServiceImpl final : public partygroup::org::v1::OrgService::Service {
 public:
  explicit OrgServiceImpl(server::Runtime& runtime)
      : runtime_(runtime), domain_(runtime.pool(), runtime.time_zone()) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* context,
                              const v1::GetServiceInfoRequest* request,
                              v1::GetServiceInfoResponse* response) override;
  // Streams the event log after request->after_sequence(); with follow, keeps streaming new
  // events until the call is cancelled or the server shuts down.
  grpc::Status WatchEvents(grpc::ServerContext* context, const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::WatchEventsResponse>* writer) override;

  grpc::Status CreateNode(grpc::ServerContext* context, const v1::CreateNodeRequest* request,
                      v1::CreateNodeResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::CreateNode);
  }
  grpc::Status GetNode(grpc::ServerContext* context, const v1::GetNodeRequest* request,
                      v1::GetNodeResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::GetNode);
  }
  grpc::Status ListNodes(grpc::ServerContext* context, const v1::ListNodesRequest* request,
                      v1::ListNodesResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ListNodes);
  }
  grpc::Status RenameNode(grpc::ServerContext* context, const v1::RenameNodeRequest* request,
                      v1::RenameNodeResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::RenameNode);
  }
  grpc::Status MoveNode(grpc::ServerContext* context, const v1::MoveNodeRequest* request,
                      v1::MoveNodeResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::MoveNode);
  }
  grpc::Status DissolveNode(grpc::ServerContext* context, const v1::DissolveNodeRequest* request,
                      v1::DissolveNodeResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::DissolveNode);
  }
  grpc::Status CreateMember(grpc::ServerContext* context, const v1::CreateMemberRequest* request,
                      v1::CreateMemberResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::CreateMember);
  }
  grpc::Status GetMember(grpc::ServerContext* context, const v1::GetMemberRequest* request,
                      v1::GetMemberResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::GetMember);
  }
  grpc::Status ListMembers(grpc::ServerContext* context, const v1::ListMembersRequest* request,
                      v1::ListMembersResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ListMembers);
  }
  grpc::Status UpdateMember(grpc::ServerContext* context, const v1::UpdateMemberRequest* request,
                      v1::UpdateMemberResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::UpdateMember);
  }
  grpc::Status TransferMember(grpc::ServerContext* context, const v1::TransferMemberRequest* request,
                      v1::TransferMemberResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::TransferMember);
  }
  grpc::Status ListMemberHistory(grpc::ServerContext* context, const v1::ListMemberHistoryRequest* request,
                      v1::ListMemberHistoryResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ListMemberHistory);
  }
  grpc::Status CreateActivist(grpc::ServerContext* context, const v1::CreateActivistRequest* request,
                      v1::CreateActivistResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::CreateActivist);
  }
  grpc::Status ListActivists(grpc::ServerContext* context, const v1::ListActivistsRequest* request,
                      v1::ListActivistsResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ListActivists);
  }
  grpc::Status CreateGroup(grpc::ServerContext* context, const v1::CreateGroupRequest* request,
                      v1::CreateGroupResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::CreateGroup);
  }
  grpc::Status AdjustGroup(grpc::ServerContext* context, const v1::AdjustGroupRequest* request,
                      v1::AdjustGroupResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::AdjustGroup);
  }
  grpc::Status DissolveGroup(grpc::ServerContext* context, const v1::DissolveGroupRequest* request,
                      v1::DissolveGroupResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::DissolveGroup);
  }
  grpc::Status GetGroup(grpc::ServerContext* context, const v1::GetGroupRequest* request,
                      v1::GetGroupResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::GetGroup);
  }
  grpc::Status CheckMembership(grpc::ServerContext* context, const v1::CheckMembershipRequest* request,
                      v1::CheckMembershipResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::CheckMembership);
  }
  grpc::Status ListFilings(grpc::ServerContext* context, const v1::ListFilingsRequest* request,
                      v1::ListFilingsResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ListFilings);
  }
  grpc::Status RecordFiling(grpc::ServerContext* context, const v1::RecordFilingRequest* request,
                      v1::RecordFilingResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::RecordFiling);
  }
  grpc::Status AppointLeader(grpc::ServerContext* context, const v1::AppointLeaderRequest* request,
                      v1::AppointLeaderResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::AppointLeader);
  }
  grpc::Status AdmonishLeader(grpc::ServerContext* context, const v1::AdmonishLeaderRequest* request,
                      v1::AdmonishLeaderResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::AdmonishLeader);
  }
  grpc::Status ReplaceLeader(grpc::ServerContext* context, const v1::ReplaceLeaderRequest* request,
                      v1::ReplaceLeaderResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ReplaceLeader);
  }
  grpc::Status ListLeaderTerms(grpc::ServerContext* context, const v1::ListLeaderTermsRequest* request,
                      v1::ListLeaderTermsResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ListLeaderTerms);
  }
  grpc::Status ListFindings(grpc::ServerContext* context, const v1::ListFindingsRequest* request,
                      v1::ListFindingsResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ListFindings);
  }
  grpc::Status ImportCsv(grpc::ServerContext* context, const v1::ImportCsvRequest* request,
                      v1::ImportCsvResponse* response) override {
    return Handle(context, *request, response, &OrgDomain::ImportCsv);
  }

  grpc::Status StreamTree(grpc::ServerContext* context, const v1::StreamTreeRequest* request,
                          grpc::ServerWriter<v1::StreamTreeResponse>* writer) override;
  grpc::Status StreamMembers(grpc::ServerContext* context,
                             const v1::StreamMembersRequest* request,
                             grpc::ServerWriter<v1::StreamMembersResponse>* writer) override;
  // Reads the whole stream (the request_id from its first message), then imports.
  grpc::Status ImportRecords(grpc::ServerContext* context,
                             grpc::ServerReader<v1::ImportRecordsRequest>* reader,
                             v1::ImportRecordsResponse* response) override;

 private:
  template <typename Request, typename Response>
  grpc::Status Handle(grpc::ServerContext* context, const Request& request, Response* response,
                      absl::Status (OrgDomain::*method)(const auth::Caller&, const Request&,
                                                        Response*)) {
    absl::StatusOr<auth::Caller> caller = runtime_.authenticator().Authenticate(*context);
    if (!caller.ok()) return server::ToGrpcStatus(caller.status());
    return server::ToGrpcStatus((domain_.*method)(*caller, request, response));
  }

  server::Runtime& runtime_;
  OrgDomain domain_;
};

}  // namespace partygroup::org
