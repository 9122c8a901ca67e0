#include "services/assessment/assessment_domain.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/period.h"
#include "common/status/status_macros.h"
#include "services/assessment/assessment_store.h"
#include "services/assessment/compute.h"
#include "services/assessment/export.h"
#include "services/assessment/result_writer.h"
#include "services/assessment/rubrics.h"

namespace partygroup::assessment {
namespace {

using mutation::Journal;
using mutation::MutationRequest;

constexpr char kDuty[] = "DUTY";
constexpr char kDualPartyBuilding[] = "DUAL_PARTY_BUILDING";
constexpr char kDualBusiness[] = "DUAL_BUSINESS";
// The root of the tree: the working committee (org creates it as node 1).
constexpr int64_t kCommitteeNodeId = 1;

mutation::Event CycleEvent(std::string kind, const v1::Cycle& cycle, nlohmann::json payload) {
  payload["year"] = cycle.year();
  payload["revision"] = cycle.revision();
  return mutation::Event{std::move(kind), "cycle", cycle.id(), cycle.node_path(), payload.dump()};
}

rules::Votes ToRulesVotes(const v1::Votes& votes) {
  return {votes.good(), votes.fairly_good(), votes.average(), votes.poor()};
}

// The votes recorded for one secretary, by part: 述职评议 and the two reports of 双述双评.
rules::ReviewVotes ReviewVotesOf(const std::vector<store::StoredVotes>& votes) {
  rules::ReviewVotes review;
  for (const store::StoredVotes& v : votes) {
    if (v.part == kDuty) review.duty = v.votes;
    if (v.part == kDualPartyBuilding) review.party_building = v.votes;
    if (v.part == kDualBusiness) review.business = v.votes;
  }
  return review;
}

// page_token: the offset of the next page, as text.
absl::StatusOr<int64_t> OffsetOf(const std::string& token) {
  if (token.empty()) return 0;
  int64_t offset = 0;
  if (!absl::SimpleAtoi(token, &offset) || offset < 0) {
    return absl::InvalidArgumentError("page_token: not a token this service returned");
  }
  return offset;
}

// Who may read a cycle: a reader whose scope covers the cycle's node reads all of it (an empty
// prefix); a reader of a subtree inside it reads that subtree (its path as the prefix).
// PERMISSION_DENIED for anyone else.
absl::StatusOr<std::string> CycleReadPrefix(const auth::Scope& scope, const v1::Cycle& cycle) {
  if (!scope.member_only) {
    if (auth::Covers(scope, cycle.node_path())) return std::string();
    if (!scope.path.empty() && absl::StartsWith(scope.path, cycle.node_path())) return scope.path;
  }
  return absl::PermissionDeniedError(absl::StrCat("the caller may not read cycle ", cycle.id()));
}

}  // namespace

// ---- scope ------------------------------------------------------------------------------------

absl::Status AssessmentDomain::RequireAssessor(const auth::Caller& caller, const std::string& path,
                                               const std::string& what) {
  // 第十四条: the committee assesses the units and their branches; a unit assesses its own.
  if (caller.role != auth::Role::kAdmin && caller.role != auth::Role::kUnitAdmin) {
    return absl::PermissionDeniedError(
        "the assessment is the committee's or the unit's: an ADMIN or UNIT_ADMIN token (第十四条)");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(org_, caller));
  return auth::RequireWrite(scope, path, what);
}

absl::StatusOr<AssessmentDomain::ReadableCycle> AssessmentDomain::ReadCycle(
    const auth::Caller& caller, int64_t cycle_id, int revision) {
  if (cycle_id <= 0) return absl::InvalidArgumentError("cycle_id: required");
  if (revision < 0) return absl::InvalidArgumentError("revision: must not be negative");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(org_, caller));
  ReadableCycle readable;
  RETURN_IF_ERROR(db::RunWithConnection(pool_, "ReadCycle", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(readable.cycle, store::GetCycle(c, cycle_id));
    return absl::OkStatus();
  }));
  const v1::Cycle& cycle = readable.cycle;
  ASSIGN_OR_RETURN(readable.path_prefix, CycleReadPrefix(scope, cycle));
  readable.revision = revision != 0                    ? revision
                      : cycle.published_revision() > 0 ? cycle.published_revision()
                                                       : cycle.revision();
  if (readable.revision == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cycle ", cycle.id(), " has not been computed yet: ComputeCycle first"));
  }
  if (readable.revision > cycle.revision()) {
    return absl::NotFoundError(
        absl::StrCat("cycle ", cycle.id(), " has no revision ", readable.revision));
  }
  return readable;
}

