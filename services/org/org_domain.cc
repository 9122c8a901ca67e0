#include "services/org/org_domain.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
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
#include "services/org/org_store.h"
#include "services/org/scope.h"

namespace partygroup::org {
namespace {

using mutation::Journal;
using mutation::MutationRequest;

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

// ---- validation ----------------------------------------------------------------------------

// Characters, as MySQL's VARCHAR(n) counts them in utf8mb4: bytes that do not continue one.
size_t Utf8Length(const std::string& text) {
  size_t length = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++length;
  }
  return length;
}

absl::Status RequireMaxLength(absl::string_view field, const std::string& value, size_t max_chars) {
  if (Utf8Length(value) > max_chars) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": at most ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

absl::Status RequireText(absl::string_view field, const std::string& value, size_t max_chars) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  return RequireMaxLength(field, value, max_chars);
}

absl::Status RequireId(absl::string_view field, int64_t id) {
  if (id <= 0) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  return absl::OkStatus();
}

absl::Status ValidatePhone(const std::string& phone) {
  if (phone.size() > 32) return absl::InvalidArgumentError("phone: at most 32 characters");
  for (char c : phone) {
    if (!absl::ascii_isdigit(c) && c != '+' && c != '-' && c != ' ') {
      return absl::InvalidArgumentError("phone: digits, spaces, + and - only");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int> PageSize(int32_t requested) {
  if (requested < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return std::min<int>(requested, kMaxPageSize);
}

absl::StatusOr<int64_t> PageAfter(const std::string& token) {
  if (token.empty()) return 0;
  int64_t after = 0;
  if (!absl::SimpleAtoi(token, &after) || after < 0) {
    return absl::InvalidArgumentError("page_token: not a token this service gave out");
  }
  return after;
}

// A branch decision as the rules see it: absent when the request gave none; INVALID_ARGUMENT
// when a date was given that is not a date.
absl::StatusOr<std::optional<rules::BranchDecision>> ReadDecision(const v1::BranchDecision& d,
                                                                  bool present) {
  if (!present || !proto::IsSet(d.decided_on())) return std::optional<rules::BranchDecision>();
  ASSIGN_OR_RETURN(absl::CivilDay day, proto::ToCivilDay(d.decided_on(), "decision.decided_on"));
  RETURN_IF_ERROR(RequireMaxLength("decision.document_ref", d.document_ref(), 200));
  return std::optional<rules::BranchDecision>(rules::BranchDecision{day, d.document_ref()});
}

// ---- rules -----------------------------------------------------------------------------------

rules::Member ToRulesMember(const v1::Member& member) {
  rules::Member m;
  m.id = member.id();
  m.name = member.name();
  m.status = member.status() == v1::MEMBER_STATUS_FORMAL ? rules::MemberStatus::kFormal
                                                         : rules::MemberStatus::kProbationary;
  m.leading_cadre = member.leading_cadre();
  return m;
}

rules::Group ToRulesGroup(const v1::Node& node, int64_t branch_id,
                          const std::vector<v1::Member>& members,
                          const std::optional<v1::LeaderTerm>& leader) {
  rules::Group group;
  group.id = node.id();
  group.name = node.name();
  group.branch_id = branch_id;
  for (const v1::Member& member : members) group.members.push_back(ToRulesMember(member));
  if (leader.has_value()) group.leader_id = leader->member_id();
  return group;
}

// ---- events ----------------------------------------------------------------------------------

mutation::Event MakeEvent(std::string kind, std::string target_kind, int64_t target_id,
                          std::string path, nlohmann::json payload) {
  return mutation::Event{std::move(kind), std::move(target_kind), target_id, std::move(path),
                         payload.dump()};
}

// ---- loading ---------------------------------------------------------------------------------

absl::StatusOr<v1::Node> ActiveNodeOfKind(sql::Connection& c, int64_t id, v1::NodeKind kind,
                                          absl::string_view field) {
  absl::StatusOr<v1::Node> node = store::GetNode(c, id, /*for_update=*/true);
  if (absl::IsNotFound(node.status())) {
    return absl::NotFoundError(absl::StrCat(field, ": ", node.status().message()));
  }
  RETURN_IF_ERROR(node.status());
  if (node->kind() != kind) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": node ", id, " is a ",
                                                   store::NodeKindName(node->kind()), ", not a ",
                                                   store::NodeKindName(kind)));
  }
  if (node->status() != v1::NODE_STATUS_ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", node->name(), " (", id, ") has been dissolved"));
  }
  return node;
}

struct GroupState {
  v1::Node node;
  v1::Node branch;
  std::vector<v1::Member> members;
  std::optional<v1::LeaderTerm> leader;
};

absl::StatusOr<GroupState> LoadGroup(sql::Connection& c, int64_t group_id,
                                     absl::string_view field) {
  GroupState state;
  ASSIGN_OR_RETURN(state.node, ActiveNodeOfKind(c, group_id, v1::NODE_KIND_GROUP, field));
  ASSIGN_OR_RETURN(state.branch, store::GetNode(c, state.node.parent_id()));
  state.members = store::ListGroupMembers(c, group_id);
  state.leader = store::CurrentLeader(c, group_id);
  return state;
}

void FillGroup(const GroupState& state, const Scope* scope, v1::Group* out) {
  *out->mutable_node() = state.node;
  out->set_branch_id(state.branch.id());
  for (const v1::Member& member : state.members) {
    v1::Member* m = out->add_members();
    *m = member;
    if (scope != nullptr && !MaySeePhone(*scope, member.id(), state.node.path())) m->clear_phone();
  }
  if (state.leader.has_value()) *out->mutable_leader() = *state.leader;
  if (state.node.has_created_on()) *out->mutable_created_on() = state.node.created_on();
}

// Members named by a request: they exist, are active and belong to `branch`. No duplicates.
absl::StatusOr<std::vector<v1::Member>> LoadBranchMembers(
    sql::Connection& c, const google::protobuf::RepeatedField<int64_t>& ids, const v1::Node& branch,
    absl::string_view field) {
  std::vector<v1::Member> members;
  std::set<int64_t> seen;
  for (int64_t id : ids) {
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": member ", id, " is listed twice"));
    }
    absl::StatusOr<v1::Member> member = store::GetMember(c, id, /*for_update=*/true);
    if (absl::IsNotFound(member.status())) {
      return absl::NotFoundError(absl::StrCat(field, ": ", member.status().message()));
    }
    RETURN_IF_ERROR(member.status());
    if (member->state() != v1::MEMBER_STATE_ACTIVE) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": member ", id, " has been transferred out"));
    }
    if (member->branch_id() != branch.id()) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": member ", id, " belongs to branch ", member->branch_id(), ", not ",
                       branch.name(), " (", branch.id(), ")"));
    }
    members.push_back(*std::move(member));
  }
  return members;
}

// Takes `member` out of its group (if any) back into its branch, ending a leader term it held.
void LeaveGroup(sql::Connection& c, const v1::Member& member, const v1::Node& branch,
                absl::CivilDay day, const std::string& note) {
  if (member.group_id() == 0) return;
  std::optional<v1::LeaderTerm> leader = store::CurrentLeader(c, member.group_id());
  if (leader.has_value() && leader->member_id() == member.id()) {
    store::EndLeaderTerm(c, leader->id(), day, note);
  }
  store::UpdateMemberPlace(c, member.id(), branch.id(), 0, std::nullopt, v1::MEMBER_STATE_ACTIVE,
                           branch.path());
  store::AddHistory(c, member.id(), "LEFT_GROUP", branch.id(), member.group_id(), day, note);
}

void JoinGroup(sql::Connection& c, const v1::Member& member, const v1::Node& group,
               const v1::Node& branch, absl::CivilDay day, const std::string& note) {
  store::UpdateMemberPlace(c, member.id(), branch.id(), group.id(), day, v1::MEMBER_STATE_ACTIVE,
                           group.path());
  store::AddHistory(c, member.id(), "JOINED_GROUP", branch.id(), group.id(), day, note);
}

