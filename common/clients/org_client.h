// How activity and assessment ask the org service: who is in a group, who leads it, where a
// node sits. Calls carry this server's own SERVICE token and a deadline. The end user's rights
// are checked by the calling service before it asks.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/auth/scope.h"
#include "common/auth/service_token.h"
#include "common/clients/org_records.h"
#include "common/rules/model.h"
#include "partygroup/common/v1/event.pb.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"

namespace partygroup::clients {

// An org service status as this service reports it: NOT_FOUND and INVALID_ARGUMENT pass through
// (the caller named something wrong); anything else means org could not answer: UNAVAILABLE,
// never a guess.
absl::Status FromOrgStatus(const grpc::Status& status, absl::string_view what);

class OrgClient {
 public:
  OrgClient(std::shared_ptr<grpc::Channel> channel, auth::ServiceToken service_token,
            absl::Duration deadline = absl::Seconds(5));
  virtual ~OrgClient() = default;

  virtual absl::StatusOr<org::v1::Group> GetGroup(int64_t group_id);
  virtual absl::StatusOr<org::v1::Node> GetNode(int64_t node_id);
  virtual absl::StatusOr<org::v1::Member> GetMember(int64_t member_id);
  // The filings (第二条) of the branches under a node.
  virtual absl::StatusOr<std::vector<org::v1::Filing>> ListFilings(int64_t node_id);

  // The streams of a subtree, handed to `emit` message by message (parents before children).
  // A stream broken half-way is UNAVAILABLE: the caller must not use what it received as whole.
  virtual absl::Status StreamTree(int64_t node_id, bool include_dissolved,
                                  const std::function<void(org::v1::StreamTreeResponse&)>& emit);
  virtual absl::Status StreamMembers(int64_t node_id,
                                     const std::function<void(org::v1::Member&)>& emit);
  // The same streams as the subtree stood during `period` (StreamTreeRequest.period): its nodes
  // with their groups' leader terms, its members with their spells.
  virtual absl::Status StreamTreeOfPeriod(
      int64_t node_id, const rules::Period& period,
      const std::function<void(org::v1::StreamTreeResponse&)>& emit);
  virtual absl::Status StreamMembersOfPeriod(int64_t node_id, const rules::Period& period,
                                             const std::function<void(org::v1::Member&)>& emit);
  // Org's event log after `after_sequence` (with `follow`, and the events committed later), each
  // to `on_event` until it returns false, the stream ends, or `context` is cancelled from another
  // thread (TryCancel: OK). The call has no deadline; the caller owns `context`.
  virtual absl::Status WatchEvents(grpc::ClientContext& context, int64_t after_sequence,
                                   bool follow,
                                   const std::function<bool(const common::v1::Event&)>& on_event);
  // A group's leader terms, past and current (ListLeaderTerms).
  virtual absl::StatusOr<std::vector<org::v1::LeaderTerm>> ListLeaderTerms(int64_t group_id);
  // A member's history and spells (ListMemberHistory).
  virtual absl::StatusOr<org::v1::ListMemberHistoryResponse> ListMemberHistory(int64_t member_id);
  // The committee's policy version `version` (0: the current one), as the rules read it.
  virtual absl::StatusOr<rules::Policy> GetPolicy(int64_t version);

 private:
  void Prepare(grpc::ClientContext& context, absl::Duration deadline) const;
  absl::Status ReadTree(const org::v1::StreamTreeRequest& request,
                        const std::function<void(org::v1::StreamTreeResponse&)>& emit);
  absl::Status ReadMembers(const org::v1::StreamMembersRequest& request,
                           const std::function<void(org::v1::Member&)>& emit);

  // A peer that has just come back is used at once: a channel that is not connected is given up
  // to a second to connect before a call (PeerChannel retries within a second).
  void AwaitPeer() const;

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<org::v1::OrgService::Stub> stub_;
  const auth::ServiceToken token_;
  const absl::Duration deadline_;
};

// The caller's scope, with the path of its org node asked of the org service (UNIT_ADMIN,
// BRANCH_SECRETARY, GROUP_LEADER). PERMISSION_DENIED when the token names a node that does not
// exist; UNAVAILABLE when org cannot answer.
absl::StatusOr<auth::Scope> ResolveScope(OrgClient& org, const auth::Caller& caller);

// TLS to a peer: the CA its certificate is checked against (empty: plaintext) and the client
// certificate and key presented to it (mTLS; both empty when the peer asks for none).
struct PeerTls {
  std::string ca_pem;
  std::string cert_pem;
  std::string key_pem;
};
// A channel to a peer at `address`. It tries to reconnect to a peer that went away at least
// every second (gRPC's default backoff grows to two minutes), so that a peer that comes back is
// used at once.
std::shared_ptr<grpc::Channel> PeerChannel(const std::string& address, const PeerTls& tls = {});

}  // namespace partygroup::clients
