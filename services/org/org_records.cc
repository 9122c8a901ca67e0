#include "services/org/org_records.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/org_records.h"
#include "common/proto/convert.h"
#include "common/rules/structure.h"
#include "common/status/status_macros.h"
#include "services/org/org_store.h"
#include "services/org/policies.h"
#include "services/org/tenure.h"

namespace partygroup::org {

using mutation::Journal;

absl::CivilDay Today(absl::TimeZone zone) { return absl::ToCivilDay(absl::Now(), zone); }

absl::Status RequireNotFuture(absl::string_view field, absl::CivilDay day, absl::TimeZone zone) {
  if (day <= Today(zone)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", proto::FormatSqlDate(day),
                   " is in the future; record a change once it has taken effect"));
}

namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

}  // namespace

// ---- validation ----------------------------------------------------------------------------

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
                                                                  bool present,
                                                                  absl::TimeZone zone) {
  if (!present || !proto::IsSet(d.decided_on())) return std::optional<rules::BranchDecision>();
  ASSIGN_OR_RETURN(absl::CivilDay day, proto::ToCivilDay(d.decided_on(), "decision.decided_on"));
  RETURN_IF_ERROR(RequireNotFuture("decision.decided_on", day, zone));
  RETURN_IF_ERROR(RequireMaxLength("decision.document_ref", d.document_ref(), 200));
  return std::optional<rules::BranchDecision>(rules::BranchDecision{day, d.document_ref()});
}

// ---- rules -----------------------------------------------------------------------------------

rules::Group ToRulesGroup(const v1::Node& node, int64_t branch_id,
                          const std::vector<v1::Member>& members,
                          const std::optional<v1::LeaderTerm>& leader) {
  std::vector<v1::LeaderTerm> terms;
  if (leader.has_value()) terms.push_back(*leader);
  return clients::ToRulesGroup(node, branch_id, members, terms);
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

absl::StatusOr<GroupState> LoadGroup(sql::Connection& c, int64_t group_id,
                                     absl::string_view field) {
  GroupState state;
  ASSIGN_OR_RETURN(state.node, ActiveNodeOfKind(c, group_id, v1::NODE_KIND_GROUP, field));
  ASSIGN_OR_RETURN(state.branch, store::GetNode(c, state.node.parent_id()));
  ASSIGN_OR_RETURN(state.members, store::ListGroupMembers(c, group_id));
  ASSIGN_OR_RETURN(state.leader, store::CurrentLeader(c, group_id));
  return state;
}

void FillGroup(const GroupState& state, const Scope* scope, v1::Group* out) {
  *out->mutable_node() = state.node;
  out->set_branch_id(state.branch.id());
  for (const v1::Member& member : state.members) {
    v1::Member* m = out->add_members();
    *m = member;
    if (scope != nullptr && !MaySeePersonalDetails(*scope, member.id(), state.node.path()))
      m->clear_phone();
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
    // A member who does not exist and one of another branch are answered alike: the caller,
    // whose scope is this branch, learns nothing of the others.
    if (absl::IsNotFound(member.status()) || (member.ok() && member->branch_id() != branch.id())) {
      return absl::FailedPreconditionError(absl::StrCat(
          field, ": member ", id, " is not a member of ", branch.name(), " (", branch.id(), ")"));
    }
    RETURN_IF_ERROR(member.status());
    if (member->state() != v1::MEMBER_STATE_ACTIVE) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": member ", id, " has been transferred out"));
    }
    members.push_back(*std::move(member));
  }
  return members;
}

