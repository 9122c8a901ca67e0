#include "services/org/groups.h"

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
#include "services/org/tenure_store.h"

namespace partygroup::org {
namespace {

// A decision about a group is dated on or after the group's own founding decision (第二条).
absl::Status RequireAfterFounding(const v1::Node& group, const rules::BranchDecision& decision) {
  if (!group.has_created_on()) return absl::OkStatus();
  ASSIGN_OR_RETURN(absl::CivilDay founded, proto::ToCivilDay(group.created_on(), "created_on"));
  if (decision.decided_on >= founded) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "decision.decided_on: ", proto::FormatSqlDate(decision.decided_on), " is before ",
      group.name(), " was founded on ", proto::FormatSqlDate(founded), " (第二条)"));
}

}  // namespace

using mutation::Journal;
using mutation::MutationRequest;

// ---- groups (第一条, 第二条) --------------------------------------------------------------------

absl::Status Groups::CreateGroup(const auth::Caller& caller, const v1::CreateGroupRequest& request,
                                 v1::CreateGroupResponse* response) {
  RETURN_IF_ERROR(RequireId("branch_id", request.branch_id()));
  RETURN_IF_ERROR(RequireText("name", request.name(), 200));
  RETURN_IF_ERROR(RequireMaxLength("code", request.code(), 64));
  RETURN_IF_ERROR(RequireMaxLength("external_id", request.external_id(), 128));
  ASSIGN_OR_RETURN(std::optional<rules::BranchDecision> decision,
                   ReadDecision(request.decision(), request.has_decision(), context_.zone));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "CreateGroup", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node branch, ActiveNodeOfKind(c, request.branch_id(),
                                                           v1::NODE_KIND_BRANCH, "branch_id"));
        RETURN_IF_ERROR(RequireWrite(scope, branch.path(), absl::StrCat("node ", branch.id())));
        ASSIGN_OR_RETURN(std::vector<v1::Member> members,
                         LoadBranchMembers(c, request.member_ids(), branch, "member_ids"));
        // 第一条, 第二条: the new group as the decision would make it, and what it takes away
        // from other groups.
        v1::Node draft;
        draft.set_name(request.name());
        std::vector<rules::Finding> findings =
            rules::CheckGroupDecision(rules::GroupChangeKind::kCreate, decision,
                                      ToRulesGroup(draft, branch.id(), members, std::nullopt));
        ASSIGN_OR_RETURN(std::vector<rules::Finding> sources, CheckSourceGroups(c, members, 0));
        findings.insert(findings.end(), sources.begin(), sources.end());
        RETURN_IF_ERROR(rules::RefuseViolations(findings));
        // The group sits where its branch sits: not founded before the branch took its place.
        ASSIGN_OR_RETURN(std::optional<std::string> branch_then,
                         store::PathOn(c, branch.id(), decision->decided_on));
        if (branch_then != branch.path()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "decision.decided_on: ", branch.name(), " took its place in the tree after ",
              proto::FormatSqlDate(decision->decided_on), "; a group is founded on or after it"));
        }

        ASSIGN_OR_RETURN(
            v1::Node group,
            store::InsertNode(c, branch, v1::NODE_KIND_GROUP, request.name(), request.code(),
                              request.external_id(), decision->decided_on));
        std::set<int64_t> adjusted_groups;
        for (const v1::Member& member : members) {
          if (member.group_id() != 0) {
            adjusted_groups.insert(member.group_id());
            RETURN_IF_ERROR(LeaveGroup(c, member, branch, decision->decided_on, "调入新建党小组"));
          }
          RETURN_IF_ERROR(
              JoinGroup(c, member, group, branch, decision->decided_on, decision->document_ref));
        }
        for (int64_t adjusted : adjusted_groups) {
          ASSIGN_OR_RETURN(v1::Node source, store::GetNode(c, adjusted));
          RETURN_IF_ERROR(
              OpenFiling(c, branch, source, v1::GROUP_CHANGE_KIND_ADJUST, *decision, journal)
                  .status());
        }
        ASSIGN_OR_RETURN(
            *response->mutable_filing(),
            OpenFiling(c, branch, group, v1::GROUP_CHANGE_KIND_CREATE, *decision, journal));
        journal.SetTarget("group", group.id());
        journal.AddEvent(MakeEvent("GROUP_CREATED", "group", group.id(), group.path(),
                                   {{"name", group.name()},
                                    {"branch_id", branch.id()},
                                    {"members", static_cast<int>(members.size())}}));
        ASSIGN_OR_RETURN(GroupState state, LoadGroup(c, group.id(), "group"));
        FillGroup(state, &scope, response->mutable_group());
        return absl::OkStatus();
      });
}