absl::StatusOr<std::string> AssessmentDomain::EventScope(const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(org_, caller));
  if (scope.member_only) return absl::PermissionDeniedError("members do not watch the event log");
  return scope.everything ? std::string("/") : scope.path;
}

// ---- cycles ----------------------------------------------------------------------------------

absl::Status AssessmentDomain::OpenCycle(const auth::Caller& caller,
                                         const v1::OpenCycleRequest& request,
                                         v1::OpenCycleResponse* response) {
  if (request.name().empty() || request.name().size() > 600) {
    return absl::InvalidArgumentError("name: required, at most 200 characters");
  }
  if (request.year() < 2000 || request.year() > 2100) {
    return absl::InvalidArgumentError("year: 2000-2100");
  }
  if (request.node_id() <= 0) return absl::InvalidArgumentError("node_id: required");
  ASSIGN_OR_RETURN(org::v1::Node node, org_.GetNode(request.node_id()));
  if (node.kind() != org::v1::NODE_KIND_COMMITTEE && node.kind() != org::v1::NODE_KIND_UNIT) {
    return absl::InvalidArgumentError("node_id: the committee or a unit");
  }
  RETURN_IF_ERROR(RequireAssessor(caller, node.path(), absl::StrCat("node ", node.id())));
  v1::Cycle cycle;
  cycle.set_name(request.name());
  cycle.set_year(request.year());
  cycle.set_node_id(node.id());
  cycle.set_node_name(node.name());
  cycle.set_node_path(node.path());
  // The rubric versions are pinned now: later rubric versions do not change this cycle.
  // The group rubric first: the others average its scores and must not count them again.
  const std::pair<v1::SubjectKind, const std::string*> wanted[] = {
      {v1::SUBJECT_KIND_GROUP, &request.group_rubric_version()},
      {v1::SUBJECT_KIND_BRANCH, &request.branch_rubric_version()},
      {v1::SUBJECT_KIND_GENERAL_BRANCH, &request.general_branch_rubric_version()},
      {v1::SUBJECT_KIND_UNIT, &request.unit_rubric_version()}};
  rules::Rubric group_rubric;
  for (const auto& [kind, version] : wanted) {
    const std::string field =
        absl::StrCat(absl::AsciiStrToLower(KindName(kind)), "_rubric_version");
    const std::string chosen = version->empty() ? DefaultVersion(kind) : *version;
    absl::StatusOr<rules::Rubric> rubric = rubrics_.Load(chosen, kind);
    if (!rubric.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": ", rubric.status().message()));
    }
    if (kind == v1::SUBJECT_KIND_GROUP) {
      group_rubric = *rubric;
    } else if (absl::Status once = rules::CheckNotCountedTwice(group_rubric, *rubric); !once.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": ", chosen, ": ", once.message()));
    }
    if (kind == v1::SUBJECT_KIND_GROUP) cycle.set_group_rubric_version(chosen);
    if (kind == v1::SUBJECT_KIND_BRANCH) cycle.set_branch_rubric_version(chosen);
    if (kind == v1::SUBJECT_KIND_GENERAL_BRANCH) cycle.set_general_branch_rubric_version(chosen);
    if (kind == v1::SUBJECT_KIND_UNIT) cycle.set_unit_rubric_version(chosen);
  }
  // 本委政策: a version pinned now must exist; 0 follows the current one.
  if (request.policy_version() < 0) {
    return absl::InvalidArgumentError("policy_version: a version, or 0 for the current one");
  }
  if (request.policy_version() > 0) {
    absl::Status known = org_.GetPolicy(request.policy_version()).status();
    if (absl::IsNotFound(known)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy_version: the committee has no policy version ", request.policy_version()));
    }
    RETURN_IF_ERROR(known);
  }
  cycle.set_policy_version(request.policy_version());
  *cycle.mutable_open_time() = proto::ToTimestamp(absl::Now());
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "OpenCycle", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(const int64_t id, store::InsertCycle(c, cycle, caller.subject));
        ASSIGN_OR_RETURN(v1::Cycle opened, store::GetCycle(c, id));
        journal.SetTarget("cycle", id);
        journal.AddEvent(CycleEvent("CYCLE_OPENED", opened, {{"name", opened.name()}}));
        *response->mutable_cycle() = std::move(opened);
        return absl::OkStatus();
      });
}

