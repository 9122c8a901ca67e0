#include "services/org/leaders.h"

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

// ---- leaders (第十条 to 第十三条) -------------------------------------------------------------

namespace {

// A term begins on a day the successor was in the group already, and not before `earliest` (the
// day the term before it began, or ended): terms follow each other and never overlap.
absl::Status RequireTermStart(const GroupState& group, int64_t member_id,
                              absl::CivilDay appointed_on, std::optional<absl::CivilDay> earliest) {
  if (earliest.has_value() && appointed_on < *earliest) {
    return absl::FailedPreconditionError(
        absl::StrCat("appointed_on: ", proto::FormatSqlDate(appointed_on), " is before ",
                     proto::FormatSqlDate(*earliest),
                     ", when the group's previous leader's term began or ended"));
  }
  for (const v1::Member& member : group.members) {
    if (member.id() != member_id || !member.has_joined_group_on()) continue;
    ASSIGN_OR_RETURN(absl::CivilDay joined,
                     proto::ToCivilDay(member.joined_group_on(), "joined_group_on"));
    if (appointed_on < joined) {
      return absl::FailedPreconditionError(absl::StrCat(
          "appointed_on: ", proto::FormatSqlDate(appointed_on), " is before ", member.name(),
          " joined the group on ", proto::FormatSqlDate(joined), " (第十条: 本党小组的党员)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Leaders::AppointLeader(const auth::Caller& caller,
                                    const v1::AppointLeaderRequest& request,
                                    v1::AppointLeaderResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  RETURN_IF_ERROR(RequireMaxLength("record_ref", request.record_ref(), 200));
  ASSIGN_OR_RETURN(absl::CivilDay appointed_on,
                   proto::ToCivilDay(request.appointed_on(), "appointed_on"));
  RETURN_IF_ERROR(RequireNotFuture("appointed_on", appointed_on, context_.zone));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "AppointLeader", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(
            RequireWrite(scope, group.node.path(), absl::StrCat("node ", group.node.id())));
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
        // After the last term ended (or the group's founding, when it never had a leader).
        std::optional<absl::CivilDay> earliest;
        if (group.node.has_created_on()) {
          ASSIGN_OR_RETURN(earliest, proto::ToCivilDay(group.node.created_on(), "created_on"));
        }
        ASSIGN_OR_RETURN(std::vector<v1::LeaderTerm> terms,
                         store::ListLeaderTerms(c, group.node.id()));
        for (const v1::LeaderTerm& past : terms) {
          if (!past.has_ended_on()) continue;
          ASSIGN_OR_RETURN(absl::CivilDay ended, proto::ToCivilDay(past.ended_on(), "ended_on"));
          if (!earliest.has_value() || ended > *earliest) earliest = ended;
        }
        RETURN_IF_ERROR(RequireTermStart(group, request.member_id(), appointed_on, earliest));
        ASSIGN_OR_RETURN(
            v1::LeaderTerm term,
            store::InsertLeaderTerm(c, group.node.id(), request.member_id(), request.method(),
                                    request.record_ref(), appointed_on));
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(MakeEvent("LEADER_APPOINTED", "group", group.node.id(), group.node.path(),
                                   {{"member_id", term.member_id()},
                                    {"member_name", term.member_name()},
                                    {"method", v1::AppointmentMethod_Name(term.method())}}));
        *response->mutable_term() = std::move(term);
        return absl::OkStatus();
      });
}

absl::Status Leaders::AdmonishLeader(const auth::Caller& caller,
                                     const v1::AdmonishLeaderRequest& request,
                                     v1::AdmonishLeaderResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  RETURN_IF_ERROR(RequireMaxLength("reason", request.reason(), 500));
  RETURN_IF_ERROR(RequireMaxLength("admonished_by", request.admonished_by(), 100));
  std::optional<absl::CivilDay> date;
  if (proto::IsSet(request.date())) {
    ASSIGN_OR_RETURN(date, proto::ToCivilDay(request.date(), "date"));
    RETURN_IF_ERROR(RequireNotFuture("date", *date, context_.zone));
  }
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "AdmonishLeader", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(
            RequireWrite(scope, group.node.path(), absl::StrCat("node ", group.node.id())));
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
        ASSIGN_OR_RETURN(v1::Admonition stored, store::InsertAdmonition(c, record));
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(
            MakeEvent("LEADER_ADMONISHED", "group", group.node.id(), group.node.path(),
                      {{"member_id", stored.leader_member_id()}, {"reason", stored.reason()}}));
        *response->mutable_admonition() = std::move(stored);
        return absl::OkStatus();
      });
}

absl::Status Leaders::ReplaceLeader(const auth::Caller& caller,
                                    const v1::ReplaceLeaderRequest& request,
                                    v1::ReplaceLeaderResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  RETURN_IF_ERROR(RequireId("member_id", request.member_id()));
  RETURN_IF_ERROR(RequireMaxLength("record_ref", request.record_ref(), 200));
  RETURN_IF_ERROR(RequireMaxLength("reason", request.reason(), 200));
  ASSIGN_OR_RETURN(absl::CivilDay appointed_on,
                   proto::ToCivilDay(request.appointed_on(), "appointed_on"));
  RETURN_IF_ERROR(RequireNotFuture("appointed_on", appointed_on, context_.zone));
  ASSIGN_OR_RETURN(std::optional<rules::BranchDecision> decision,
                   ReadDecision(request.decision(), request.has_decision(), context_.zone));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ReplaceLeader", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(GroupState group, LoadGroup(c, request.group_id(), "group_id"));
        RETURN_IF_ERROR(
            RequireWrite(scope, group.node.path(), absl::StrCat("node ", group.node.id())));
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
        ASSIGN_OR_RETURN(absl::CivilDay current_since,
                         proto::ToCivilDay(group.leader->appointed_on(), "appointed_on"));
        RETURN_IF_ERROR(RequireTermStart(group, request.member_id(), appointed_on, current_since));
        RETURN_IF_ERROR(
            store::EndLeaderTerm(c, group.leader->id(), appointed_on,
                                 request.reason().empty() ? "党支部调整" : request.reason()));
        ASSIGN_OR_RETURN(
            v1::LeaderTerm term,
            store::InsertLeaderTerm(c, group.node.id(), request.member_id(), request.method(),
                                    request.record_ref(), appointed_on));
        journal.SetTarget("group", group.node.id());
        journal.AddEvent(MakeEvent("LEADER_REPLACED", "group", group.node.id(), group.node.path(),
                                   {{"previous_member_id", group.leader->member_id()},
                                    {"member_id", term.member_id()},
                                    {"document_ref", decision->document_ref}}));
        *response->mutable_term() = std::move(term);
        return absl::OkStatus();
      });
}

absl::Status Leaders::ListLeaderTerms(const auth::Caller& caller,
                                      const v1::ListLeaderTermsRequest& request,
                                      v1::ListLeaderTermsResponse* response) {
  RETURN_IF_ERROR(RequireId("group_id", request.group_id()));
  return db::RunWithConnection(
      context_.pool, "ListLeaderTerms", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(Scope scope, ResolveScope(c, caller));
        ASSIGN_OR_RETURN(v1::Node group, store::GetNode(c, request.group_id()));
        RETURN_IF_ERROR(RequireRead(scope, group.path(), absl::StrCat("node ", group.id())));
        ASSIGN_OR_RETURN(auto terms, store::ListLeaderTerms(c, group.id()));
        for (v1::LeaderTerm& term : terms) {
          *response->add_terms() = std::move(term);
        }
        ASSIGN_OR_RETURN(auto admonitions, store::ListAdmonitions(c, group.id()));
        for (v1::Admonition& admonition : admonitions) {
          *response->add_admonitions() = std::move(admonition);
        }
        return absl::OkStatus();
      });
}

}  // namespace partygroup::org