// 第一条 for the groups that members are taken from by a deliberate decision: each must still
// meet the minimums afterwards.
absl::StatusOr<std::vector<rules::Finding>> CheckSourceGroups(sql::Connection& c,
                                                              const std::vector<v1::Member>& moving,
                                                              int64_t destination_group,
                                                              const rules::RulesConfig& config) {
  std::map<int64_t, std::set<int64_t>> leaving;  // group → members leaving it
  for (const v1::Member& member : moving) {
    if (member.group_id() != 0 && member.group_id() != destination_group) {
      leaving[member.group_id()].insert(member.id());
    }
  }
  std::vector<rules::Finding> findings;
  for (const auto& [group_id, ids] : leaving) {
    ASSIGN_OR_RETURN(GroupState source, LoadGroup(c, group_id, "member_ids"));
    std::vector<v1::Member> remaining;
    for (const v1::Member& member : source.members) {
      if (ids.count(member.id()) == 0) remaining.push_back(member);
    }
    for (rules::Finding& finding : rules::CheckGroupComposition(
             ToRulesGroup(source.node, source.branch.id(), remaining, source.leader),
             rules::Severity::kViolation, config)) {
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

// Opens the filing of a group change (第二条) and the to-do it means for the branch.
v1::Filing OpenFiling(sql::Connection& c, const v1::Node& branch, const v1::Node& group,
                      v1::GroupChangeKind change, const rules::BranchDecision& decision,
                      const rules::RulesConfig& config, Journal& journal) {
  const absl::CivilDay due = decision.decided_on + config.filing_deadline_days;
  v1::Filing filing = store::InsertFiling(c, branch, group.id(), group.name(), change,
                                          decision.decided_on, decision.document_ref, due);
  journal.AddEvent(MakeEvent("FILING_DUE", "filing", filing.id(), branch.path(),
                             {{"group_id", group.id()},
                              {"group_name", group.name()},
                              {"change", v1::GroupChangeKind_Name(change)},
                              {"due_on", proto::FormatSqlDate(due)}}));
  return filing;
}

bool AllowedParent(v1::NodeKind kind, v1::NodeKind parent) {
  switch (kind) {
    case v1::NODE_KIND_UNIT:
      return parent == v1::NODE_KIND_COMMITTEE;
    case v1::NODE_KIND_GENERAL_BRANCH:
      return parent == v1::NODE_KIND_UNIT;
    case v1::NODE_KIND_BRANCH:
      return parent == v1::NODE_KIND_UNIT || parent == v1::NODE_KIND_GENERAL_BRANCH ||
             parent == v1::NODE_KIND_COMMITTEE;
    default:
      return false;
  }
}

rules::AppointmentMethod ToRulesMethod(v1::AppointmentMethod method) {
  switch (method) {
    case v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION:
      return rules::AppointmentMethod::kBranchDesignation;
    case v1::APPOINTMENT_METHOD_MEMBER_RECOMMENDATION:
      return rules::AppointmentMethod::kMemberRecommendation;
    default:
      return rules::AppointmentMethod::kUnspecified;
  }
}

}  // namespace

absl::CivilDay OrgDomain::Today() const { return absl::ToCivilDay(absl::Now(), zone_); }

// ---- the tree --------------------------------------------------------------------------------

absl::Status OrgDomain::CreateNode(const auth::Caller& caller, const v1::CreateNodeRequest& request,
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
      pool_, MutationRequest{caller, "CreateNode", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        absl::StatusOr<v1::Node> parent = store::GetNode(c, request.parent_id(), true);
        if (absl::IsNotFound(parent.status())) {
          return absl::NotFoundError(absl::StrCat("parent_id: ", parent.status().message()));
        }
        RETURN_IF_ERROR(parent.status());
        RETURN_IF_ERROR(RequireWrite(scope, parent->path(), parent->name()));
        if (parent->status() != v1::NODE_STATUS_ACTIVE) {
          return absl::FailedPreconditionError(
              absl::StrCat("parent_id: ", parent->name(), " has been dissolved"));
        }
        if (!AllowedParent(request.kind(), parent->kind())) {
          return absl::InvalidArgumentError(
              absl::StrCat("parent_id: a ", store::NodeKindName(request.kind()),
                           " cannot sit under a ", store::NodeKindName(parent->kind())));
        }
        v1::Node node = store::InsertNode(c, *parent, request.kind(), request.name(),
                                          request.code(), request.external_id());
        journal.SetTarget("node", node.id());
        journal.AddEvent(MakeEvent("NODE_CREATED", "node", node.id(), node.path(),
                                   {{"kind", store::NodeKindName(node.kind())},
                                    {"name", node.name()},
                                    {"parent_id", node.parent_id()}}));
        *response->mutable_node() = std::move(node);
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::GetNode(const auth::Caller& caller, const v1::GetNodeRequest& request,
                                v1::GetNodeResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  return db::RunWithConnection(pool_, "GetNode", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.id()));
    RETURN_IF_ERROR(RequireRead(scope, node.path(), absl::StrCat("node ", node.id())));
    *response->mutable_node() = std::move(node);
    return absl::OkStatus();
  });
}

absl::Status OrgDomain::ListNodes(const auth::Caller& caller, const v1::ListNodesRequest& request,
                                  v1::ListNodesResponse* response) {
  RETURN_IF_ERROR(RequireId("parent_id", request.parent_id()));
  ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  ASSIGN_OR_RETURN(int64_t after, PageAfter(request.page_token()));
  return db::RunWithConnection(pool_, "ListNodes", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node parent, store::GetNode(c, request.parent_id()));
    RETURN_IF_ERROR(RequireRead(scope, parent.path(), absl::StrCat("node ", parent.id())));
    std::vector<v1::Node> nodes =
        store::ListChildren(c, parent.id(), request.include_dissolved(), after, page_size + 1);
    if (static_cast<int>(nodes.size()) > page_size) {
      nodes.pop_back();
      response->set_next_page_token(absl::StrCat(nodes.back().id()));
    }
    for (v1::Node& node : nodes) *response->add_nodes() = std::move(node);
    return absl::OkStatus();
  });
}

absl::Status OrgDomain::RenameNode(const auth::Caller& caller, const v1::RenameNodeRequest& request,
                                   v1::RenameNodeResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  RETURN_IF_ERROR(RequireText("name", request.name(), 200));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "RenameNode", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.id(), true));
        RETURN_IF_ERROR(RequireWrite(scope, node.path(), node.name()));
        store::RenameNode(c, node.id(), request.name());
        journal.SetTarget("node", node.id());
        journal.AddEvent(MakeEvent("NODE_RENAMED", "node", node.id(), node.path(),
                                   {{"old_name", node.name()}, {"name", request.name()}}));
        ASSIGN_OR_RETURN(*response->mutable_node(), store::GetNode(c, node.id()));
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::MoveNode(const auth::Caller& caller, const v1::MoveNodeRequest& request,
                                 v1::MoveNodeResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  RETURN_IF_ERROR(RequireId("new_parent_id", request.new_parent_id()));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "MoveNode", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.id(), true));
        if (node.kind() == v1::NODE_KIND_COMMITTEE) {
          return absl::InvalidArgumentError("id: the committee is the root; it does not move");
        }
        if (node.kind() == v1::NODE_KIND_GROUP) {
          return absl::FailedPreconditionError(
              "id: a group changes branch only by branch decisions: dissolve it and create it "
              "in the other branch (第二条)");
        }
        absl::StatusOr<v1::Node> parent = store::GetNode(c, request.new_parent_id(), true);
        if (absl::IsNotFound(parent.status())) {
          return absl::NotFoundError(absl::StrCat("new_parent_id: ", parent.status().message()));
        }
        RETURN_IF_ERROR(parent.status());
        RETURN_IF_ERROR(RequireWrite(scope, node.path(), node.name()));
        RETURN_IF_ERROR(RequireWrite(scope, parent->path(), parent->name()));
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
        store::MoveNode(c, node, *parent);
        ASSIGN_OR_RETURN(v1::Node moved, store::GetNode(c, node.id()));
        journal.SetTarget("node", node.id());
        journal.AddEvent(
            MakeEvent("NODE_MOVED", "node", node.id(), moved.path(),
                      {{"old_parent_id", node.parent_id()}, {"parent_id", parent->id()}}));
        *response->mutable_node() = std::move(moved);
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::DissolveNode(const auth::Caller& caller,
                                     const v1::DissolveNodeRequest& request,
                                     v1::DissolveNodeResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "DissolveNode", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.id(), true));
        RETURN_IF_ERROR(RequireWrite(scope, node.path(), node.name()));
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
        if (store::CountActiveChildren(c, node.id()) > 0) {
          return absl::FailedPreconditionError(
              absl::StrCat(node.name(), " still has active organisations under it"));
        }
        if (store::CountActiveMembersUnder(c, node.path()) > 0) {
          return absl::FailedPreconditionError(
              absl::StrCat(node.name(), " still has members: transfer them first"));
        }
        store::DissolveNode(c, node.id());
        journal.SetTarget("node", node.id());
        journal.AddEvent(
            MakeEvent("NODE_DISSOLVED", "node", node.id(), node.path(), {{"name", node.name()}}));
        ASSIGN_OR_RETURN(*response->mutable_node(), store::GetNode(c, node.id()));
        return absl::OkStatus();
      });
}

// ---- members ---------------------------------------------------------------------------------

