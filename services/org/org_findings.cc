#include "services/org/org_findings.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/clients/org_records.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/proto/findings.h"
#include "common/rules/period.h"
#include "common/rules/structure.h"
#include "common/status/status_macros.h"
#include "services/org/org_records.h"
#include "services/org/org_store.h"
#include "services/org/policies.h"
#include "services/org/scope.h"

namespace partygroup::org {

using mutation::Journal;
using mutation::MutationRequest;

// ---- findings --------------------------------------------------------------------------------

absl::Status OrgFindings::ListFindings(const auth::Caller& caller,
                                       const v1::ListFindingsRequest& request,
                                       v1::ListFindingsResponse* response) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  return db::RunWithConnection(
      context_.pool, "ListFindings", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.node_id()));
        RETURN_IF_ERROR(RequireRead(scope, node.path(), absl::StrCat("node ", node.id())));
        const absl::Time now = absl::Now();
        const absl::CivilDay today = absl::ToCivilDay(now, context_.zone);

        ASSIGN_OR_RETURN(std::vector<v1::Node> groups,
                         store::ListActiveNodesUnder(c, node.path(), v1::NODE_KIND_GROUP));
        ASSIGN_OR_RETURN(std::vector<v1::Node> branches,
                         store::ListActiveNodesUnder(c, node.path(), v1::NODE_KIND_BRANCH));
        std::map<int64_t, std::vector<v1::Member>> by_group;
        std::map<int64_t, int> members_per_branch;
        std::map<int64_t, std::vector<rules::Member>> ungrouped;
        ASSIGN_OR_RETURN(auto members, store::ListActiveMembersUnder(c, node.path()));
        for (v1::Member& member : members) {
          ++members_per_branch[member.branch_id()];
          if (member.group_id() == 0) {
            ungrouped[member.branch_id()].push_back(clients::ToRulesMember(member, 0));
          } else {
            by_group[member.group_id()].push_back(std::move(member));
          }
        }
        std::map<int64_t, v1::LeaderTerm> leaders;
        ASSIGN_OR_RETURN(auto leader_terms, store::CurrentLeadersUnder(c, node.path()));
        for (v1::LeaderTerm& term : leader_terms) {
          leaders[term.group_id()] = std::move(term);
        }
        std::map<int64_t, int> groups_per_branch;
        for (const v1::Node& group : groups) {
          ++groups_per_branch[group.parent_id()];
          std::optional<v1::LeaderTerm> leader;
          if (auto it = leaders.find(group.id()); it != leaders.end()) leader = it->second;
          for (const rules::Finding& finding : rules::CheckGroupStanding(
                   ToRulesGroup(group, group.parent_id(), by_group[group.id()], leader))) {
            *response->add_findings() = proto::ToProto(finding, now);
          }
        }
        std::map<int64_t, std::vector<rules::GroupChange>> changes;
        ASSIGN_OR_RETURN(auto filings, store::ListFilingsUnder(c, node.path()));
        for (const v1::Filing& filing : filings) {
          rules::GroupChange change;
          change.id = filing.id();
          change.group_id = filing.group_id();
          change.group_name = filing.group_name();
          ASSIGN_OR_RETURN(change.decided_on,
                           proto::ToCivilDay(filing.decision().decided_on(), "decided_on"));
          if (filing.status() == v1::FILING_STATUS_FILED) {
            ASSIGN_OR_RETURN(change.filed_on, proto::ToCivilDay(filing.filed_on(), "filed_on"));
          }
          changes[filing.branch_id()].push_back(std::move(change));
        }
        ASSIGN_OR_RETURN(const rules::Policy policy, CurrentPolicy(c));
        for (const v1::Node& branch_node : branches) {
          rules::Branch branch;
          branch.id = branch_node.id();
          branch.name = branch_node.name();
          branch.member_count = members_per_branch[branch.id];
          branch.active_group_count = groups_per_branch[branch.id];
          branch.changes = changes[branch.id];
          branch.ungrouped = ungrouped[branch.id];
          for (const rules::Finding& finding : rules::CheckBranch(branch, today, policy)) {
            *response->add_findings() = proto::ToProto(finding, now);
          }
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<std::string> OrgFindings::EventScope(const auth::Caller& caller) {
  std::string prefix;
  RETURN_IF_ERROR(
      db::RunWithConnection(context_.pool, "WatchEvents", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        if (scope.member_only) {
          return absl::PermissionDeniedError("a member may not watch the organisation's events");
        }
        prefix = scope.everything ? "/" : scope.path;
        return absl::OkStatus();
      }));
  return prefix;
}

}  // namespace partygroup::org