// Takes `member` out of its group (if any) back into its branch, ending a leader term it held.
absl::Status LeaveGroup(sql::Connection& c, const v1::Member& member, const v1::Node& branch,
                        absl::CivilDay day, const std::string& note) {
  if (member.group_id() == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<v1::LeaderTerm> leader,
                   store::CurrentLeader(c, member.group_id()));
  if (leader.has_value() && leader->member_id() == member.id()) {
    RETURN_IF_ERROR(store::EndLeaderTerm(c, leader->id(), day, note));
  }
  RETURN_IF_ERROR(RecordPlacement(c, member, day, branch.id(), 0));
  RETURN_IF_ERROR(store::UpdateMemberPlace(c, member.id(), branch.id(), 0, std::nullopt,
                                           v1::MEMBER_STATE_ACTIVE, branch.path()));
  RETURN_IF_ERROR(
      store::AddHistory(c, member.id(), "LEFT_GROUP", branch.id(), member.group_id(), day, note));
  return absl::OkStatus();
}

absl::Status JoinGroup(sql::Connection& c, const v1::Member& member, const v1::Node& group,
                       const v1::Node& branch, absl::CivilDay day, const std::string& note) {
  RETURN_IF_ERROR(RecordPlacement(c, member, day, branch.id(), group.id()));
  RETURN_IF_ERROR(store::UpdateMemberPlace(c, member.id(), branch.id(), group.id(), day,
                                           v1::MEMBER_STATE_ACTIVE, group.path()));
  RETURN_IF_ERROR(
      store::AddHistory(c, member.id(), "JOINED_GROUP", branch.id(), group.id(), day, note));
  return absl::OkStatus();
}

// 第一条 for the groups that members are taken from by a deliberate decision: each must still
// meet the minimums afterwards.
absl::StatusOr<std::vector<rules::Finding>> CheckSourceGroups(sql::Connection& c,
                                                              const std::vector<v1::Member>& moving,
                                                              int64_t destination_group) {
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
             rules::Severity::kViolation)) {
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

// Opens the filing of a group change (第二条) and the to-do it means for the branch.
absl::StatusOr<v1::Filing> OpenFiling(sql::Connection& c, const v1::Node& branch,
                                      const v1::Node& group, v1::GroupChangeKind change,
                                      const rules::BranchDecision& decision, Journal& journal) {
  ASSIGN_OR_RETURN(const rules::Policy policy, CurrentPolicy(c));
  const absl::CivilDay due = rules::FilingDueOn(decision.decided_on, policy);
  ASSIGN_OR_RETURN(v1::Filing filing,
                   store::InsertFiling(c, branch, group.id(), group.name(), change,
                                       decision.decided_on, decision.document_ref, due));
  journal.AddEvent(MakeEvent("FILING_DUE", "filing", filing.id(), branch.path(),
                             {{"group_id", group.id()},
                              {"group_name", group.name()},
                              {"change", v1::GroupChangeKind_Name(change)},
                              {"due_on", proto::FormatSqlDate(due)}}));
  return filing;
}

namespace {

rules::NodeKind ToRulesKind(v1::NodeKind kind) {
  switch (kind) {
    case v1::NODE_KIND_COMMITTEE:
      return rules::NodeKind::kCommittee;
    case v1::NODE_KIND_UNIT:
      return rules::NodeKind::kUnit;
    case v1::NODE_KIND_GENERAL_BRANCH:
      return rules::NodeKind::kGeneralBranch;
    case v1::NODE_KIND_BRANCH:
      return rules::NodeKind::kBranch;
    default:
      return rules::NodeKind::kGroup;
  }
}

}  // namespace

bool AllowedParent(v1::NodeKind kind, v1::NodeKind parent) {
  if (kind == v1::NODE_KIND_GROUP) return false;  // groups come by CreateGroup (第二条)
  return rules::MaySitUnder(ToRulesKind(kind), ToRulesKind(parent));
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

// A stream's batch_size at most: a message of a thousand members is ~150 KB.
constexpr int kMaxStreamBatch = 1000;

absl::Status CheckBatchSize(int batch_size, absl::string_view what) {
  if (batch_size < 0 || batch_size > kMaxStreamBatch) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size: 0-", kMaxStreamBatch, " ", what, " per message"));
  }
  return absl::OkStatus();
}

}  // namespace partygroup::org