absl::Status OrgDomain::CreateMember(const auth::Caller& caller,
                                     const v1::CreateMemberRequest& request,
                                     v1::CreateMemberResponse* response) {
  RETURN_IF_ERROR(RequireId("branch_id", request.branch_id()));
  RETURN_IF_ERROR(RequireText("name", request.name(), 100));
  RETURN_IF_ERROR(RequireMaxLength("staff_code", request.staff_code(), 64));
  RETURN_IF_ERROR(RequireMaxLength("external_id", request.external_id(), 128));
  RETURN_IF_ERROR(ValidatePhone(request.phone()));
  if (request.status() != v1::MEMBER_STATUS_FORMAL &&
      request.status() != v1::MEMBER_STATUS_PROBATIONARY) {
    return absl::InvalidArgumentError("status: FORMAL or PROBATIONARY");
  }
  if (proto::IsSet(request.joined_party_on())) {
    RETURN_IF_ERROR(proto::ToCivilDay(request.joined_party_on(), "joined_party_on").status());
  }
  if (proto::IsSet(request.became_formal_on())) {
    if (request.status() == v1::MEMBER_STATUS_PROBATIONARY) {
      return absl::InvalidArgumentError(
          "became_formal_on: a probationary member has not become formal yet");
    }
    RETURN_IF_ERROR(proto::ToCivilDay(request.became_formal_on(), "became_formal_on").status());
  }
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "CreateMember", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node branch, ActiveNodeOfKind(c, request.branch_id(),
                                                           v1::NODE_KIND_BRANCH, "branch_id"));
        RETURN_IF_ERROR(RequireWrite(scope, branch.path(), branch.name()));
        v1::Member member;
        member.set_name(request.name());
        member.set_staff_code(request.staff_code());
        member.set_phone(request.phone());
        member.set_external_id(request.external_id());
        member.set_status(request.status());
        *member.mutable_joined_party_on() = request.joined_party_on();
        *member.mutable_became_formal_on() = request.became_formal_on();
        member.set_leading_cadre(request.leading_cadre());
        member.set_branch_id(branch.id());
        v1::Member stored = store::InsertMember(c, member, branch.path());
        store::AddHistory(c, stored.id(), "CREATED", branch.id(), 0, Today(), "");
        journal.SetTarget("member", stored.id());
        journal.AddEvent(MakeEvent("MEMBER_CREATED", "member", stored.id(), branch.path(),
                                   {{"name", stored.name()}, {"branch_id", branch.id()}}));
        *response->mutable_member() = std::move(stored);
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::GetMember(const auth::Caller& caller, const v1::GetMemberRequest& request,
                                  v1::GetMemberResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  return db::RunWithConnection(pool_, "GetMember", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    std::string path;
    ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.id(), false, &path));
    RETURN_IF_ERROR(RequireReadMember(scope, member.id(), path));
    if (!MaySeePhone(scope, member.id(), path)) member.clear_phone();
    *response->mutable_member() = std::move(member);
    return absl::OkStatus();
  });
}

absl::Status OrgDomain::ListMembers(const auth::Caller& caller,
                                    const v1::ListMembersRequest& request,
                                    v1::ListMembersResponse* response) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  ASSIGN_OR_RETURN(int64_t after, PageAfter(request.page_token()));
  return db::RunWithConnection(pool_, "ListMembers", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.node_id()));
    RETURN_IF_ERROR(RequireRead(scope, node.path(), absl::StrCat("node ", node.id())));
    std::vector<v1::Member> members = store::ListMembersUnder(
        c, node.path(), request.include_transferred_out(), after, page_size + 1);
    if (static_cast<int>(members.size()) > page_size) {
      members.pop_back();
      response->set_next_page_token(absl::StrCat(members.back().id()));
    }
    for (v1::Member& member : members) {
      // The phone is shown to writers in scope only; the path is under the node read.
      if (!MaySeePhone(scope, member.id(), node.path())) member.clear_phone();
      *response->add_members() = std::move(member);
    }
    return absl::OkStatus();
  });
}

absl::Status OrgDomain::UpdateMember(const auth::Caller& caller,
                                     const v1::UpdateMemberRequest& request,
                                     v1::UpdateMemberResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  RETURN_IF_ERROR(RequireMaxLength("name", request.name(), 100));
  RETURN_IF_ERROR(RequireMaxLength("staff_code", request.staff_code(), 64));
  RETURN_IF_ERROR(ValidatePhone(request.phone()));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "UpdateMember", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.id(), true));
        const std::string path = store::MemberPath(c, member.id());
        RETURN_IF_ERROR(RequireWrite(scope, path, absl::StrCat("member ", member.id())));
        if (member.state() != v1::MEMBER_STATE_ACTIVE) {
          return absl::FailedPreconditionError("the member has been transferred out");
        }
        if (!request.name().empty()) member.set_name(request.name());
        if (!request.staff_code().empty()) member.set_staff_code(request.staff_code());
        if (!request.phone().empty()) member.set_phone(request.phone());
        if (request.update_leading_cadre()) member.set_leading_cadre(request.leading_cadre());
        bool became_formal = false;
        if (request.status() == v1::MEMBER_STATUS_PROBATIONARY &&
            member.status() == v1::MEMBER_STATUS_FORMAL) {
          return absl::InvalidArgumentError(
              "status: a formal member does not become probationary again");
        }
        if (request.status() == v1::MEMBER_STATUS_FORMAL &&
            member.status() == v1::MEMBER_STATUS_PROBATIONARY) {
          ASSIGN_OR_RETURN(absl::CivilDay formal_on,
                           proto::ToCivilDay(request.became_formal_on(), "became_formal_on"));
          member.set_status(v1::MEMBER_STATUS_FORMAL);
          *member.mutable_became_formal_on() = proto::ToDate(formal_on);
          store::AddHistory(c, member.id(), "BECAME_FORMAL", member.branch_id(), member.group_id(),
                            formal_on, "");
          became_formal = true;
        }
        store::UpdateMemberDetails(c, member);
        journal.SetTarget("member", member.id());
        journal.AddEvent(MakeEvent(became_formal ? "MEMBER_BECAME_FORMAL" : "MEMBER_UPDATED",
                                   "member", member.id(), path, {{"name", member.name()}}));
        ASSIGN_OR_RETURN(*response->mutable_member(), store::GetMember(c, member.id()));
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::TransferMember(const auth::Caller& caller,
                                       const v1::TransferMemberRequest& request,
                                       v1::TransferMemberResponse* response) {
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  if (request.kind() != v1::TRANSFER_KIND_OUT && request.kind() != v1::TRANSFER_KIND_TO_BRANCH) {
    return absl::InvalidArgumentError("kind: OUT or TO_BRANCH");
  }
  if (request.kind() == v1::TRANSFER_KIND_TO_BRANCH) {
    RETURN_IF_ERROR(RequireId("to_branch_id", request.to_branch_id()));
  }
  ASSIGN_OR_RETURN(absl::CivilDay effective_on,
                   proto::ToCivilDay(request.effective_on(), "effective_on"));
  RETURN_IF_ERROR(RequireMaxLength("reason", request.reason(), 200));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "TransferMember", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.member_id(), true));
        const std::string path = store::MemberPath(c, member.id());
        RETURN_IF_ERROR(RequireWrite(scope, path, absl::StrCat("member ", member.id())));
        if (member.state() != v1::MEMBER_STATE_ACTIVE) {
          return absl::FailedPreconditionError("the member has already been transferred out");
        }
        ASSIGN_OR_RETURN(v1::Node branch, store::GetNode(c, member.branch_id()));
        std::optional<v1::Node> destination;
        if (request.kind() == v1::TRANSFER_KIND_TO_BRANCH) {
          ASSIGN_OR_RETURN(destination, ActiveNodeOfKind(c, request.to_branch_id(),
                                                         v1::NODE_KIND_BRANCH, "to_branch_id"));
          if (destination->id() == branch.id()) {
            return absl::InvalidArgumentError(
                "to_branch_id: the member is in that branch already; AdjustGroup moves members "
                "between its groups");
          }
          RETURN_IF_ERROR(RequireWrite(scope, destination->path(), destination->name()));
        }
        const std::string note = request.reason().empty() ? "转出" : request.reason();
        // 第一条, 第十三条: what the departure leaves short is recorded, not refused.
        if (member.group_id() != 0) {
          ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, member.group_id(), "member_id"));
          LeaveGroup(c, member, branch, effective_on, note);
          ASSIGN_OR_RETURN(GroupState after, LoadGroup(c, member.group_id(), "member_id"));
          for (const rules::Finding& finding : rules::CheckGroupStanding(
                   ToRulesGroup(after.node, branch.id(), after.members, after.leader), config_)) {
            *response->add_findings() = proto::ToProto(finding, absl::Now());
          }
          if (response->findings_size() > 0) {
            std::vector<std::string> codes;
            for (const auto& finding : response->findings()) codes.push_back(finding.code());
            journal.AddEvent(MakeEvent("GROUP_LEFT_SHORT", "group", group.node.id(),
                                       group.node.path(), {{"findings", codes}}));
          }
        }
        if (destination.has_value()) {
          store::UpdateMemberPlace(c, member.id(), destination->id(), 0, std::nullopt,
                                   v1::MEMBER_STATE_ACTIVE, destination->path());
          store::AddHistory(c, member.id(), "TRANSFERRED_TO_BRANCH", destination->id(), 0,
                            effective_on, note);
          journal.AddEvent(
              MakeEvent("MEMBER_TRANSFERRED", "member", member.id(), destination->path(),
                        {{"from_branch_id", branch.id()}, {"to_branch_id", destination->id()}}));
        } else {
          store::UpdateMemberPlace(c, member.id(), branch.id(), 0, std::nullopt,
                                   v1::MEMBER_STATE_TRANSFERRED_OUT, branch.path());
          store::AddHistory(c, member.id(), "TRANSFERRED_OUT", branch.id(), 0, effective_on, note);
          journal.AddEvent(MakeEvent("MEMBER_TRANSFERRED_OUT", "member", member.id(), branch.path(),
                                     {{"branch_id", branch.id()}}));
        }
        journal.SetTarget("member", member.id());
        ASSIGN_OR_RETURN(*response->mutable_member(), store::GetMember(c, member.id()));
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::ListMemberHistory(const auth::Caller& caller,
                                          const v1::ListMemberHistoryRequest& request,
                                          v1::ListMemberHistoryResponse* response) {
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  return db::RunWithConnection(pool_, "ListMemberHistory", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.member_id()));
    RETURN_IF_ERROR(RequireReadMember(scope, member.id(), store::MemberPath(c, member.id())));
    for (v1::MemberHistoryEntry& entry : store::ListHistory(c, member.id())) {
      *response->add_entries() = std::move(entry);
    }
    return absl::OkStatus();
  });
}