absl::Status Groups::AdjustGroup(const auth::Caller& caller, const v1::AdjustGroupRequest& request,
                                 v1::AdjustGroupResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  if (request.add_member_ids().empty() && request.remove_member_ids().empty()) {
    return absl::InvalidArgumentError("add_member_ids, remove_member_ids: nothing to adjust");
  }
  ASSIGN_OR_RETURN(std::optional<rules::BranchDecision> decision,
                   ReadDecision(request.decision(), request.has_decision(), context_.zone));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "AdjustGroup", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(
            RequireWrite(scope, group.node.path(), absl::StrCat("node ", group.node.id())));
        ASSIGN_OR_RETURN(
            std::vector<v1::Member> added,
            LoadBranchMembers(c, request.add_member_ids(), group.branch, "add_member_ids"));
        ASSIGN_OR_RETURN(
            std::vector<v1::Member> removed,
            LoadBranchMembers(c, request.remove_member_ids(), group.branch, "remove_member_ids"));
        for (const v1::Member& member : added) {
          if (member.group_id() == group.node.id()) {
            return absl::InvalidArgumentError(
                absl::StrCat("add_member_ids: member ", member.id(), " is in this group already"));
          }
        }
        std::set<int64_t> removing;
        for (const v1::Member& member : removed) {
          if (member.group_id() != group.node.id()) {
            return absl::InvalidArgumentError(
                absl::StrCat("remove_member_ids: member ", member.id(), " is not in this group"));
          }
          removing.insert(member.id());
        }
        std::vector<v1::Member> after;
        for (const v1::Member& member : group.members) {
          if (removing.count(member.id()) == 0) after.push_back(member);
        }
        after.insert(after.end(), added.begin(), added.end());
        std::optional<v1::LeaderTerm> leader_after = group.leader;
        if (leader_after.has_value() && removing.count(leader_after->member_id()) > 0) {
          leader_after.reset();
        }
        std::vector<rules::Finding> findings = rules::CheckGroupDecision(
            rules::GroupChangeKind::kAdjust, decision,
            ToRulesGroup(group.node, group.branch.id(), after, leader_after));
        ASSIGN_OR_RETURN(std::vector<rules::Finding> sources,
                         CheckSourceGroups(c, added, group.node.id()));
        findings.insert(findings.end(), sources.begin(), sources.end());
        RETURN_IF_ERROR(rules::RefuseViolations(findings));
        RETURN_IF_ERROR(RequireAfterFounding(group.node, *decision));

        std::set<int64_t> adjusted_groups;
        for (const v1::Member& member : removed) {
          RETURN_IF_ERROR(
              LeaveGroup(c, member, group.branch, decision->decided_on, decision->document_ref));
        }
        for (const v1::Member& member : added) {
          if (member.group_id() != 0) {
            adjusted_groups.insert(member.group_id());
            RETURN_IF_ERROR(
                LeaveGroup(c, member, group.branch, decision->decided_on, decision->document_ref));
          }
          RETURN_IF_ERROR(JoinGroup(c, member, group.node, group.branch, decision->decided_on,
                                    decision->document_ref));
        }
        for (int64_t adjusted : adjusted_groups) {
          ASSIGN_OR_RETURN(v1::Node source, store::GetNode(c, adjusted));
          RETURN_IF_ERROR(
              OpenFiling(c, group.branch, source, v1::GROUP_CHANGE_KIND_ADJUST, *decision, journal)
                  .status());
        }
        ASSIGN_OR_RETURN(*response->mutable_filing(),
                         OpenFiling(c, group.branch, group.node, v1::GROUP_CHANGE_KIND_ADJUST,
                                    *decision, journal));
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(MakeEvent("GROUP_ADJUSTED", "group", group.node.id(), group.node.path(),
                                   {{"added", static_cast<int>(added.size())},
                                    {"removed", static_cast<int>(removed.size())}}));
        ASSIGN_OR_RETURN(GroupState state, LoadGroup(c, group.node.id(), "group_id"));
        FillGroup(state, &scope, response->mutable_group());
        return absl::OkStatus();
      });
}

