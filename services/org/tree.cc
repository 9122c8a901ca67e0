#include "services/org/tree.h"

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
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/proto/findings.h"
#include "common/rules/period.h"
#include "common/rules/structure.h"
#include "common/status/status_macros.h"
#include "services/org/org_records.h"
#include "services/org/org_store.h"
#include "services/org/scope.h"

namespace partygroup::org {

using mutation::Journal;
using mutation::MutationRequest;

// ---- the tree --------------------------------------------------------------------------------

absl::Status Tree::CreateNode(const auth::Caller& caller, const v1::CreateNodeRequest& request,
                              v1::CreateNodeResponse* response) {
  if (request.kind() == v1::NODE_KIND_GROUP) {
    return absl::InvalidArgumentError(
        "kind: a group is created by its branch's decision, with CreateGroup (第二条)");
  }
  if (request.kind() != v1::NODE_KIND_UNIT && request.kind() != v1::NODE_KIND_GENERAL_BRANCH &&
      request.kind() != v1::NODE_KIND_BRANCH) {
    return absl::InvalidArgumentError("kind: UNIT, GENERAL_BRANCH or BRANCH");
  }
  RETURN_IF_ERROR(RequireId("parent_id", request.parent_id()));
  RETURN_IF_ERROR(RequireText("name", request.name(), 200));
  RETURN_IF_ERROR(RequireMaxLength("code", request.code(), 64));
  RETURN_IF_ERROR(RequireMaxLength("external_id", request.external_id(), 128));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "CreateNode", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        absl::StatusOr<v1::Node> parent = store::GetNode(c, request.parent_id(), true);
        if (absl::IsNotFound(parent.status())) {
          return absl::NotFoundError(absl::StrCat("parent_id: ", parent.status().message()));
        }
        RETURN_IF_ERROR(parent.status());
        RETURN_IF_ERROR(RequireWrite(scope, parent->path(), absl::StrCat("node ", parent->id())));
        if (parent->status() != v1::NODE_STATUS_ACTIVE) {
          return absl::FailedPreconditionError(
              absl::StrCat("parent_id: ", parent->name(), " has been dissolved"));
        }
        if (!AllowedParent(request.kind(), parent->kind())) {
          return absl::InvalidArgumentError(
              absl::StrCat("parent_id: a ", store::NodeKindName(request.kind()),
                           " cannot sit under a ", store::NodeKindName(parent->kind())));
        }
        ASSIGN_OR_RETURN(v1::Node node,
                         store::InsertNode(c, *parent, request.kind(), request.name(),
                                           request.code(), request.external_id()));
        journal.SetTarget("node", node.id());
        journal.AddEvent(MakeEvent("NODE_CREATED", "node", node.id(), node.path(),
                                   {{"kind", store::NodeKindName(node.kind())},
                                    {"name", node.name()},
                                    {"parent_id", node.parent_id()}}));
        *response->mutable_node() = std::move(node);
        return absl::OkStatus();
      });
}

absl::Status Tree::GetNode(const auth::Caller& caller, const v1::GetNodeRequest& request,
                           v1::GetNodeResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  return db::RunWithConnection(context_.pool, "GetNode", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.id()));
    RETURN_IF_ERROR(RequireRead(scope, node.path(), absl::StrCat("node ", node.id())));
    *response->mutable_node() = std::move(node);
    return absl::OkStatus();
  });
}

absl::Status Tree::ListNodes(const auth::Caller& caller, const v1::ListNodesRequest& request,
                             v1::ListNodesResponse* response) {
  RETURN_IF_ERROR(RequireId("parent_id", request.parent_id()));
  ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  ASSIGN_OR_RETURN(int64_t after, PageAfter(request.page_token()));
  return db::RunWithConnection(context_.pool, "ListNodes", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node parent, store::GetNode(c, request.parent_id()));
    RETURN_IF_ERROR(RequireRead(scope, parent.path(), absl::StrCat("node ", parent.id())));
    ASSIGN_OR_RETURN(
        std::vector<v1::Node> nodes,
        store::ListChildren(c, parent.id(), request.include_dissolved(), after, page_size + 1));
    if (static_cast<int>(nodes.size()) > page_size) {
      nodes.pop_back();
      response->set_next_page_token(absl::StrCat(nodes.back().id()));
    }
    for (v1::Node& node : nodes) *response->add_nodes() = std::move(node);
    return absl::OkStatus();
  });
}

absl::Status Tree::RenameNode(const auth::Caller& caller, const v1::RenameNodeRequest& request,
                              v1::RenameNodeResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  RETURN_IF_ERROR(RequireText("name", request.name(), 200));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RenameNode", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.id(), true));
        RETURN_IF_ERROR(RequireWrite(scope, node.path(), absl::StrCat("node ", node.id())));
        RETURN_IF_ERROR(store::RenameNode(c, node.id(), request.name()));
        journal.SetTarget("node", node.id());
        journal.AddEvent(MakeEvent("NODE_RENAMED", "node", node.id(), node.path(),
                                   {{"old_name", node.name()}, {"name", request.name()}}));
        ASSIGN_OR_RETURN(*response->mutable_node(), store::GetNode(c, node.id()));
        return absl::OkStatus();
      });
}