absl::Status OrgDomain::CreateActivist(const auth::Caller& caller,
                                       const v1::CreateActivistRequest& request,
                                       v1::CreateActivistResponse* response) {
  RETURN_IF_ERROR(RequireText("name", request.name(), 100));
  RETURN_IF_ERROR(RequireId("branch_id", request.branch_id()));
  RETURN_IF_ERROR(RequireMaxLength("external_id", request.external_id(), 128));
  if (request.kind() != v1::ACTIVIST_KIND_ACTIVIST &&
      request.kind() != v1::ACTIVIST_KIND_CANDIDATE) {
    return absl::InvalidArgumentError("kind: ACTIVIST or CANDIDATE");
  }
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "CreateActivist", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node branch, ActiveNodeOfKind(c, request.branch_id(),
                                                           v1::NODE_KIND_BRANCH, "branch_id"));
        RETURN_IF_ERROR(RequireWrite(scope, branch.path(), branch.name()));
        if (request.group_id() != 0) {
          ASSIGN_OR_RETURN(v1::Node group, ActiveNodeOfKind(c, request.group_id(),
                                                            v1::NODE_KIND_GROUP, "group_id"));
          if (group.parent_id() != branch.id()) {
            return absl::InvalidArgumentError("group_id: the group belongs to another branch");
          }
        }
        v1::Activist activist;
        activist.set_name(request.name());
        activist.set_kind(request.kind());
        activist.set_branch_id(branch.id());
        activist.set_group_id(request.group_id());
        activist.set_external_id(request.external_id());
        v1::Activist stored = store::InsertActivist(c, activist);
        journal.SetTarget("activist", stored.id());
        journal.AddEvent(MakeEvent("ACTIVIST_CREATED", "activist", stored.id(), branch.path(),
                                   {{"name", stored.name()}}));
        *response->mutable_activist() = std::move(stored);
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::ListActivists(const auth::Caller& caller,
                                      const v1::ListActivistsRequest& request,
                                      v1::ListActivistsResponse* response) {
  RETURN_IF_ERROR(RequireId("branch_id", request.branch_id()));
  return db::RunWithConnection(pool_, "ListActivists", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node branch, store::GetNode(c, request.branch_id()));
    RETURN_IF_ERROR(RequireRead(scope, branch.path(), branch.name()));
    for (v1::Activist& activist : store::ListActivists(c, branch.id())) {
      *response->add_activists() = std::move(activist);
    }
    return absl::OkStatus();
  });
}

// ---- groups (第一条, 第二条) --------------------------------------------------------------------

absl::Status OrgDomain::CreateGroup(const auth::Caller& caller,
                                    const v1::CreateGroupRequest& request,
                                    v1::CreateGroupResponse* response) {
  RETURN_IF_ERROR(RequireId("branch_id", request.branch_id()));
  RETURN_IF_ERROR(RequireText("name", request.name(), 200));
  RETURN_IF_ERROR(RequireMaxLength("code", request.code(), 64));
  RETURN_IF_ERROR(RequireMaxLength("external_id", request.external_id(), 128));
  ASSIGN_OR_RETURN(std::optional<rules::BranchDecision> decision,
                   ReadDecision(request.decision(), request.has_decision()));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "CreateGroup", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node branch, ActiveNodeOfKind(c, request.branch_id(),
                                                           v1::NODE_KIND_BRANCH, "branch_id"));
        RETURN_IF_ERROR(RequireWrite(scope, branch.path(), branch.name()));
        ASSIGN_OR_RETURN(std::vector<v1::Member> members,
                         LoadBranchMembers(c, request.member_ids(), branch, "member_ids"));
        // 第一条, 第二条: the new group as the decision would make it, and what it takes away
        // from other groups.
        v1::Node draft;
        draft.set_name(request.name());
        std::vector<rules::Finding> findings = rules::CheckGroupDecision(
            rules::GroupChangeKind::kCreate, decision,
            ToRulesGroup(draft, branch.id(), members, std::nullopt), config_);
        ASSIGN_OR_RETURN(std::vector<rules::Finding> sources,
                         CheckSourceGroups(c, members, 0, config_));
        findings.insert(findings.end(), sources.begin(), sources.end());
        RETURN_IF_ERROR(rules::RefuseViolations(findings));

        v1::Node group =
            store::InsertNode(c, branch, v1::NODE_KIND_GROUP, request.name(), request.code(),
                              request.external_id(), decision->decided_on);
        std::set<int64_t> adjusted_groups;
        for (const v1::Member& member : members) {
          if (member.group_id() != 0) {
            adjusted_groups.insert(member.group_id());
            LeaveGroup(c, member, branch, decision->decided_on, "调入新建党小组");
          }
          JoinGroup(c, member, group, branch, decision->decided_on, decision->document_ref);
        }
        for (int64_t adjusted : adjusted_groups) {
          ASSIGN_OR_RETURN(v1::Node source, store::GetNode(c, adjusted));
          OpenFiling(c, branch, source, v1::GROUP_CHANGE_KIND_ADJUST, *decision, config_, journal);
        }
        *response->mutable_filing() =
            OpenFiling(c, branch, group, v1::GROUP_CHANGE_KIND_CREATE, *decision, config_, journal);
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

absl::Status OrgDomain::AdjustGroup(const auth::Caller& caller,
                                    const v1::AdjustGroupRequest& request,
                                    v1::AdjustGroupResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  if (request.add_member_ids().empty() && request.remove_member_ids().empty()) {
    return absl::InvalidArgumentError("add_member_ids, remove_member_ids: nothing to adjust");
  }
  ASSIGN_OR_RETURN(std::optional<rules::BranchDecision> decision,
                   ReadDecision(request.decision(), request.has_decision()));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "AdjustGroup", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(RequireWrite(scope, group.node.path(), group.node.name()));
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
            ToRulesGroup(group.node, group.branch.id(), after, leader_after), config_);
        ASSIGN_OR_RETURN(std::vector<rules::Finding> sources,
                         CheckSourceGroups(c, added, group.node.id(), config_));
        findings.insert(findings.end(), sources.begin(), sources.end());
        RETURN_IF_ERROR(rules::RefuseViolations(findings));

        std::set<int64_t> adjusted_groups;
        for (const v1::Member& member : removed) {
          LeaveGroup(c, member, group.branch, decision->decided_on, decision->document_ref);
        }
        for (const v1::Member& member : added) {
          if (member.group_id() != 0) {
            adjusted_groups.insert(member.group_id());
            LeaveGroup(c, member, group.branch, decision->decided_on, decision->document_ref);
          }
          JoinGroup(c, member, group.node, group.branch, decision->decided_on,
                    decision->document_ref);
        }
        for (int64_t adjusted : adjusted_groups) {
          ASSIGN_OR_RETURN(v1::Node source, store::GetNode(c, adjusted));
          OpenFiling(c, group.branch, source, v1::GROUP_CHANGE_KIND_ADJUST, *decision, config_,
                     journal);
        }
        *response->mutable_filing() = OpenFiling(
            c, group.branch, group.node, v1::GROUP_CHANGE_KIND_ADJUST, *decision, config_, journal);
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(MakeEvent("GROUP_ADJUSTED", "group", group.node.id(), group.node.path(),
                                   {{"added", static_cast<int>(added.size())},
                                    {"removed", static_cast<int>(removed.size())}}));
        ASSIGN_OR_RETURN(GroupState state, LoadGroup(c, group.node.id(), "group_id"));
        FillGroup(state, &scope, response->mutable_group());
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::DissolveGroup(const auth::Caller& caller,
                                      const v1::DissolveGroupRequest& request,
                                      v1::DissolveGroupResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  ASSIGN_OR_RETURN(std::optional<rules::BranchDecision> decision,
                   ReadDecision(request.decision(), request.has_decision()));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "DissolveGroup", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(RequireWrite(scope, group.node.path(), group.node.name()));
        RETURN_IF_ERROR(rules::RefuseViolations(rules::CheckGroupDecision(
            rules::GroupChangeKind::kDissolve, decision,
            ToRulesGroup(group.node, group.branch.id(), group.members, group.leader), config_)));
        for (const v1::Member& member : group.members) {
          LeaveGroup(c, member, group.branch, decision->decided_on, "党小组撤销");
        }
        store::DissolveNode(c, group.node.id());
        *response->mutable_filing() =
            OpenFiling(c, group.branch, group.node, v1::GROUP_CHANGE_KIND_DISSOLVE, *decision,
                       config_, journal);
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(MakeEvent("GROUP_DISSOLVED", "group", group.node.id(), group.node.path(),
                                   {{"name", group.node.name()}}));
        ASSIGN_OR_RETURN(v1::Node dissolved, store::GetNode(c, group.node.id()));
        *response->mutable_group()->mutable_node() = std::move(dissolved);
        response->mutable_group()->set_branch_id(group.branch.id());
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::GetGroup(const auth::Caller& caller, const v1::GetGroupRequest& request,
                                 v1::GetGroupResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  return db::RunWithConnection(pool_, "GetGroup", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(store::GroupRead found, store::ReadGroup(c, request.id()));
    const v1::Node& node = found.node;
    if (node.kind() != v1::NODE_KIND_GROUP) {
      return absl::InvalidArgumentError(absl::StrCat("id: node ", node.id(), " is not a group"));
    }
    RETURN_IF_ERROR(RequireRead(scope, node.path(), node.name()));
    GroupState state;
    state.node = node;
    state.branch.set_id(node.parent_id());  // a group sits right under its branch (第一条)
    state.members = std::move(found.members);
    state.leader = std::move(found.leader);
    FillGroup(state, &scope, response->mutable_group());
    return absl::OkStatus();
  });
}