absl::Status Groups::DissolveGroup(const auth::Caller& caller,
                                   const v1::DissolveGroupRequest& request,
                                   v1::DissolveGroupResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  ASSIGN_OR_RETURN(std::optional<rules::BranchDecision> decision,
                   ReadDecision(request.decision(), request.has_decision(), context_.zone));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "DissolveGroup", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(
            RequireWrite(scope, group.node.path(), absl::StrCat("node ", group.node.id())));
        RETURN_IF_ERROR(rules::RefuseViolations(rules::CheckGroupDecision(
            rules::GroupChangeKind::kDissolve, decision,
            ToRulesGroup(group.node, group.branch.id(), group.members, group.leader))));
        RETURN_IF_ERROR(RequireAfterFounding(group.node, *decision));
        for (const v1::Member& member : group.members) {
          RETURN_IF_ERROR(LeaveGroup(c, member, group.branch, decision->decided_on, "党小组撤销"));
        }
        RETURN_IF_ERROR(store::DissolveNode(c, group.node.id(), decision->decided_on));
        ASSIGN_OR_RETURN(*response->mutable_filing(),
                         OpenFiling(c, group.branch, group.node, v1::GROUP_CHANGE_KIND_DISSOLVE,
                                    *decision, journal));
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(MakeEvent("GROUP_DISSOLVED", "group", group.node.id(), group.node.path(),
                                   {{"name", group.node.name()}}));
        ASSIGN_OR_RETURN(v1::Node dissolved, store::GetNode(c, group.node.id()));
        *response->mutable_group()->mutable_node() = std::move(dissolved);
        response->mutable_group()->set_branch_id(group.branch.id());
        return absl::OkStatus();
      });
}

absl::Status Groups::GetGroup(const auth::Caller& caller, const v1::GetGroupRequest& request,
                              v1::GetGroupResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  return db::RunWithConnection(context_.pool, "GetGroup", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(store::GroupRead found, store::ReadGroup(c, request.id()));
    const v1::Node& node = found.node;
    if (node.kind() != v1::NODE_KIND_GROUP) {
      return absl::InvalidArgumentError(absl::StrCat("id: node ", node.id(), " is not a group"));
    }
    RETURN_IF_ERROR(RequireRead(scope, node.path(), absl::StrCat("node ", node.id())));
    GroupState state;
    state.node = node;
    state.branch.set_id(node.parent_id());  // a group sits right under its branch (第一条)
    state.members = std::move(found.members);
    state.leader = std::move(found.leader);
    FillGroup(state, &scope, response->mutable_group());
    return absl::OkStatus();
  });
}

