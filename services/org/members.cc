#include "services/org/members.h"

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
#include "services/org/tenure.h"

namespace partygroup::org {

using mutation::Journal;
using mutation::MutationRequest;

// ---- members ---------------------------------------------------------------------------------

absl::Status Members::CreateMember(const auth::Caller& caller,
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
    ASSIGN_OR_RETURN(absl::CivilDay joined,
                     proto::ToCivilDay(request.joined_party_on(), "joined_party_on"));
    RETURN_IF_ERROR(RequireNotFuture("joined_party_on", joined, context_.zone));
  }
  if (proto::IsSet(request.became_formal_on())) {
    if (request.status() == v1::MEMBER_STATUS_PROBATIONARY) {
      return absl::InvalidArgumentError(
          "became_formal_on: a probationary member has not become formal yet");
    }
    ASSIGN_OR_RETURN(absl::CivilDay formal,
                     proto::ToCivilDay(request.became_formal_on(), "became_formal_on"));
    RETURN_IF_ERROR(RequireNotFuture("became_formal_on", formal, context_.zone));
  }
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "CreateMember", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node branch, ActiveNodeOfKind(c, request.branch_id(),
                                                           v1::NODE_KIND_BRANCH, "branch_id"));
        RETURN_IF_ERROR(RequireWrite(scope, branch.path(), absl::StrCat("node ", branch.id())));
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
        ASSIGN_OR_RETURN(v1::Member stored, store::InsertMember(c, member, branch.path()));
        RETURN_IF_ERROR(
            store::AddHistory(c, stored.id(), "CREATED", branch.id(), 0, Today(context_.zone), ""));
        journal.SetTarget("member", stored.id());
        journal.AddEvent(MakeEvent("MEMBER_CREATED", "member", stored.id(), branch.path(),
                                   {{"name", stored.name()}, {"branch_id", branch.id()}}));
        *response->mutable_member() = std::move(stored);
        return absl::OkStatus();
      });
}

absl::Status Members::GetMember(const auth::Caller& caller, const v1::GetMemberRequest& request,
                                v1::GetMemberResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  return db::RunWithConnection(context_.pool, "GetMember", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
    std::string path;
    ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.id(), false, &path));
    RETURN_IF_ERROR(RequireReadMember(scope, member.id(), path));
    if (!MaySeePersonalDetails(scope, member.id(), path)) member.clear_phone();
    *response->mutable_member() = std::move(member);
    return absl::OkStatus();
  });
}

absl::Status Members::ListMembers(const auth::Caller& caller, const v1::ListMembersRequest& request,
                                  v1::ListMembersResponse* response) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  ASSIGN_OR_RETURN(int64_t after, PageAfter(request.page_token()));
  return db::RunWithConnection(
      context_.pool, "ListMembers", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node node, store::GetNode(c, request.node_id()));
        RETURN_IF_ERROR(RequireRead(scope, node.path(), absl::StrCat("node ", node.id())));
        ASSIGN_OR_RETURN(std::vector<v1::Member> members,
                         store::ListMembersUnder(c, node.path(), request.include_transferred_out(),
                                                 after, page_size + 1));
        if (static_cast<int>(members.size()) > page_size) {
          members.pop_back();
          response->set_next_page_token(absl::StrCat(members.back().id()));
        }
        for (v1::Member& member : members) {
          // The phone is shown to writers in scope only; the path is under the node read.
          if (!MaySeePersonalDetails(scope, member.id(), node.path())) member.clear_phone();
          *response->add_members() = std::move(member);
        }
        return absl::OkStatus();
      });
}

