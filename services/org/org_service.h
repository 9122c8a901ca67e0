// partygroup.org.v1.OrgService: translates gRPC to the calls of the slice that holds each part of
// the organisation, and back, nothing else. Each handler authenticates the caller, hands the
// request to its slice, and converts the status; the slice decides.
#pragma once

#include "common/server/handlers.h"
#include "common/server/runtime.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"
#include "services/org/groups.h"
#include "services/org/leaders.h"
#include "services/org/members.h"
#include "services/org/oa_import.h"
#include "services/org/org_findings.h"
#include "services/org/org_records.h"
#include "services/org/organisation_of_period.h"
#include "services/org/policies.h"
#include "services/org/tree.h"

namespace partygroup::org {

class OrgServiceImpl final : public partygroup::org::v1::OrgService::Service {
 public:
  explicit OrgServiceImpl(server::Runtime& runtime)
      : runtime_(runtime),
        context_{runtime.pool(), runtime.time_zone()},
        tree_(context_),
        members_(context_),
        groups_(context_),
        leaders_(context_),
        findings_(context_),
        import_(context_),
        period_(context_),
        policies_(context_) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* context,
                              const v1::GetServiceInfoRequest* request,
                              v1::GetServiceInfoResponse* response) override;
  // Streams the event log after request->after_sequence(); with follow, keeps streaming new
  // events until the call is cancelled or the server shuts down.
  grpc::Status WatchEvents(grpc::ServerContext* context, const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::WatchEventsResponse>* writer) override;