absl::Status Groups::CheckMembership(const auth::Caller& caller,
                                     const v1::CheckMembershipRequest& request,
                                     v1::CheckMembershipResponse* response) {
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  return db::RunWithConnection(
      context_.pool, "CheckMembership", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node group, store::GetNode(c, request.group_id()));
        RETURN_IF_ERROR(RequireRead(scope, group.path(), absl::StrCat("node ", group.id())));
        std::string member_path;
        ASSIGN_OR_RETURN(v1::Member member,
                         store::GetMember(c, request.member_id(), false, &member_path));
        // A member the caller may not read is answered as one that does not exist: the
        // answer would say where they are (branch_id).
        if (!auth::Covers(scope, member_path)) {
          return absl::NotFoundError(absl::StrCat("member ", member.id(), " does not exist"));
        }
        response->set_is_member(member.state() == v1::MEMBER_STATE_ACTIVE &&
                                member.group_id() == group.id());
        ASSIGN_OR_RETURN(std::optional<v1::LeaderTerm> leader, store::CurrentLeader(c, group.id()));
        response->set_is_leader(leader.has_value() && leader->member_id() == member.id());
        response->set_branch_id(member.branch_id());
        return absl::OkStatus();
      });
}

absl::Status Groups::ListFilings(const auth::Caller& caller, const v1::ListFilingsRequest& request,
                                 v1::ListFilingsResponse* response) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  return db::RunWithConnection(
      context_.pool, "ListFilings", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.node_id()));
        RETURN_IF_ERROR(RequireRead(scope, node.path(), absl::StrCat("node ", node.id())));
        ASSIGN_OR_RETURN(auto filings, store::ListFilingsUnder(c, node.path()));
        for (v1::Filing& filing : filings) {
          if (request.status() != v1::FILING_STATUS_UNSPECIFIED &&
              filing.status() != request.status()) {
            continue;
          }
          *response->add_filings() = std::move(filing);
        }
        return absl::OkStatus();
      });
}

absl::Status Groups::RecordFiling(const auth::Caller& caller,
                                  const v1::RecordFilingRequest& request,
                                  v1::RecordFilingResponse* response) {
  RETURN_IF_ERROR(RequireId("filing_id", request.filing_id()));
  ASSIGN_OR_RETURN(absl::CivilDay filed_on, proto::ToCivilDay(request.filed_on(), "filed_on"));
  if (filed_on > Today(context_.zone)) return absl::InvalidArgumentError("filed_on: in the future");
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordFiling", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Filing filing, store::GetFilingForUpdate(c, request.filing_id()));
        ASSIGN_OR_RETURN(v1::Node branch, store::GetNode(c, filing.branch_id()));
        // 第二条 报上级党组织备案: the filing is the superior organisation's act, recorded by a
        // role over the branch's parent (its unit or general branch, or the committee), never
        // by the branch that made the change.
        ASSIGN_OR_RETURN(v1::Node superior, store::GetNode(c, branch.parent_id()));
        if (!RequireWrite(scope, superior.path(), absl::StrCat("node ", superior.id())).ok()) {
          return absl::PermissionDeniedError(absl::StrCat(
              "第二条: the filing of branch ", branch.id(), "'s group change is recorded by node ",
              superior.id(), ", its superior (报上级党组织备案), not by the branch"));
        }
        if (filing.status() == v1::FILING_STATUS_FILED) {
          return absl::FailedPreconditionError(
              absl::StrCat("filing ", filing.id(), " has been recorded already"));
        }
        ASSIGN_OR_RETURN(absl::CivilDay decided_on,
                         proto::ToCivilDay(filing.decision().decided_on(), "decided_on"));
        if (filed_on < decided_on) {
          return absl::InvalidArgumentError("filed_on: before the decision it files");
        }
        RETURN_IF_ERROR(store::MarkFiled(c, filing.id(), filed_on));
        journal.SetTarget("filing", filing.id());
        journal.AddEvent(MakeEvent(
            "FILING_RECORDED", "filing", filing.id(), branch.path(),
            {{"group_id", filing.group_id()}, {"filed_on", proto::FormatSqlDate(filed_on)}}));
        ASSIGN_OR_RETURN(*response->mutable_filing(), store::GetFilingForUpdate(c, filing.id()));
        return absl::OkStatus();
      });
}

}  // namespace partygroup::org