absl::Status AssessmentDomain::GetCycle(const auth::Caller& caller,
                                        const v1::GetCycleRequest& request,
                                        v1::GetCycleResponse* response) {
  if (request.id() <= 0) return absl::InvalidArgumentError("id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(org_, caller));
  return db::RunWithConnection(pool_, "GetCycle", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(v1::Cycle cycle, store::GetCycle(c, request.id()));
    RETURN_IF_ERROR(CycleReadPrefix(scope, cycle).status());
    *response->mutable_cycle() = std::move(cycle);
    return absl::OkStatus();
  });
}

absl::Status AssessmentDomain::ListCycles(const auth::Caller& caller,
                                          const v1::ListCyclesRequest& request,
                                          v1::ListCyclesResponse* response) {
  if (request.year() != 0 && (request.year() < 2000 || request.year() > 2100)) {
    return absl::InvalidArgumentError("year: 2000-2100, or 0 for every year");
  }
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(org_, caller));
  if (scope.member_only) return absl::PermissionDeniedError("members do not read cycles");
  return db::RunWithConnection(pool_, "ListCycles", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(auto cycles_read, store::ListCycles(c, request.year()));
    for (v1::Cycle& cycle : cycles_read) {
      if (CycleReadPrefix(scope, cycle).ok()) *response->add_cycles() = std::move(cycle);
    }
    return absl::OkStatus();
  });
}