absl::Status Members::UpdateMember(const auth::Caller& caller,
                                   const v1::UpdateMemberRequest& request,
                                   v1::UpdateMemberResponse* response) {
  RETURN_IF_ERROR(RequireId("id", request.id()));
  RETURN_IF_ERROR(RequireMaxLength("name", request.name(), 100));
  RETURN_IF_ERROR(RequireMaxLength("staff_code", request.staff_code(), 64));
  RETURN_IF_ERROR(ValidatePhone(request.phone()));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "UpdateMember", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.id(), true));
        ASSIGN_OR_RETURN(const std::string path, store::MemberPath(c, member.id()));
        RETURN_IF_ERROR(RequireWrite(scope, path, absl::StrCat("member ", member.id())));
        if (member.state() != v1::MEMBER_STATE_ACTIVE) {
          return absl::FailedPreconditionError("the member has been transferred out");
        }
        if (!request.name().empty()) member.set_name(request.name());
        if (!request.staff_code().empty()) member.set_staff_code(request.staff_code());
        if (!request.phone().empty()) member.set_phone(request.phone());
        // 第十四条: a leading cadre from today on (the flag has no date of its own).
        if (request.update_leading_cadre() && request.leading_cadre() != member.leading_cadre()) {
          member.set_leading_cadre(request.leading_cadre());
          RETURN_IF_ERROR(
              RecordCadreFlag(c, member.id(), Today(context_.zone), request.leading_cadre()));
        }
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
          RETURN_IF_ERROR(RequireNotFuture("became_formal_on", formal_on, context_.zone));
          RETURN_IF_ERROR(RecordStatus(c, member.id(), formal_on, v1::MEMBER_STATUS_FORMAL));
          member.set_status(v1::MEMBER_STATUS_FORMAL);
          *member.mutable_became_formal_on() = proto::ToDate(formal_on);
          RETURN_IF_ERROR(store::AddHistory(c, member.id(), "BECAME_FORMAL", member.branch_id(),
                                            member.group_id(), formal_on, ""));
          became_formal = true;
        }
        RETURN_IF_ERROR(store::UpdateMemberDetails(c, member));
        journal.SetTarget("member", member.id());
        journal.AddEvent(MakeEvent(became_formal ? "MEMBER_BECAME_FORMAL" : "MEMBER_UPDATED",
                                   "member", member.id(), path, {{"name", member.name()}}));
        ASSIGN_OR_RETURN(*response->mutable_member(), store::GetMember(c, member.id()));
        return absl::OkStatus();
      });
}

absl::Status Members::TransferMember(const auth::Caller& caller,
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
  RETURN_IF_ERROR(RequireNotFuture("effective_on", effective_on, context_.zone));
  RETURN_IF_ERROR(RequireMaxLength("reason", request.reason(), 200));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "TransferMember", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.member_id(), true));
        ASSIGN_OR_RETURN(const std::string path, store::MemberPath(c, member.id()));
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
          RETURN_IF_ERROR(
              RequireWrite(scope, destination->path(), absl::StrCat("node ", destination->id())));
        }
        const std::string note = request.reason().empty() ? "转出" : request.reason();
        // 第一条, 第十三条: what the departure leaves short is recorded, not refused.
        if (member.group_id() != 0) {
          ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, member.group_id(), "member_id"));
          RETURN_IF_ERROR(LeaveGroup(c, member, branch, effective_on, note));
          ASSIGN_OR_RETURN(GroupState after, LoadGroup(c, member.group_id(), "member_id"));
          for (const rules::Finding& finding : rules::CheckGroupStanding(
                   ToRulesGroup(after.node, branch.id(), after.members, after.leader))) {
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
          RETURN_IF_ERROR(RecordPlacement(c, member, effective_on, destination->id(), 0));
          RETURN_IF_ERROR(store::UpdateMemberPlace(c, member.id(), destination->id(), 0,
                                                   std::nullopt, v1::MEMBER_STATE_ACTIVE,
                                                   destination->path()));
          RETURN_IF_ERROR(store::AddHistory(c, member.id(), "TRANSFERRED_TO_BRANCH",
                                            destination->id(), 0, effective_on, note));
          journal.AddEvent(
              MakeEvent("MEMBER_TRANSFERRED", "member", member.id(), destination->path(),
                        {{"from_branch_id", branch.id()}, {"to_branch_id", destination->id()}}));
        } else {
          RETURN_IF_ERROR(RecordDeparture(c, member.id(), effective_on));
          RETURN_IF_ERROR(store::UpdateMemberPlace(c, member.id(), branch.id(), 0, std::nullopt,
                                                   v1::MEMBER_STATE_TRANSFERRED_OUT,
                                                   branch.path()));
          RETURN_IF_ERROR(store::AddHistory(c, member.id(), "TRANSFERRED_OUT", branch.id(), 0,
                                            effective_on, note));
          journal.AddEvent(MakeEvent("MEMBER_TRANSFERRED_OUT", "member", member.id(), branch.path(),
                                     {{"branch_id", branch.id()}}));
        }
        journal.SetTarget("member", member.id());
        ASSIGN_OR_RETURN(*response->mutable_member(), store::GetMember(c, member.id()));
        return absl::OkStatus();
      });
}

