// The org service's decisions: who may do what, what the regulation allows, and what is
// recorded. Each method takes the verified caller and a request, and fills the response; every
// change runs through mutation::RunMutation (idempotent, audited, evented, all or nothing).
//
// Errors: INVALID_ARGUMENT naming the field; NOT_FOUND; PERMISSION_DENIED outside the caller's
// scope; FAILED_PRECONDITION with the rule's code and article for a violation of the regulation
// ("GROUP_TOO_SMALL (第一条): ...") or for a state that forbids the act; UNAVAILABLE when the
// database cannot be reached.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/db/connection_pool.h"
#include "common/rules/config.h"
#include "partygroup/org/v1/org_service.pb.h"
#include "services/org/csv_import.h"

namespace partygroup::org {

class OrgDomain final {
 public:
  OrgDomain(db::ConnectionPool& pool, absl::TimeZone zone, rules::RulesConfig config = {})
      : pool_(pool), zone_(zone), config_(config) {}

  absl::Status CreateNode(const auth::Caller& caller, const v1::CreateNodeRequest& request,
                          v1::CreateNodeResponse* response);
  absl::Status GetNode(const auth::Caller& caller, const v1::GetNodeRequest& request,
                       v1::GetNodeResponse* response);
  absl::Status ListNodes(const auth::Caller& caller, const v1::ListNodesRequest& request,
                         v1::ListNodesResponse* response);
  absl::Status RenameNode(const auth::Caller& caller, const v1::RenameNodeRequest& request,
                          v1::RenameNodeResponse* response);
  absl::Status MoveNode(const auth::Caller& caller, const v1::MoveNodeRequest& request,
                        v1::MoveNodeResponse* response);
  absl::Status DissolveNode(const auth::Caller& caller, const v1::DissolveNodeRequest& request,
                            v1::DissolveNodeResponse* response);

  absl::Status CreateMember(const auth::Caller& caller, const v1::CreateMemberRequest& request,
                            v1::CreateMemberResponse* response);
  absl::Status GetMember(const auth::Caller& caller, const v1::GetMemberRequest& request,
                         v1::GetMemberResponse* response);
  absl::Status ListMembers(const auth::Caller& caller, const v1::ListMembersRequest& request,
                           v1::ListMembersResponse* response);
  absl::Status UpdateMember(const auth::Caller& caller, const v1::UpdateMemberRequest& request,
                            v1::UpdateMemberResponse* response);
  absl::Status TransferMember(const auth::Caller& caller, const v1::TransferMemberRequest& request,
                              v1::TransferMemberResponse* response);
  absl::Status ListMemberHistory(const auth::Caller& caller,
                                 const v1::ListMemberHistoryRequest& request,
                                 v1::ListMemberHistoryResponse* response);

  absl::Status CreateActivist(const auth::Caller& caller, const v1::CreateActivistRequest& request,
                              v1::CreateActivistResponse* response);
  absl::Status ListActivists(const auth::Caller& caller, const v1::ListActivistsRequest& request,
                             v1::ListActivistsResponse* response);

  absl::Status CreateGroup(const auth::Caller& caller, const v1::CreateGroupRequest& request,
                           v1::CreateGroupResponse* response);
  absl::Status AdjustGroup(const auth::Caller& caller, const v1::AdjustGroupRequest& request,
                           v1::AdjustGroupResponse* response);
  absl::Status DissolveGroup(const auth::Caller& caller, const v1::DissolveGroupRequest& request,
                             v1::DissolveGroupResponse* response);
  absl::Status GetGroup(const auth::Caller& caller, const v1::GetGroupRequest& request,
                        v1::GetGroupResponse* response);
  absl::Status CheckMembership(const auth::Caller& caller,
                               const v1::CheckMembershipRequest& request,
                               v1::CheckMembershipResponse* response);
  absl::Status ListFilings(const auth::Caller& caller, const v1::ListFilingsRequest& request,
                           v1::ListFilingsResponse* response);
  absl::Status RecordFiling(const auth::Caller& caller, const v1::RecordFilingRequest& request,
                            v1::RecordFilingResponse* response);

  absl::Status AppointLeader(const auth::Caller& caller, const v1::AppointLeaderRequest& request,
                             v1::AppointLeaderResponse* response);
  absl::Status AdmonishLeader(const auth::Caller& caller, const v1::AdmonishLeaderRequest& request,
                              v1::AdmonishLeaderResponse* response);
  absl::Status ReplaceLeader(const auth::Caller& caller, const v1::ReplaceLeaderRequest& request,
                             v1::ReplaceLeaderResponse* response);
  absl::Status ListLeaderTerms(const auth::Caller& caller,
                               const v1::ListLeaderTermsRequest& request,
                               v1::ListLeaderTermsResponse* response);

  absl::Status ListFindings(const auth::Caller& caller, const v1::ListFindingsRequest& request,
                            v1::ListFindingsResponse* response);

  // OA sync: upserts keyed by external_id, row by row, in chunks; bad rows are
  // reported with their number and reason, good rows applied, none half-written.
  absl::Status ImportCsv(const auth::Caller& caller, const v1::ImportCsvRequest& request,
                         v1::ImportCsvResponse* response);
  absl::Status ImportRecords(const auth::Caller& caller, const std::string& request_id,
                             const std::vector<v1::ImportRecord>& records,
                             v1::ImportRecordsResponse* response);

  // Bulk reads for the other services: the tree and the active members under a node, handed
  // to `emit` in id order (parents before children), a group with its current leader. `emit`
  // returns false to stop.
  absl::Status StreamTree(const auth::Caller& caller, const v1::StreamTreeRequest& request,
                          const std::function<bool(v1::StreamTreeResponse&)>& emit);
  absl::Status StreamMembers(const auth::Caller& caller, const v1::StreamMembersRequest& request,
                             const std::function<bool(v1::Member&)>& emit);

  // The path prefix of the events the caller may watch ("/" for all). PERMISSION_DENIED for
  // MEMBER callers.
  absl::StatusOr<std::string> EventScope(const auth::Caller& caller);

 private:
  absl::CivilDay Today() const;
  absl::Status Import(const auth::Caller& caller, const std::string& method,
                      const std::string& request_id, const std::vector<ImportRow>& rows,
                      v1::ImportResult* result);

  db::ConnectionPool& pool_;
  const absl::TimeZone zone_;
  const rules::RulesConfig config_;
};

}  // namespace partygroup::org