absl::Status AssessmentDomain::ComputeCycle(const auth::Caller& caller,
                                            const v1::ComputeCycleRequest& request,
                                            v1::ComputeCycleResponse* response) {
  if (request.cycle_id() <= 0) return absl::InvalidArgumentError("cycle_id: required");
  // A retry returns the first answer without streaming the city again.
  const MutationRequest mutation{caller, "ComputeCycle", request.request_id()};
  ASSIGN_OR_RETURN(bool done, mutation::LoadStoredResponse(pool_, mutation, response));
  if (done) return absl::OkStatus();
  v1::Cycle cycle;
  RETURN_IF_ERROR(db::RunWithConnection(pool_, "ComputeCycle", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(cycle, store::GetCycle(c, request.cycle_id()));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(
      RequireAssessor(caller, cycle.node_path(), absl::StrCat("node ", cycle.node_id())));
  Rubrics rubrics;
  ASSIGN_OR_RETURN(rubrics.group,
                   rubrics_.Load(cycle.group_rubric_version(), v1::SUBJECT_KIND_GROUP));
  ASSIGN_OR_RETURN(rubrics.branch,
                   rubrics_.Load(cycle.branch_rubric_version(), v1::SUBJECT_KIND_BRANCH));
  ASSIGN_OR_RETURN(rubrics.general_branch, rubrics_.Load(cycle.general_branch_rubric_version(),
                                                         v1::SUBJECT_KIND_GENERAL_BRANCH));
  ASSIGN_OR_RETURN(rubrics.unit, rubrics_.Load(cycle.unit_rubric_version(), v1::SUBJECT_KIND_UNIT));
  // The cycle's policy version, or the current one: a version created later changes the next
  // computation (a new revision once published), never a published one.
  ASSIGN_OR_RETURN(const rules::Policy policy, org_.GetPolicy(cycle.policy_version()));

  // The year is judged as of its end (or now, while it runs): the same records give the same
  // results however often the cycle is computed.
  const absl::Time as_of =
      std::min(absl::Now(), rules::PeriodEnd(rules::Period{cycle.year(), 0}, zone_));
  absl::Time started, streamed, scored;
  int64_t result_count = 0;
  // All or nothing: the previous results stay until this transaction commits. The results are
  // written as they are scored, while the city streams, so the transaction spans the streams
  // (a retried transaction streams again, into a new computation) and holds the cycle's row the
  // while: votes for the cycle wait for the computation (seconds for a city); reads do not.
  absl::Status stored = mutation::RunMutation(
      pool_, mutation, response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        started = absl::Now();
        // Asked for first: the activity service reads the year while the rest comes.
        std::unique_ptr<clients::ActivityClient::YearStream> year =
            activity_.OpenYear(cycle.node_id(), cycle.year(), as_of);
        ASSIGN_OR_RETURN(v1::Cycle locked, store::GetCycle(c, cycle.id(), /*for_update=*/true));
        // Published results never change: the computation becomes the next revision.
        const int revision = locked.revision() == 0 || locked.status() == v1::CYCLE_STATUS_PUBLISHED
                                 ? locked.revision() + 1
                                 : locked.revision();
        // The votes as of the lock: one recorded meanwhile waits, then re-scores its subject.
        absl::flat_hash_map<int64_t, std::vector<store::StoredVotes>> by_subject;
        ASSIGN_OR_RETURN(std::vector<store::StoredVotes> votes, store::ListVotes(c, locked.id()));
        for (store::StoredVotes& v : votes) {
          by_subject[v.subject_id].push_back(std::move(v));
        }
        SubjectVotes manual;
        for (const auto& [subject, subject_votes] : by_subject) {
          manual[subject] = ReviewVotesOf(subject_votes);
        }
        ResultWriter writer(c, locked.id(), revision);  // deletes the revision's results first
        // A group's result is never rescored (votes are for secretaries): its input is not kept.
        Computation computation(cycle.year(), rubrics, policy, as_of, zone_,
                                [&](v1::Result result) { writer.Add(std::move(result), "{}"); });
        // The organisation as it stood in the year, not as it stands today.
        const rules::Period year_period{cycle.year(), 0};
        RETURN_IF_ERROR(org_.StreamTreeOfPeriod(
            cycle.node_id(), year_period,
            [&](org::v1::StreamTreeResponse& item) { computation.AddNode(item); }));
        RETURN_IF_ERROR(org_.StreamMembersOfPeriod(
            cycle.node_id(), year_period,
            [&](org::v1::Member& member) { computation.AddMember(member); }));
        // 第二条: the filings of the branches of the year's tree, wherever those branches sit
        // now (the computation keeps those of its branches, decided by the end of the year).
        ASSIGN_OR_RETURN(std::vector<org::v1::Filing> filings, org_.ListFilings(kCommitteeNodeId));
        for (const org::v1::Filing& filing : filings) computation.AddFiling(filing);
        RETURN_IF_ERROR(year->Read([&](const activity::v1::GroupPeriodRecords& records) {
          return computation.AddGroupRecords(records);
        }));
        streamed = absl::Now();
        // Written as they are scored: a branch's or unit's input is kept for the votes to come.
        RETURN_IF_ERROR(computation.Finish(manual, [&](ComputedResult r) {
          std::string input_json = InputToJson(r.input);
          writer.Add(std::move(r.result), std::move(input_json));
        }));
        scored = absl::Now();
        RETURN_IF_ERROR(writer.Flush());
        result_count = writer.written();
        RETURN_IF_ERROR(
            store::SetCycleComputed(c, locked.id(), revision, absl::Now(), policy.version));
        ASSIGN_OR_RETURN(v1::Cycle computed_cycle, store::GetCycle(c, locked.id()));
        journal.SetTarget("cycle", locked.id());
        journal.AddEvent(CycleEvent("CYCLE_COMPUTED", computed_cycle,
                                    {{"results", computed_cycle.result_count()},
                                     {"pending", computed_cycle.pending_count()}}));
        *response->mutable_cycle() = std::move(computed_cycle);
        return absl::OkStatus();
      });
  // Where a slow computation's time went, for the operator.
  if (stored.ok())
    spdlog::info(
        "cycle {}: {} results; streamed, groups scored and stored in {}, branches and units "
        "scored and stored in {}, the last statement and the commit in {}",
        cycle.id(), result_count, absl::FormatDuration(streamed - started),
        absl::FormatDuration(scored - streamed), absl::FormatDuration(absl::Now() - scored));
  return stored;
}

absl::Status AssessmentDomain::RecordVotes(
    const auth::Caller& caller, const std::string& method, const std::string& request_id,
    int64_t cycle_id, int64_t subject_id, bool dual,
    const std::vector<std::pair<std::string, v1::Votes>>& parts, v1::Result* result) {
  if (cycle_id <= 0) return absl::InvalidArgumentError("cycle_id: required");
  for (const auto& [part, votes] : parts) {
    absl::Status valid = rules::ValidateVotes(ToRulesVotes(votes));
    if (!valid.ok()) {
      const std::string field = part == kDuty                ? "votes"
                                : part == kDualPartyBuilding ? "party_building_votes"
                                                             : "business_votes";
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": ", absl::StripPrefix(valid.message(), "votes: ")));
    }
  }
  v1::Cycle cycle;
  RETURN_IF_ERROR(db::RunWithConnection(pool_, method, [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(cycle, store::GetCycle(c, cycle_id));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(
      RequireAssessor(caller, cycle.node_path(), absl::StrCat("node ", cycle.node_id())));
  const std::string field = dual ? "branch_id" : "subject_id";
  if (subject_id <= 0) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  ASSIGN_OR_RETURN(org::v1::Node subject, org_.GetNode(subject_id));
  const bool branch = subject.kind() == org::v1::NODE_KIND_BRANCH;
  const bool general_branch = subject.kind() == org::v1::NODE_KIND_GENERAL_BRANCH;
  const bool unit = subject.kind() == org::v1::NODE_KIND_UNIT;
  if ((dual && !branch) || (!branch && !general_branch && !unit) ||
      !absl::StartsWith(subject.path(), cycle.node_path())) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": ", subject.name(), " is not a ",
        dual ? "branch" : "branch, general branch or unit", " of cycle ", cycle.id(),
        " (第十四条: 述职评议 of the secretaries of units and of the organisations under them, "
        "双述双评 of branch secretaries)"));
  }
  const v1::SubjectKind kind = branch           ? v1::SUBJECT_KIND_BRANCH
                               : general_branch ? v1::SUBJECT_KIND_GENERAL_BRANCH
                                                : v1::SUBJECT_KIND_UNIT;
  ASSIGN_OR_RETURN(rules::Rubric rubric,
                   rubrics_.Load(branch           ? cycle.branch_rubric_version()
                                 : general_branch ? cycle.general_branch_rubric_version()
                                                  : cycle.unit_rubric_version(),
                                 kind));
  v1::RecordDutyReviewResponse stored_answer;  // both methods answer with one result
  RETURN_IF_ERROR(mutation::RunMutation(
      pool_, MutationRequest{caller, method, request_id}, &stored_answer,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(v1::Cycle locked, store::GetCycle(c, cycle.id(), /*for_update=*/true));
        if (locked.status() == v1::CYCLE_STATUS_PUBLISHED) {
          return absl::FailedPreconditionError(
              absl::StrCat("cycle ", locked.id(),
                           " is published and its results never change (第十四条): "
                           "ComputeCycle makes the next revision, then record the votes"));
        }
        for (const auto& [part, votes] : parts) {
          RETURN_IF_ERROR(store::UpsertVotes(c, locked.id(),
                                             {subject.id(), part, ToRulesVotes(votes)}, absl::Now(),
                                             caller.subject));
        }
        journal.SetTarget("cycle", locked.id());
        journal.AddEvent(CycleEvent(dual ? "DUAL_REVIEW_RECORDED" : "DUTY_REVIEW_RECORDED", locked,
                                    {{"subject_id", subject.id()}}));
        if (locked.revision() == 0) return absl::OkStatus();  // counted when computed
        // Re-score the subject with its votes; the other results stay as they are.
        ASSIGN_OR_RETURN(
            store::StoredResult stored,
            store::GetResultForUpdate(c, locked.id(), locked.revision(), kind, subject.id()));
        ASSIGN_OR_RETURN(rules::ScoringInput input, InputFromJson(stored.input_json));
        ASSIGN_OR_RETURN(const std::vector<store::StoredVotes> votes,
                         store::ListVotes(c, locked.id(), subject.id()));
        RETURN_IF_ERROR(rules::AddManualRatings(rubric, ReviewVotesOf(votes), input));
        RETURN_IF_ERROR(ScoreInto(rubric, input, &stored.result));
        RETURN_IF_ERROR(store::UpdateResult(c, locked.id(), locked.revision(), stored.result));
        store::ResultQuery query;
        query.cycle_id = locked.id();
        query.revision = locked.revision();
        query.kind = kind;
        query.subject_id = subject.id();
        ASSIGN_OR_RETURN(auto results_page, store::QueryResults(c, query));
        for (v1::Result& ranked : results_page) {
          *stored_answer.mutable_result() = std::move(ranked);
        }
        return absl::OkStatus();
      }));
  *result = stored_answer.result();
  return absl::OkStatus();
}