absl::Status Members::ListMemberHistory(const auth::Caller& caller,
                                        const v1::ListMemberHistoryRequest& request,
                                        v1::ListMemberHistoryResponse* response) {
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  return db::RunWithConnection(
      context_.pool, "ListMemberHistory", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Member member, store::GetMember(c, request.member_id()));
        ASSIGN_OR_RETURN(const std::string path, store::MemberPath(c, member.id()));
        RETURN_IF_ERROR(RequireReadMember(scope, member.id(), path));
        ASSIGN_OR_RETURN(auto history, store::ListHistory(c, member.id()));
        for (v1::MemberHistoryEntry& entry : history) {
          *response->add_entries() = std::move(entry);
        }
        ASSIGN_OR_RETURN(std::vector<store::Spell> spells, store::ListSpells(c, member.id()));
        for (const store::Spell& spell : spells) *response->add_spells() = store::ToProto(spell);
        return absl::OkStatus();
      });
}

absl::Status Members::CreateActivist(const auth::Caller& caller,
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
      context_.pool, MutationRequest{caller, "CreateActivist", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node branch, ActiveNodeOfKind(c, request.branch_id(),
                                                           v1::NODE_KIND_BRANCH, "branch_id"));
        RETURN_IF_ERROR(RequireWrite(scope, branch.path(), absl::StrCat("node ", branch.id())));
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
        ASSIGN_OR_RETURN(v1::Activist stored, store::InsertActivist(c, activist));
        journal.SetTarget("activist", stored.id());
        journal.AddEvent(MakeEvent("ACTIVIST_CREATED", "activist", stored.id(), branch.path(),
                                   {{"name", stored.name()}}));
        *response->mutable_activist() = std::move(stored);
        return absl::OkStatus();
      });
}

absl::Status Members::ListActivists(const auth::Caller& caller,
                                    const v1::ListActivistsRequest& request,
                                    v1::ListActivistsResponse* response) {
  RETURN_IF_ERROR(RequireId("branch_id", request.branch_id()));
  return db::RunWithConnection(
      context_.pool, "ListActivists", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node branch, store::GetNode(c, request.branch_id()));
        RETURN_IF_ERROR(RequireRead(scope, branch.path(), absl::StrCat("node ", branch.id())));
        ASSIGN_OR_RETURN(auto activists, store::ListActivists(c, branch.id()));
        for (v1::Activist& activist : activists) {
          *response->add_activists() = std::move(activist);
        }
        return absl::OkStatus();
      });
}
absl::Status Members::StreamMembers(const auth::Caller& caller,
                                    const v1::StreamMembersRequest& request,
                                    const std::function<bool(v1::Member&)>& emit) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  RETURN_IF_ERROR(CheckBatchSize(request.batch_size(), "members"));
  return db::RunWithConnection(
      context_.pool, "StreamMembers", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node root, store::GetNode(c, request.node_id()));
        RETURN_IF_ERROR(RequireRead(scope, root.path(), absl::StrCat("node ", root.id())));
        ASSIGN_OR_RETURN(auto members_read, store::ListActiveMembersUnder(c, root.path()));
        for (v1::Member& member : members_read) {
          if (!MaySeePersonalDetails(scope, member.id(), root.path())) member.clear_phone();
          if (!emit(member)) break;
        }
        return absl::OkStatus();
      });
}

}  // namespace partygroup::org