  grpc::Status CreateNode(grpc::ServerContext* context, const v1::CreateNodeRequest* request,
                          v1::CreateNodeResponse* response) override {
    return server::Handle(runtime_, context, tree_, &Tree::CreateNode, *request, response);
  }
  grpc::Status GetNode(grpc::ServerContext* context, const v1::GetNodeRequest* request,
                       v1::GetNodeResponse* response) override {
    return server::Handle(runtime_, context, tree_, &Tree::GetNode, *request, response);
  }
  grpc::Status ListNodes(grpc::ServerContext* context, const v1::ListNodesRequest* request,
                         v1::ListNodesResponse* response) override {
    return server::Handle(runtime_, context, tree_, &Tree::ListNodes, *request, response);
  }
  grpc::Status RenameNode(grpc::ServerContext* context, const v1::RenameNodeRequest* request,
                          v1::RenameNodeResponse* response) override {
    return server::Handle(runtime_, context, tree_, &Tree::RenameNode, *request, response);
  }
  grpc::Status MoveNode(grpc::ServerContext* context, const v1::MoveNodeRequest* request,
                        v1::MoveNodeResponse* response) override {
    return server::Handle(runtime_, context, tree_, &Tree::MoveNode, *request, response);
  }
  grpc::Status DissolveNode(grpc::ServerContext* context, const v1::DissolveNodeRequest* request,
                            v1::DissolveNodeResponse* response) override {
    return server::Handle(runtime_, context, tree_, &Tree::DissolveNode, *request, response);
  }
  grpc::Status CreateMember(grpc::ServerContext* context, const v1::CreateMemberRequest* request,
                            v1::CreateMemberResponse* response) override {
    return server::Handle(runtime_, context, members_, &Members::CreateMember, *request, response);
  }
  grpc::Status GetMember(grpc::ServerContext* context, const v1::GetMemberRequest* request,
                         v1::GetMemberResponse* response) override {
    return server::Handle(runtime_, context, members_, &Members::GetMember, *request, response);
  }
  grpc::Status ListMembers(grpc::ServerContext* context, const v1::ListMembersRequest* request,
                           v1::ListMembersResponse* response) override {
    return server::Handle(runtime_, context, members_, &Members::ListMembers, *request, response);
  }
  grpc::Status UpdateMember(grpc::ServerContext* context, const v1::UpdateMemberRequest* request,
                            v1::UpdateMemberResponse* response) override {
    return server::Handle(runtime_, context, members_, &Members::UpdateMember, *request, response);
  }
  grpc::Status TransferMember(grpc::ServerContext* context,
                              const v1::TransferMemberRequest* request,
                              v1::TransferMemberResponse* response) override {
    return server::Handle(runtime_, context, members_, &Members::TransferMember, *request,
                          response);
  }
  grpc::Status ListMemberHistory(grpc::ServerContext* context,
                                 const v1::ListMemberHistoryRequest* request,
                                 v1::ListMemberHistoryResponse* response) override {
    return server::Handle(runtime_, context, members_, &Members::ListMemberHistory, *request,
                          response);
  }
  grpc::Status CreateActivist(grpc::ServerContext* context,
                              const v1::CreateActivistRequest* request,
                              v1::CreateActivistResponse* response) override {
    return server::Handle(runtime_, context, members_, &Members::CreateActivist, *request,
                          response);
  }
  grpc::Status ListActivists(grpc::ServerContext* context, const v1::ListActivistsRequest* request,
                             v1::ListActivistsResponse* response) override {
    return server::Handle(runtime_, context, members_, &Members::ListActivists, *request, response);
  }
  grpc::Status CreateGroup(grpc::ServerContext* context, const v1::CreateGroupRequest* request,
                           v1::CreateGroupResponse* response) override {
    return server::Handle(runtime_, context, groups_, &Groups::CreateGroup, *request, response);
  }
  grpc::Status AdjustGroup(grpc::ServerContext* context, const v1::AdjustGroupRequest* request,
                           v1::AdjustGroupResponse* response) override {
    return server::Handle(runtime_, context, groups_, &Groups::AdjustGroup, *request, response);
  }
  grpc::Status DissolveGroup(grpc::ServerContext* context, const v1::DissolveGroupRequest* request,
                             v1::DissolveGroupResponse* response) override {
    return server::Handle(runtime_, context, groups_, &Groups::DissolveGroup, *request, response);
  }
  grpc::Status GetGroup(grpc::ServerContext* context, const v1::GetGroupRequest* request,
                        v1::GetGroupResponse* response) override {
    return server::Handle(runtime_, context, groups_, &Groups::GetGroup, *request, response);
  }
  grpc::Status CheckMembership(grpc::ServerContext* context,
                               const v1::CheckMembershipRequest* request,
                               v1::CheckMembershipResponse* response) override {
    return server::Handle(runtime_, context, groups_, &Groups::CheckMembership, *request, response);
  }
  grpc::Status ListFilings(grpc::ServerContext* context, const v1::ListFilingsRequest* request,
                           v1::ListFilingsResponse* response) override {
    return server::Handle(runtime_, context, groups_, &Groups::ListFilings, *request, response);
  }
  grpc::Status RecordFiling(grpc::ServerContext* context, const v1::RecordFilingRequest* request,
                            v1::RecordFilingResponse* response) override {
    return server::Handle(runtime_, context, groups_, &Groups::RecordFiling, *request, response);
  }
  grpc::Status AppointLeader(grpc::ServerContext* context, const v1::AppointLeaderRequest* request,
                             v1::AppointLeaderResponse* response) override {
    return server::Handle(runtime_, context, leaders_, &Leaders::AppointLeader, *request, response);
  }
  grpc::Status AdmonishLeader(grpc::ServerContext* context,
                              const v1::AdmonishLeaderRequest* request,
                              v1::AdmonishLeaderResponse* response) override {
    return server::Handle(runtime_, context, leaders_, &Leaders::AdmonishLeader, *request,
                          response);
  }
  grpc::Status ReplaceLeader(grpc::ServerContext* context, const v1::ReplaceLeaderRequest* request,
                             v1::ReplaceLeaderResponse* response) override {
    return server::Handle(runtime_, context, leaders_, &Leaders::ReplaceLeader, *request, response);
  }
  grpc::Status ListLeaderTerms(grpc::ServerContext* context,
                               const v1::ListLeaderTermsRequest* request,
                               v1::ListLeaderTermsResponse* response) override {
    return server::Handle(runtime_, context, leaders_, &Leaders::ListLeaderTerms, *request,
                          response);
  }
  grpc::Status CreatePolicy(grpc::ServerContext* context, const v1::CreatePolicyRequest* request,
                            v1::CreatePolicyResponse* response) override {
    return server::Handle(runtime_, context, policies_, &Policies::CreatePolicy, *request,
                          response);
  }
  grpc::Status GetPolicy(grpc::ServerContext* context, const v1::GetPolicyRequest* request,
                         v1::GetPolicyResponse* response) override {
    return server::Handle(runtime_, context, policies_, &Policies::GetPolicy, *request, response);
  }
  grpc::Status ListPolicies(grpc::ServerContext* context, const v1::ListPoliciesRequest* request,
                            v1::ListPoliciesResponse* response) override {
    return server::Handle(runtime_, context, policies_, &Policies::ListPolicies, *request,
                          response);
  }
  grpc::Status ListFindings(grpc::ServerContext* context, const v1::ListFindingsRequest* request,
                            v1::ListFindingsResponse* response) override {
    return server::Handle(runtime_, context, findings_, &OrgFindings::ListFindings, *request,
                          response);
  }
  grpc::Status ImportCsv(grpc::ServerContext* context, const v1::ImportCsvRequest* request,
                         v1::ImportCsvResponse* response) override {
    return server::Handle(runtime_, context, import_, &OaImport::ImportCsv, *request, response);
  }

  grpc::Status StreamTree(grpc::ServerContext* context, const v1::StreamTreeRequest* request,
                          grpc::ServerWriter<v1::StreamTreeResponse>* writer) override;
  grpc::Status StreamMembers(grpc::ServerContext* context, const v1::StreamMembersRequest* request,
                             grpc::ServerWriter<v1::StreamMembersResponse>* writer) override;
  // Reads the whole stream (the request_id from its first message), then imports.
  grpc::Status ImportRecords(grpc::ServerContext* context,
                             grpc::ServerReader<v1::ImportRecordsRequest>* reader,
                             v1::ImportRecordsResponse* response) override;

 private:
  server::Runtime& runtime_;
  const OrgContext context_;
  Tree tree_;                    // units, general branches, branches
  Members members_;              // members, transfers, activists
  Groups groups_;                // 第一条, 第二条: groups and their filings
  Leaders leaders_;              // 第十条 to 第十三条
  OrgFindings findings_;         // what falls short, and the events a caller may watch
  OaImport import_;              // the OA systems' directories
  OrganisationOfPeriod period_;  // the organisation as it stood during a period
  Policies policies_;            // 本委政策: the committee's numbers, as versions
};

}  // namespace partygroup::org