absl::Status AssessmentDomain::RecordDutyReview(const auth::Caller& caller,
                                                const v1::RecordDutyReviewRequest& request,
                                                v1::RecordDutyReviewResponse* response) {
  return RecordVotes(caller, "RecordDutyReview", request.request_id(), request.cycle_id(),
                     request.subject_id(), /*dual=*/false, {{kDuty, request.votes()}},
                     response->mutable_result());
}

absl::Status AssessmentDomain::RecordDualReview(const auth::Caller& caller,
                                                const v1::RecordDualReviewRequest& request,
                                                v1::RecordDualReviewResponse* response) {
  return RecordVotes(caller, "RecordDualReview", request.request_id(), request.cycle_id(),
                     request.branch_id(), /*dual=*/true,
                     {{kDualPartyBuilding, request.party_building_votes()},
                      {kDualBusiness, request.business_votes()}},
                     response->mutable_result());
}

absl::Status AssessmentDomain::PublishCycle(const auth::Caller& caller,
                                            const v1::PublishCycleRequest& request,
                                            v1::PublishCycleResponse* response) {
  if (request.cycle_id() <= 0) return absl::InvalidArgumentError("cycle_id: required");
  v1::Cycle cycle;
  RETURN_IF_ERROR(db::RunWithConnection(pool_, "PublishCycle", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(cycle, store::GetCycle(c, request.cycle_id()));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(
      RequireAssessor(caller, cycle.node_path(), absl::StrCat("node ", cycle.node_id())));
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "PublishCycle", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(v1::Cycle locked, store::GetCycle(c, cycle.id(), /*for_update=*/true));
        if (locked.status() == v1::CYCLE_STATUS_OPEN) {
          return absl::FailedPreconditionError(
              absl::StrCat("cycle ", locked.id(), " has not been computed: ComputeCycle first"));
        }
        if (locked.status() == v1::CYCLE_STATUS_PUBLISHED) {
          return absl::FailedPreconditionError(
              absl::StrCat("cycle ", locked.id(), " revision ", locked.revision(),
                           " is published already; ComputeCycle makes the next revision"));
        }
        ASSIGN_OR_RETURN(const std::vector<std::string> waiting,
                         store::IncompleteResults(c, locked.id(), locked.revision(), 5));
        if (!waiting.empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat(locked.pending_count(),
                           " result(s) wait for 述职评议 or 双述双评 votes (第十四条), "
                           "for instance ",
                           absl::StrJoin(waiting, "、")));
        }
        RETURN_IF_ERROR(store::SetCyclePublished(c, locked.id(), locked.revision(), absl::Now()));
        ASSIGN_OR_RETURN(v1::Cycle published, store::GetCycle(c, locked.id()));
        journal.SetTarget("cycle", locked.id());
        journal.AddEvent(
            CycleEvent("CYCLE_PUBLISHED", published, {{"results", published.result_count()}}));
        *response->mutable_cycle() = std::move(published);
        return absl::OkStatus();
      });
}