absl::Status OrgDomain::CheckMembership(const auth::Caller& caller,
                                        const v1::CheckMembershipRequest& request,
                                        v1::CheckMembershipResponse* response) {
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  return db::RunWithConnection(pool_, "CheckMembership", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node group, store::GetNode(c, request.group_id()));
    RETURN_IF_ERROR(RequireRead(scope, group.path(), group.name()));
    ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.member_id()));
    response->set_is_member(member.state() == v1::MEMBER_STATE_ACTIVE &&
                            member.group_id() == group.id());
    std::optional<v1::LeaderTerm> leader = store::CurrentLeader(c, group.id());
    response->set_is_leader(leader.has_value() && leader->member_id() == member.id());
    response->set_branch_id(member.branch_id());
    return absl::OkStatus();
  });
}

absl::Status OrgDomain::ListFilings(const auth::Caller& caller,
                                    const v1::ListFilingsRequest& request,
                                    v1::ListFilingsResponse* response) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  return db::RunWithConnection(pool_, "ListFilings", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.node_id()));
    RETURN_IF_ERROR(RequireRead(scope, node.path(), node.name()));
    for (v1::Filing& filing : store::ListFilingsUnder(c, node.path())) {
      if (request.status() != v1::FILING_STATUS_UNSPECIFIED &&
          filing.status() != request.status()) {
        continue;
      }
      *response->add_filings() = std::move(filing);
    }
    return absl::OkStatus();
  });
}

absl::Status OrgDomain::RecordFiling(const auth::Caller& caller,
                                     const v1::RecordFilingRequest& request,
                                     v1::RecordFilingResponse* response) {
  RETURN_IF_ERROR(RequireId("filing_id", request.filing_id()));
  ASSIGN_OR_RETURN(absl::CivilDay filed_on, proto::ToCivilDay(request.filed_on(), "filed_on"));
  if (filed_on > Today()) return absl::InvalidArgumentError("filed_on: in the future");
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "RecordFiling", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Filing filing, store::GetFilingForUpdate(c, request.filing_id()));
        ASSIGN_OR_RETURN(v1::Node branch, store::GetNode(c, filing.branch_id()));
        RETURN_IF_ERROR(RequireWrite(scope, branch.path(), branch.name()));
        if (filing.status() == v1::FILING_STATUS_FILED) {
          return absl::FailedPreconditionError(
              absl::StrCat("filing ", filing.id(), " has been recorded already"));
        }
        ASSIGN_OR_RETURN(absl::CivilDay decided_on,
                         proto::ToCivilDay(filing.decision().decided_on(), "decided_on"));
        if (filed_on < decided_on) {
          return absl::InvalidArgumentError("filed_on: before the decision it files");
        }
        store::MarkFiled(c, filing.id(), filed_on);
        journal.SetTarget("filing", filing.id());
        journal.AddEvent(MakeEvent(
            "FILING_RECORDED", "filing", filing.id(), branch.path(),
            {{"group_id", filing.group_id()}, {"filed_on", proto::FormatSqlDate(filed_on)}}));
        ASSIGN_OR_RETURN(*response->mutable_filing(), store::GetFilingForUpdate(c, filing.id()));
        return absl::OkStatus();
      });
}

// ---- leaders (第十条 to 第十三条) -------------------------------------------------------------

absl::Status OrgDomain::AppointLeader(const auth::Caller& caller,
                                      const v1::AppointLeaderRequest& request,
                                      v1::AppointLeaderResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  RETURN_IF_ERROR(RequireMaxLength("record_ref", request.record_ref(), 200));
  ASSIGN_OR_RETURN(absl::CivilDay appointed_on,
                   proto::ToCivilDay(request.appointed_on(), "appointed_on"));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "AppointLeader", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(RequireWrite(scope, group.node.path(), group.node.name()));
        if (group.leader.has_value()) {
          return absl::FailedPreconditionError(absl::StrCat(
              group.node.name(), " is led by ", group.leader->member_name(),
              "; a leader is replaced by the branch's decision with ReplaceLeader (第十三条)"));
        }
        const rules::LeaderAppointment appointment{request.member_id(),
                                                   ToRulesMethod(request.method()),
                                                   request.record_ref(), appointed_on};
        RETURN_IF_ERROR(rules::RefuseViolations(rules::CheckLeaderAppointment(
            appointment,
            ToRulesGroup(group.node, group.branch.id(), group.members, std::nullopt))));
        v1::LeaderTerm term =
            store::InsertLeaderTerm(c, group.node.id(), request.member_id(), request.method(),
                                    request.record_ref(), appointed_on);
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(MakeEvent("LEADER_APPOINTED", "group", group.node.id(), group.node.path(),
                                   {{"member_id", term.member_id()},
                                    {"member_name", term.member_name()},
                                    {"method", v1::AppointmentMethod_Name(term.method())}}));
        *response->mutable_term() = std::move(term);
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::AdmonishLeader(const auth::Caller& caller,
                                       const v1::AdmonishLeaderRequest& request,
                                       v1::AdmonishLeaderResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  RETURN_IF_ERROR(RequireMaxLength("reason", request.reason(), 500));
  RETURN_IF_ERROR(RequireMaxLength("admonished_by", request.admonished_by(), 100));
  std::optional<absl::CivilDay> date;
  if (proto::IsSet(request.date())) {
    ASSIGN_OR_RETURN(date, proto::ToCivilDay(request.date(), "date"));
  }
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "AdmonishLeader", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(RequireWrite(scope, group.node.path(), group.node.name()));
        if (!group.leader.has_value()) {
          return absl::FailedPreconditionError(
              absl::StrCat(group.node.name(), " has no leader to admonish"));
        }
        const rules::Admonition admonition{group.leader->member_id(), date, request.reason(),
                                           request.admonished_by()};
        RETURN_IF_ERROR(rules::RefuseViolations(rules::CheckAdmonition(
            admonition, ToRulesGroup(group.node, group.branch.id(), group.members, group.leader))));
        v1::Admonition record;
        record.set_group_id(group.node.id());
        record.set_leader_member_id(group.leader->member_id());
        *record.mutable_date() = proto::ToDate(*date);
        record.set_reason(request.reason());
        record.set_admonished_by(request.admonished_by());
        v1::Admonition stored = store::InsertAdmonition(c, record);
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(
            MakeEvent("LEADER_ADMONISHED", "group", group.node.id(), group.node.path(),
                      {{"member_id", stored.leader_member_id()}, {"reason", stored.reason()}}));
        *response->mutable_admonition() = std::move(stored);
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::ReplaceLeader(const auth::Caller& caller,
                                      const v1::ReplaceLeaderRequest& request,
                                      v1::ReplaceLeaderResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  RETURN_IF_ERROR(RequireMaxLength("record_ref", request.record_ref(), 200));
  RETURN_IF_ERROR(RequireMaxLength("reason", request.reason(), 200));
  ASSIGN_OR_RETURN(absl::CivilDay appointed_on,
                   proto::ToCivilDay(request.appointed_on(), "appointed_on"));
  ASSIGN_OR_RETURN(std::optional<rules::BranchDecision> decision,
                   ReadDecision(request.decision(), request.has_decision()));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "ReplaceLeader", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(RequireWrite(scope, group.node.path(), group.node.name()));
        if (!group.leader.has_value()) {
          return absl::FailedPreconditionError(absl::StrCat(
              group.node.name(), " has no leader to replace; appoint one with AppointLeader"));
        }
        if (group.leader->member_id() == request.member_id()) {
          return absl::InvalidArgumentError("member_id: already the group's leader");
        }
        const rules::LeaderAppointment successor{request.member_id(),
                                                 ToRulesMethod(request.method()),
                                                 request.record_ref(), appointed_on};
        RETURN_IF_ERROR(rules::RefuseViolations(rules::CheckLeaderReplacement(
            decision, successor,
            ToRulesGroup(group.node, group.branch.id(), group.members, group.leader))));
        store::EndLeaderTerm(c, group.leader->id(), appointed_on,
                             request.reason().empty() ? "党支部调整" : request.reason());
        v1::LeaderTerm term =
            store::InsertLeaderTerm(c, group.node.id(), request.member_id(), request.method(),
                                    request.record_ref(), appointed_on);
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(MakeEvent("LEADER_REPLACED", "group", group.node.id(), group.node.path(),
                                   {{"previous_member_id", group.leader->member_id()},
                                    {"member_id", term.member_id()},
                                    {"document_ref", decision->document_ref}}));
        *response->mutable_term() = std::move(term);
        return absl::OkStatus();
      });
}