absl::Status Tree::MoveNode(const auth::Caller& caller, const v1::MoveNodeRequest& request,
                            v1::MoveNodeResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  RETURN_IF_ERROR(RequireId("new_parent_id", request.new_parent_id()));
  absl::CivilDay effective_on = Today(context_.zone);
  if (proto::IsSet(request.effective_on())) {
    ASSIGN_OR_RETURN(effective_on, proto::ToCivilDay(request.effective_on(), "effective_on"));
    RETURN_IF_ERROR(RequireNotFuture("effective_on", effective_on, context_.zone));
  }
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "MoveNode", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.id(), true));
        RETURN_IF_ERROR(RequireWrite(scope, node.path(), absl::StrCat("node ", node.id())));
        if (node.kind() == v1::NODE_KIND_COMMITTEE) {
          return absl::InvalidArgumentError("id: the committee is the root; it does not move");
        }
        if (node.kind() == v1::NODE_KIND_GROUP) {
          return absl::FailedPreconditionError(
              "id: a group changes branch only by branch decisions: dissolve it and create it "
              "in the other branch (第二条)");
        }
        absl::StatusOr<v1::Node> parent = store::GetNode(c, request.new_parent_id(), true);
        // A new parent the caller may not change is refused alike whether it exists or not.
        const std::string may_not = absl::StrCat("node ", request.new_parent_id());
        if (absl::IsNotFound(parent.status())) {
          if (!scope.everything) {
            return absl::PermissionDeniedError(absl::StrCat("the caller may not change ", may_not));
          }
          return absl::NotFoundError(absl::StrCat("new_parent_id: ", parent.status().message()));
        }
        RETURN_IF_ERROR(parent.status());
        RETURN_IF_ERROR(RequireWrite(scope, parent->path(), may_not));
        if (node.status() != v1::NODE_STATUS_ACTIVE || parent->status() != v1::NODE_STATUS_ACTIVE) {
          return absl::FailedPreconditionError("a dissolved node neither moves nor receives one");
        }
        if (absl::StartsWith(parent->path(), node.path())) {
          return absl::InvalidArgumentError("new_parent_id: a node cannot move under itself");
        }
        if (!AllowedParent(node.kind(), parent->kind())) {
          return absl::InvalidArgumentError(
              absl::StrCat("new_parent_id: a ", store::NodeKindName(node.kind()),
                           " cannot sit under a ", store::NodeKindName(parent->kind())));
        }
        RETURN_IF_ERROR(store::MoveNode(c, node, *parent, effective_on));
        ASSIGN_OR_RETURN(v1::Node moved, store::GetNode(c, node.id()));
        journal.SetTarget("node", node.id());
        journal.AddEvent(MakeEvent("NODE_MOVED", "node", node.id(), moved.path(),
                                   {{"old_parent_id", node.parent_id()},
                                    {"parent_id", parent->id()},
                                    {"old_path", node.path()},
                                    {"effective_on", proto::FormatSqlDate(effective_on)}}));
        *response->mutable_node() = std::move(moved);
        return absl::OkStatus();
      });
}

absl::Status Tree::DissolveNode(const auth::Caller& caller, const v1::DissolveNodeRequest& request,
                                v1::DissolveNodeResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "DissolveNode", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.id(), true));
        RETURN_IF_ERROR(RequireWrite(scope, node.path(), absl::StrCat("node ", node.id())));
        if (node.kind() == v1::NODE_KIND_COMMITTEE) {
          return absl::InvalidArgumentError("id: the committee is not dissolved here");
        }
        if (node.kind() == v1::NODE_KIND_GROUP) {
          return absl::FailedPreconditionError(
              "id: a group is dissolved by its branch's decision, with DissolveGroup (第二条)");
        }
        if (node.status() != v1::NODE_STATUS_ACTIVE) {
          return absl::FailedPreconditionError(absl::StrCat(node.name(), " is already dissolved"));
        }
        ASSIGN_OR_RETURN(const int64_t children, store::CountActiveChildren(c, node.id()));
        if (children > 0) {
          return absl::FailedPreconditionError(
              absl::StrCat(node.name(), " still has active organisations under it"));
        }
        ASSIGN_OR_RETURN(const int64_t members, store::CountActiveMembersUnder(c, node.path()));
        if (members > 0) {
          return absl::FailedPreconditionError(
              absl::StrCat(node.name(), " still has members: transfer them first"));
        }
        RETURN_IF_ERROR(store::DissolveNode(c, node.id(), Today(context_.zone)));
        journal.SetTarget("node", node.id());
        journal.AddEvent(
            MakeEvent("NODE_DISSOLVED", "node", node.id(), node.path(), {{"name", node.name()}}));
        ASSIGN_OR_RETURN(*response->mutable_node(), store::GetNode(c, node.id()));
        return absl::OkStatus();
      });
}
// ---- bulk reads for the other services --------------------------------------------------------

absl::Status Tree::StreamTree(const auth::Caller& caller, const v1::StreamTreeRequest& request,
                              const std::function<bool(v1::StreamTreeResponse&)>& emit) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  RETURN_IF_ERROR(CheckBatchSize(request.batch_size(), "nodes"));
  return db::RunWithConnection(
      context_.pool, "StreamTree", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node root, store::GetNode(c, request.node_id()));
        RETURN_IF_ERROR(RequireRead(scope, root.path(), absl::StrCat("node ", root.id())));
        absl::flat_hash_map<int64_t, v1::LeaderTerm> leaders;
        ASSIGN_OR_RETURN(auto leader_terms, store::CurrentLeadersUnder(c, root.path()));
        for (v1::LeaderTerm& term : leader_terms) {
          const int64_t group_id = term.group_id();
          leaders[group_id] = std::move(term);
        }
        v1::StreamTreeResponse response;
        ASSIGN_OR_RETURN(auto nodes_read,
                         store::ListTreeUnder(c, root.path(), request.include_dissolved()));
        for (v1::Node& node : nodes_read) {
          response.Clear();
          if (auto leader = leaders.find(node.id()); leader != leaders.end()) {
            *response.mutable_leader() = leader->second;
          }
          *response.mutable_node() = std::move(node);
          if (!emit(response)) break;
        }
        return absl::OkStatus();
      });
}

}  // namespace partygroup::org