// ---- results ---------------------------------------------------------------------------------

absl::Status AssessmentDomain::GetResult(const auth::Caller& caller,
                                         const v1::GetResultRequest& request,
                                         v1::GetResultResponse* response) {
  if (request.subject_kind() == v1::SUBJECT_KIND_UNSPECIFIED) {
    return absl::InvalidArgumentError("subject_kind: GROUP, BRANCH or UNIT");
  }
  if (request.subject_id() <= 0) return absl::InvalidArgumentError("subject_id: required");
  ASSIGN_OR_RETURN(ReadableCycle readable,
                   ReadCycle(caller, request.cycle_id(), request.revision()));
  store::ResultQuery query;
  query.cycle_id = readable.cycle.id();
  query.revision = readable.revision;
  query.kind = request.subject_kind();
  query.subject_id = request.subject_id();
  query.path_prefix = readable.path_prefix;
  return db::RunWithConnection(pool_, "GetResult", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<v1::Result> found, store::QueryResults(c, query));
    if (found.empty()) {
      return absl::NotFoundError(absl::StrCat(
          "cycle ", query.cycle_id, " revision ", query.revision, " has no result for ",
          KindName(query.kind), " ", query.subject_id, " that the caller may read"));
    }
    *response->mutable_result() = std::move(found.front());
    return absl::OkStatus();
  });
}