absl::Status OrgDomain::ListLeaderTerms(const auth::Caller& caller,
                                        const v1::ListLeaderTermsRequest& request,
                                        v1::ListLeaderTermsResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  return db::RunWithConnection(pool_, "ListLeaderTerms", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node group, store::GetNode(c, request.group_id()));
    RETURN_IF_ERROR(RequireRead(scope, group.path(), group.name()));
    for (v1::LeaderTerm& term : store::ListLeaderTerms(c, group.id())) {
      *response->add_terms() = std::move(term);
    }
    for (v1::Admonition& admonition : store::ListAdmonitions(c, group.id())) {
      *response->add_admonitions() = std::move(admonition);
    }
    return absl::OkStatus();
  });
}

// ---- findings --------------------------------------------------------------------------------

absl::Status OrgDomain::ListFindings(const auth::Caller& caller,
                                     const v1::ListFindingsRequest& request,
                                     v1::ListFindingsResponse* response) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  return db::RunWithConnection(pool_, "ListFindings", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.node_id()));
    RETURN_IF_ERROR(RequireRead(scope, node.path(), node.name()));
    const absl::Time now = absl::Now();
    const absl::CivilDay today = absl::ToCivilDay(now, zone_);

    std::vector<v1::Node> groups = store::ListActiveNodesUnder(c, node.path(), v1::NODE_KIND_GROUP);
    std::vector<v1::Node> branches =
        store::ListActiveNodesUnder(c, node.path(), v1::NODE_KIND_BRANCH);
    std::map<int64_t, std::vector<v1::Member>> by_group;
    std::map<int64_t, int> members_per_branch;
    for (v1::Member& member : store::ListActiveMembersUnder(c, node.path())) {
      ++members_per_branch[member.branch_id()];
      if (member.group_id() != 0) by_group[member.group_id()].push_back(std::move(member));
    }
    std::map<int64_t, v1::LeaderTerm> leaders;
    for (v1::LeaderTerm& term : store::CurrentLeadersUnder(c, node.path())) {
      leaders[term.group_id()] = std::move(term);
    }
    std::map<int64_t, int> groups_per_branch;
    for (const v1::Node& group : groups) {
      ++groups_per_branch[group.parent_id()];
      std::optional<v1::LeaderTerm> leader;
      if (auto it = leaders.find(group.id()); it != leaders.end()) leader = it->second;
      for (const rules::Finding& finding : rules::CheckGroupStanding(
               ToRulesGroup(group, group.parent_id(), by_group[group.id()], leader), config_)) {
        *response->add_findings() = proto::ToProto(finding, now);
      }
    }
    std::map<int64_t, std::vector<rules::GroupChange>> changes;
    for (const v1::Filing& filing : store::ListFilingsUnder(c, node.path())) {
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
    for (const v1::Node& branch_node : branches) {
      rules::Branch branch;
      branch.id = branch_node.id();
      branch.name = branch_node.name();
      branch.member_count = members_per_branch[branch.id];
      branch.active_group_count = groups_per_branch[branch.id];
      branch.changes = changes[branch.id];
      for (const rules::Finding& finding : rules::CheckBranch(branch, today, config_)) {
        *response->add_findings() = proto::ToProto(finding, now);
      }
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> OrgDomain::EventScope(const auth::Caller& caller) {
  std::string prefix;
  RETURN_IF_ERROR(
      db::RunWithConnection(pool_, "WatchEvents", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        if (scope.member_only) {
          return absl::PermissionDeniedError("a member may not watch the organisation's events");
        }
        prefix = scope.everything ? "/" : scope.path;
        return absl::OkStatus();
      }));
  return prefix;
}

// ---- OA sync ---------------------------------------------------------------------------------

namespace {

constexpr size_t kImportChunk = 500;
constexpr size_t kMaxImportRows = 200'000;

enum class Outcome { kCreated, kUpdated, kUnchanged };

absl::StatusOr<Outcome> ApplyNodeRecord(sql::Connection& c, const Scope& scope,
                                        const v1::NodeRecord& record, Journal& journal) {
  RETURN_IF_ERROR(RequireText("external_id", record.external_id(), 128));
  RETURN_IF_ERROR(RequireText("name", record.name(), 200));
  RETURN_IF_ERROR(RequireMaxLength("code", record.code(), 64));
  if (record.kind() != v1::NODE_KIND_UNIT && record.kind() != v1::NODE_KIND_GENERAL_BRANCH &&
      record.kind() != v1::NODE_KIND_BRANCH) {
    return absl::InvalidArgumentError("kind: UNIT, GENERAL_BRANCH or BRANCH");
  }
  std::optional<v1::Node> parent;
  if (record.parent_external_id().empty()) {
    if (record.kind() != v1::NODE_KIND_UNIT) {
      return absl::InvalidArgumentError("parent_external_id: required except for a unit");
    }
    ASSIGN_OR_RETURN(parent, store::GetNode(c, 1));
  } else {
    parent = store::FindNodeByExternalId(c, record.parent_external_id());
    if (!parent.has_value()) {
      return absl::NotFoundError(absl::StrCat("parent_external_id: nothing is known as '",
                                              record.parent_external_id(),
                                              "' (import the parents first)"));
    }
  }
  if (!AllowedParent(record.kind(), parent->kind())) {
    return absl::InvalidArgumentError(
        absl::StrCat("parent_external_id: a ", store::NodeKindName(record.kind()),
                     " cannot sit under a ", store::NodeKindName(parent->kind())));
  }
  if (parent->status() != v1::NODE_STATUS_ACTIVE) {
    return absl::FailedPreconditionError("parent_external_id: the parent has been dissolved");
  }
  std::optional<v1::Node> existing = store::FindNodeByExternalId(c, record.external_id());
  if (!existing.has_value()) {
    RETURN_IF_ERROR(RequireWrite(scope, parent->path(), parent->name()));
    v1::Node node = store::InsertNode(c, *parent, record.kind(), record.name(), record.code(),
                                      record.external_id());
    journal.AddTarget("node", node.id());
    journal.AddEvent(MakeEvent("NODE_CREATED", "node", node.id(), node.path(),
                               {{"kind", store::NodeKindName(node.kind())},
                                {"name", node.name()},
                                {"external_id", node.external_id()}}));
    return Outcome::kCreated;
  }
  if (existing->kind() != record.kind()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "external_id: '", record.external_id(), "' is a ", store::NodeKindName(existing->kind())));
  }
  RETURN_IF_ERROR(RequireWrite(scope, existing->path(), existing->name()));
  bool changed = false;
  if (existing->name() != record.name() || existing->code() != record.code()) {
    store::UpdateNodeDetails(c, existing->id(), record.name(), record.code());
    changed = true;
  }
  if (existing->parent_id() != parent->id()) {
    RETURN_IF_ERROR(RequireWrite(scope, parent->path(), parent->name()));
    store::MoveNode(c, *existing, *parent);
    changed = true;
  }
  if (!changed) return Outcome::kUnchanged;
  ASSIGN_OR_RETURN(v1::Node updated, store::GetNode(c, existing->id()));
  journal.AddTarget("node", updated.id());
  journal.AddEvent(MakeEvent("NODE_UPDATED", "node", updated.id(), updated.path(),
                             {{"name", updated.name()}, {"parent_id", updated.parent_id()}}));
  return Outcome::kUpdated;
}

// How an import finds a branch by its external id: one by one, or from a chunk's prefetch.
using BranchLookup = absl::FunctionRef<std::optional<v1::Node>(const std::string&)>;

// A member row's values and its branch checked (and the caller's right to write there); the
// branch it goes to.
absl::StatusOr<v1::Node> CheckMemberRecord(const Scope& scope, const v1::MemberRecord& record,
                                           BranchLookup find_branch) {
  RETURN_IF_ERROR(RequireText("external_id", record.external_id(), 128));
  RETURN_IF_ERROR(RequireText("name", record.name(), 100));
  RETURN_IF_ERROR(RequireMaxLength("staff_code", record.staff_code(), 64));
  RETURN_IF_ERROR(ValidatePhone(record.phone()));
  RETURN_IF_ERROR(RequireText("branch_external_id", record.branch_external_id(), 128));
  if (record.status() != v1::MEMBER_STATUS_FORMAL &&
      record.status() != v1::MEMBER_STATUS_PROBATIONARY) {
    return absl::InvalidArgumentError("status: FORMAL or PROBATIONARY");
  }
  if (proto::IsSet(record.joined_party_on())) {
    RETURN_IF_ERROR(proto::ToCivilDay(record.joined_party_on(), "joined_party_on").status());
  }
  if (proto::IsSet(record.became_formal_on())) {
    RETURN_IF_ERROR(proto::ToCivilDay(record.became_formal_on(), "became_formal_on").status());
  }
  std::optional<v1::Node> branch = find_branch(record.branch_external_id());
  if (!branch.has_value() || branch->kind() != v1::NODE_KIND_BRANCH) {
    return absl::NotFoundError(absl::StrCat("branch_external_id: no branch is known as '",
                                            record.branch_external_id(), "'"));
  }
  if (branch->status() != v1::NODE_STATUS_ACTIVE) {
    return absl::FailedPreconditionError("branch_external_id: the branch has been dissolved");
  }
  RETURN_IF_ERROR(RequireWrite(scope, branch->path(), branch->name()));
  return *branch;
}

// The member a new member row creates, in `branch`.
v1::Member NewMemberOf(const v1::MemberRecord& record, const v1::Node& branch) {
  v1::Member member;
  member.set_name(record.name());
  member.set_staff_code(record.staff_code());
  member.set_phone(record.phone());
  member.set_external_id(record.external_id());
  member.set_status(record.status());
  *member.mutable_joined_party_on() = record.joined_party_on();
  *member.mutable_became_formal_on() = record.became_formal_on();
  member.set_leading_cadre(record.leading_cadre());
  member.set_branch_id(branch.id());
  return member;
}

void JournalMemberCreated(const v1::Member& member, const std::string& path, Journal& journal) {
  journal.AddTarget("member", member.id());
  journal.AddEvent(MakeEvent("MEMBER_CREATED", "member", member.id(), path,
                             {{"name", member.name()}, {"external_id", member.external_id()}}));
}

constexpr char kImportNote[] = "OA 导入";

absl::StatusOr<Outcome> ApplyMemberRecord(sql::Connection& c, const Scope& scope,
                                          const v1::MemberRecord& record, absl::CivilDay today,
                                          Journal& journal) {
  ASSIGN_OR_RETURN(const v1::Node branch,
                   CheckMemberRecord(scope, record, [&](const std::string& external_id) {
                     return store::FindNodeByExternalId(c, external_id);
                   }));
  std::optional<v1::Member> existing = store::FindMemberByExternalId(c, record.external_id());
  if (!existing.has_value()) {
    v1::Member stored = store::InsertMember(c, NewMemberOf(record, branch), branch.path());
    store::AddHistory(c, stored.id(), "CREATED", branch.id(), 0, today, kImportNote);
    JournalMemberCreated(stored, branch.path(), journal);
    return Outcome::kCreated;
  }
  RETURN_IF_ERROR(RequireWrite(scope, store::MemberPath(c, existing->id()),
                               absl::StrCat("member ", existing->id())));
  if (existing->status() == v1::MEMBER_STATUS_FORMAL &&
      record.status() == v1::MEMBER_STATUS_PROBATIONARY) {
    return absl::InvalidArgumentError("status: a formal member does not become probationary");
  }
  v1::Member updated = *existing;
  updated.set_name(record.name());
  updated.set_staff_code(record.staff_code());
  updated.set_phone(record.phone());
  updated.set_status(record.status());
  updated.set_leading_cadre(record.leading_cadre());
  if (proto::IsSet(record.became_formal_on())) {
    *updated.mutable_became_formal_on() = record.became_formal_on();
  }
  const bool details_changed = updated.SerializeAsString() != existing->SerializeAsString();
  const bool moved =
      existing->branch_id() != branch.id() || existing->state() != v1::MEMBER_STATE_ACTIVE;
  if (!details_changed && !moved) return Outcome::kUnchanged;
  if (details_changed) store::UpdateMemberDetails(c, updated);
  if (moved) {
    ASSIGN_OR_RETURN(v1::Node old_branch, store::GetNode(c, existing->branch_id()));
    LeaveGroup(c, *existing, old_branch, today, "OA 同步调转");
    store::UpdateMemberPlace(c, existing->id(), branch.id(), 0, std::nullopt,
                             v1::MEMBER_STATE_ACTIVE, branch.path());
    store::AddHistory(c, existing->id(), "TRANSFERRED_TO_BRANCH", branch.id(), 0, today, "OA 同步");
  }
  journal.AddTarget("member", existing->id());
  journal.AddEvent(MakeEvent(moved ? "MEMBER_TRANSFERRED" : "MEMBER_UPDATED", "member",
                             existing->id(), branch.path(),
                             {{"name", updated.name()}, {"external_id", record.external_id()}}));
  return Outcome::kUpdated;
}

std::string ExternalIdOf(const v1::ImportRecord& record) {
  return record.has_node() ? record.node().external_id() : record.member().external_id();
}

}  // namespace

// One chunk of an import, in one transaction. Rows apply in order, each all or nothing, each
// with its own answer. New members (what an OA system's sync mostly sends) are checked one by
// one but written together, a run of them in a few statements; the chunk's branches and known
// members are looked up in one query each. The rest, and a run the batch could not write, go
// row by row under a savepoint.
class ChunkImport {
 public:
  ChunkImport(sql::Connection& c, const Scope& scope, absl::CivilDay today, Journal& journal,
              const std::vector<ImportRow>& rows, size_t begin, size_t end,
              v1::ImportResult& result)
      : c_(c),
        scope_(scope),
        today_(today),
        journal_(journal),
        rows_(rows),
        end_(end),
        next_(begin),
        result_(result) {}

  // Applies every row of the chunk. UNAVAILABLE or ABORTED is the database's trouble, the
  // chunk's to retry; a refused row is answered in the result's errors.
  absl::Status Run() {
    for (; next_ < end_; ++next_) RETURN_IF_ERROR(Apply(rows_[next_]));
    RETURN_IF_ERROR(WritePending());
    // Answers in row order, also when a run of new members fell back to row by row.
    std::stable_sort(
        result_.mutable_errors()->begin(), result_.mutable_errors()->end(),
        [](const v1::ImportRowError& a, const v1::ImportRowError& b) { return a.row() < b.row(); });
    return absl::OkStatus();
  }

 private:
  struct Pending {
    const ImportRow* row;
    store::NewMember member;
  };