absl::Status AssessmentDomain::ListResults(const auth::Caller& caller,
                                           const v1::ListResultsRequest& request,
                                           v1::ListResultsResponse* response) {
  if (request.page_size() < 0 || request.page_size() > 1000) {
    return absl::InvalidArgumentError("page_size: 0-1000 (0: 100)");
  }
  if (request.grade().size() > 32) return absl::InvalidArgumentError("grade: too long");
  ASSIGN_OR_RETURN(int64_t offset, OffsetOf(request.page_token()));
  ASSIGN_OR_RETURN(ReadableCycle readable,
                   ReadCycle(caller, request.cycle_id(), request.revision()));
  store::ResultQuery query;
  query.cycle_id = readable.cycle.id();
  query.revision = readable.revision;
  query.kind = request.subject_kind();
  query.unit_id = request.unit_id();
  query.branch_id = request.branch_id();
  query.grade = request.grade();
  query.path_prefix = readable.path_prefix;
  query.ascending = request.order_by() == v1::RESULT_ORDER_SCORE_ASC;
  query.offset = offset;
  query.limit = request.page_size() == 0 ? 100 : request.page_size();
  return db::RunWithConnection(pool_, "ListResults", [&](sql::Connection& c) {
    int64_t total = 0;
    ASSIGN_OR_RETURN(auto results_page_read, store::QueryResults(c, query, &total));
    for (v1::Result& result : results_page_read) {
      *response->add_results() = std::move(result);
    }
    response->set_total_size(static_cast<int32_t>(total));
    if (offset + response->results_size() < total) {
      response->set_next_page_token(absl::StrCat(offset + response->results_size()));
    }
    return absl::OkStatus();
  });
}

absl::Status AssessmentDomain::StreamResults(
    const auth::Caller& caller, const v1::StreamResultsRequest& request,
    const std::function<bool(v1::StreamResultsResponse&)>& emit) {
  ASSIGN_OR_RETURN(ReadableCycle readable,
                   ReadCycle(caller, request.cycle_id(), request.revision()));
  store::ResultQuery query;
  query.cycle_id = readable.cycle.id();
  query.revision = readable.revision;
  query.kind = request.subject_kind();
  query.path_prefix = readable.path_prefix;
  query.limit = 500;
  v1::StreamResultsResponse response;
  for (bool more = true; more;) {
    std::vector<v1::Result> page;
    RETURN_IF_ERROR(db::RunWithConnection(pool_, "StreamResults", [&](sql::Connection& c) {
      ASSIGN_OR_RETURN(page, store::QueryResults(c, query));
      return absl::OkStatus();
    }));
    more = static_cast<int>(page.size()) == query.limit;
    query.offset += static_cast<int64_t>(page.size());
    for (v1::Result& result : page) {
      *response.mutable_result() = std::move(result);
      if (!emit(response)) return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

absl::Status AssessmentDomain::ExportResults(const auth::Caller& caller,
                                             const v1::ExportResultsRequest& request,
                                             v1::ExportResultsResponse* response) {
  if (request.format() == v1::EXPORT_FORMAT_UNSPECIFIED) {
    return absl::InvalidArgumentError("format: XLSX or CSV");
  }
  ASSIGN_OR_RETURN(ReadableCycle readable,
                   ReadCycle(caller, request.cycle_id(), request.revision()));
  std::vector<v1::Result> results;
  // Units, then branches, then groups, each best first.
  for (v1::SubjectKind kind :
       {v1::SUBJECT_KIND_UNIT, v1::SUBJECT_KIND_BRANCH, v1::SUBJECT_KIND_GROUP}) {
    store::ResultQuery query;
    query.cycle_id = readable.cycle.id();
    query.revision = readable.revision;
    query.kind = kind;
    query.path_prefix = readable.path_prefix;
    query.limit = 1000;
    for (bool more = true; more;) {
      size_t before = results.size();
      RETURN_IF_ERROR(db::RunWithConnection(pool_, "ExportResults", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(std::vector<v1::Result> page, store::QueryResults(c, query));
        for (v1::Result& r : page) results.push_back(std::move(r));
        return absl::OkStatus();
      }));
      more = static_cast<int>(results.size() - before) == query.limit;
      query.offset += query.limit;
    }
  }
  readable.cycle.set_revision(readable.revision);
  if (request.format() == v1::EXPORT_FORMAT_XLSX) {
    ASSIGN_OR_RETURN(v1::ExportFile file, ExportWorkbook(readable.cycle, results));
    *response->add_files() = std::move(file);
  } else {
    for (v1::ExportFile& file : ExportCsv(readable.cycle, results)) {
      *response->add_files() = std::move(file);
    }
  }
  return absl::OkStatus();
}

}  // namespace partygroup::assessment