  absl::Status Apply(const ImportRow& row) {
    if (!row.error.empty()) {
      Report(row, row.error);
      return absl::OkStatus();
    }
    if (row.record.has_member() && IsNewMember(row.record.member())) {
      const v1::MemberRecord& record = row.record.member();
      absl::StatusOr<v1::Node> branch =
          CheckMemberRecord(scope_, record, [&](const std::string& id) { return Branch(id); });
      if (!branch.ok()) {
        Report(row, branch.status().message());
        return absl::OkStatus();
      }
      pending_.push_back({&row, {NewMemberOf(record, *branch), branch->path()}});
      pending_ids_.insert(record.external_id());
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(WritePending());
    if (row.record.has_node()) looked_up_ = false;  // a node row may add, move or dissolve one
    return ApplyOne(row);
  }

  bool IsNewMember(const v1::MemberRecord& record) {
    if (pending_ids_.contains(record.external_id())) return false;  // twice in a chunk: update
    if (!looked_up_) LookUpRest();
    return !known_members_.contains(record.external_id());
  }

  // The branches and the known members of the chunk's remaining member rows, one query each.
  void LookUpRest() {
    std::vector<std::string> members, branches;
    for (size_t i = next_; i < end_; ++i) {
      if (!rows_[i].record.has_member()) continue;
      members.push_back(rows_[i].record.member().external_id());
      branches.push_back(rows_[i].record.member().branch_external_id());
    }
    std::sort(branches.begin(), branches.end());
    branches.erase(std::unique(branches.begin(), branches.end()), branches.end());
    branches_ = store::FindNodesByExternalIds(c_, branches);
    known_members_ = store::KnownMemberExternalIds(c_, members);
    looked_up_ = true;
  }

  std::optional<v1::Node> Branch(const std::string& external_id) {
    auto it = branches_.find(external_id);
    if (it != branches_.end()) return it->second;
    return store::FindNodeByExternalId(c_, external_id);
  }

  absl::Status WritePending() {
    if (pending_.empty()) return absl::OkStatus();
    const Journal::Mark mark = journal_.mark();
    const absl::Status written = db::RunInSavepoint(c_, "new members", [&](sql::Connection&) {
      std::vector<store::NewMember> members;
      for (const Pending& p : pending_) members.push_back(p.member);
      const std::vector<int64_t> ids = store::InsertMembers(c_, members);
      std::vector<int64_t> branch_ids;
      for (const Pending& p : pending_) branch_ids.push_back(p.member.member.branch_id());
      store::AddHistories(c_, ids, "CREATED", branch_ids, today_, kImportNote);
      for (size_t i = 0; i < pending_.size(); ++i) {
        v1::Member member = pending_[i].member.member;
        member.set_id(ids[i]);
        JournalMemberCreated(member, pending_[i].member.path, journal_);
      }
      return absl::OkStatus();
    });
    std::vector<Pending> pending = std::move(pending_);
    pending_.clear();
    pending_ids_.clear();
    if (written.ok()) {
      result_.set_created(result_.created() + static_cast<int32_t>(pending.size()));
      return absl::OkStatus();
    }
    if (absl::IsUnavailable(written) || absl::IsAborted(written)) return written;
    // A row of the run could not be written (another import created the same member a moment
    // ago): row by row, so that each row gets its own answer.
    journal_.RollbackTo(mark);
    looked_up_ = false;
    for (const Pending& p : pending) RETURN_IF_ERROR(ApplyOne(*p.row));
    return absl::OkStatus();
  }

  absl::Status ApplyOne(const ImportRow& row) {
    // Each row is all or nothing: a savepoint undoes a row that fails half-way.
    const Journal::Mark mark = journal_.mark();
    Outcome outcome = Outcome::kUnchanged;
    const absl::Status applied = db::RunInSavepoint(c_, "row", [&](sql::Connection&) {
      absl::StatusOr<Outcome> result =
          row.record.has_node() ? ApplyNodeRecord(c_, scope_, row.record.node(), journal_)
          : row.record.has_member()
              ? ApplyMemberRecord(c_, scope_, row.record.member(), today_, journal_)
              : absl::InvalidArgumentError("record: neither a node nor a member");
      if (!result.ok()) return result.status();
      outcome = *result;
      return absl::OkStatus();
    });
    if (!applied.ok()) {
      // A deadlock or an unreachable database is the chunk's problem, not the row's.
      if (absl::IsUnavailable(applied) || absl::IsAborted(applied)) return applied;
      journal_.RollbackTo(mark);
      Report(row, applied.message());
      return absl::OkStatus();
    }
    switch (outcome) {
      case Outcome::kCreated:
        result_.set_created(result_.created() + 1);
        break;
      case Outcome::kUpdated:
        result_.set_updated(result_.updated() + 1);
        break;
      case Outcome::kUnchanged:
        result_.set_unchanged(result_.unchanged() + 1);
        break;
    }
    return absl::OkStatus();
  }

  void Report(const ImportRow& row, absl::string_view reason) {
    v1::ImportRowError* error = result_.add_errors();
    error->set_row(row.row);
    error->set_external_id(ExternalIdOf(row.record));
    error->set_reason(std::string(reason));
  }

  sql::Connection& c_;
  const Scope& scope_;
  const absl::CivilDay today_;
  Journal& journal_;
  const std::vector<ImportRow>& rows_;
  const size_t end_;
  size_t next_;
  v1::ImportResult& result_;
  std::vector<Pending> pending_;
  absl::flat_hash_set<std::string> pending_ids_;
  bool looked_up_ = false;
  absl::flat_hash_map<std::string, v1::Node> branches_;
  absl::flat_hash_set<std::string> known_members_;
};

absl::Status OrgDomain::Import(const auth::Caller& caller, const std::string& method,
                               const std::string& request_id, const std::vector<ImportRow>& rows,
                               v1::ImportResult* result) {
  if (rows.size() > kMaxImportRows) {
    return absl::InvalidArgumentError(
        absl::StrCat("records: at most ", kMaxImportRows, " rows in one import"));
  }
  const MutationRequest request{caller, method, request_id};
  // A retry of a completed import answers what the first one did.
  ASSIGN_OR_RETURN(bool done, mutation::LoadStoredResponse(pool_, request, result));
  if (done) return absl::OkStatus();

  v1::ImportResult outcome;
  outcome.set_rows(static_cast<int32_t>(rows.size()));
  const absl::CivilDay today = Today();
  for (size_t start = 0; start < rows.size(); start += kImportChunk) {
    const size_t end = std::min(rows.size(), start + kImportChunk);
    v1::ImportResult chunk;
    RETURN_IF_ERROR(mutation::RunJournaled(
        pool_, request, [&](sql::Connection& c, Journal& journal) -> absl::Status {
          chunk.Clear();  // a deadlock retries the whole chunk
          ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
          if (!scope.can_write) {
            return absl::PermissionDeniedError("the caller may not import into the organisation");
          }
          return ChunkImport(c, scope, today, journal, rows, start, end, chunk).Run();
        }));
    outcome.set_created(outcome.created() + chunk.created());
    outcome.set_updated(outcome.updated() + chunk.updated());
    outcome.set_unchanged(outcome.unchanged() + chunk.unchanged());
    for (const v1::ImportRowError& error : chunk.errors()) *outcome.add_errors() = error;
  }
  // Remember the answer under the request_id, with the import's own audit row.
  return mutation::RunMutation(pool_, request, result,
                               [&](sql::Connection&, Journal& journal) -> absl::Status {
                                 journal.SetTarget("import", 0);
                                 *result = outcome;
                                 return absl::OkStatus();
                               });
}

absl::Status OrgDomain::ImportCsv(const auth::Caller& caller, const v1::ImportCsvRequest& request,
                                  v1::ImportCsvResponse* response) {
  ASSIGN_OR_RETURN(std::vector<ImportRow> rows, ParseImportCsv(request.kind(), request.csv()));
  return Import(caller, "ImportCsv", request.request_id(), rows, response->mutable_result());
}

absl::Status OrgDomain::ImportRecords(const auth::Caller& caller, const std::string& request_id,
                                      const std::vector<v1::ImportRecord>& records,
                                      v1::ImportRecordsResponse* response) {
  std::vector<ImportRow> rows;
  rows.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    rows.push_back(ImportRow{static_cast<int>(i) + 1, records[i], ""});
  }
  return Import(caller, "ImportRecords", request_id, rows, response->mutable_result());
}

// ---- bulk reads for the other services --------------------------------------------------------

namespace {

// A stream's batch_size at most: a message of a thousand members is ~150 KB.
constexpr int kMaxStreamBatch = 1000;

absl::Status CheckBatchSize(int batch_size, absl::string_view what) {
  if (batch_size < 0 || batch_size > kMaxStreamBatch) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size: 0-", kMaxStreamBatch, " ", what, " per message"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status OrgDomain::StreamTree(const auth::Caller& caller, const v1::StreamTreeRequest& request,
                                   const std::function<bool(v1::StreamTreeResponse&)>& emit) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  RETURN_IF_ERROR(CheckBatchSize(request.batch_size(), "nodes"));
  return db::RunWithConnection(pool_, "StreamTree", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node root, store::GetNode(c, request.node_id()));
    RETURN_IF_ERROR(RequireRead(scope, root.path(), root.name()));
    absl::flat_hash_map<int64_t, v1::LeaderTerm> leaders;
    for (v1::LeaderTerm& term : store::CurrentLeadersUnder(c, root.path())) {
      const int64_t group_id = term.group_id();
      leaders[group_id] = std::move(term);
    }
    v1::StreamTreeResponse response;
    for (v1::Node& node : store::ListTreeUnder(c, root.path(), request.include_dissolved())) {
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

absl::Status OrgDomain::StreamMembers(const auth::Caller& caller,
                                      const v1::StreamMembersRequest& request,
                                      const std::function<bool(v1::Member&)>& emit) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  RETURN_IF_ERROR(CheckBatchSize(request.batch_size(), "members"));
  return db::RunWithConnection(pool_, "StreamMembers", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    ASSIGN_OR_RETURN(v1::Node root, store::GetNode(c, request.node_id()));
    RETURN_IF_ERROR(RequireRead(scope, root.path(), root.name()));
    for (v1::Member& member : store::ListActiveMembersUnder(c, root.path())) {
      if (!MaySeePhone(scope, member.id(), root.path())) member.clear_phone();
      if (!emit(member)) break;
    }
    return absl::OkStatus();
  });
}

}  // namespace partygroup::org
