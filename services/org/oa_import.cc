#include "services/org/oa_import.h"

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

// ---- OA sync ---------------------------------------------------------------------------------

namespace {

constexpr size_t kImportChunk = 500;

enum class Outcome { kCreated, kUpdated, kUnchanged };

absl::StatusOr<Outcome> ApplyNodeRecord(sql::Connection& c, const Scope& scope,
                                        const v1::NodeRecord& record, absl::CivilDay today,
                                        Journal& journal) {
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
    ASSIGN_OR_RETURN(parent, store::FindNodeByExternalId(c, record.parent_external_id()));
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
  ASSIGN_OR_RETURN(std::optional<v1::Node> existing,
                   store::FindNodeByExternalId(c, record.external_id()));
  if (!existing.has_value()) {
    RETURN_IF_ERROR(RequireWrite(scope, parent->path(), absl::StrCat("node ", parent->id())));
    ASSIGN_OR_RETURN(v1::Node node, store::InsertNode(c, *parent, record.kind(), record.name(),
                                                      record.code(), record.external_id()));
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
  RETURN_IF_ERROR(RequireWrite(scope, existing->path(), absl::StrCat("node ", existing->id())));
  bool changed = false;
  if (existing->name() != record.name() || existing->code() != record.code()) {
    RETURN_IF_ERROR(store::UpdateNodeDetails(c, existing->id(), record.name(), record.code()));
    changed = true;
  }
  bool moved = false;
  if (existing->parent_id() != parent->id()) {
    RETURN_IF_ERROR(RequireWrite(scope, parent->path(), absl::StrCat("node ", parent->id())));
    RETURN_IF_ERROR(store::MoveNode(c, *existing, *parent, today));
    changed = moved = true;
  }
  if (!changed) return Outcome::kUnchanged;
  ASSIGN_OR_RETURN(v1::Node updated, store::GetNode(c, existing->id()));
  journal.AddTarget("node", updated.id());
  // The services that keep the paths of their records follow NODE_MOVED (MoveNode's event).
  if (moved) {
    journal.AddEvent(MakeEvent("NODE_MOVED", "node", updated.id(), updated.path(),
                               {{"old_parent_id", existing->parent_id()},
                                {"parent_id", updated.parent_id()},
                                {"old_path", existing->path()},
                                {"effective_on", proto::FormatSqlDate(today)}}));
  }
  journal.AddEvent(MakeEvent("NODE_UPDATED", "node", updated.id(), updated.path(),
                             {{"name", updated.name()}, {"parent_id", updated.parent_id()}}));
  return Outcome::kUpdated;
}

// A member row's values and its branch checked (and the caller's right to write there); the
// branch it goes to. `branch`: the node known by the row's branch_external_id, if any.
absl::StatusOr<v1::Node> CheckMemberRecord(const Scope& scope, const v1::MemberRecord& record,
                                           const std::optional<v1::Node>& branch) {
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
  if (!branch.has_value() || branch->kind() != v1::NODE_KIND_BRANCH) {
    return absl::NotFoundError(absl::StrCat("branch_external_id: no branch is known as '",
                                            record.branch_external_id(), "'"));
  }
  if (branch->status() != v1::NODE_STATUS_ACTIVE) {
    return absl::FailedPreconditionError("branch_external_id: the branch has been dissolved");
  }
  RETURN_IF_ERROR(RequireWrite(scope, branch->path(), absl::StrCat("node ", branch->id())));
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
  ASSIGN_OR_RETURN(const std::optional<v1::Node> known_branch,
                   store::FindNodeByExternalId(c, record.branch_external_id()));
  ASSIGN_OR_RETURN(const v1::Node branch, CheckMemberRecord(scope, record, known_branch));
  ASSIGN_OR_RETURN(std::optional<v1::Member> existing,
                   store::FindMemberByExternalId(c, record.external_id()));
  if (!existing.has_value()) {
    ASSIGN_OR_RETURN(v1::Member stored,
                     store::InsertMember(c, NewMemberOf(record, branch), branch.path()));
    RETURN_IF_ERROR(
        store::AddHistory(c, stored.id(), "CREATED", branch.id(), 0, today, kImportNote));
    JournalMemberCreated(stored, branch.path(), journal);
    return Outcome::kCreated;
  }
  ASSIGN_OR_RETURN(const std::string path, store::MemberPath(c, existing->id()));
  RETURN_IF_ERROR(RequireWrite(scope, path, absl::StrCat("member ", existing->id())));
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
  if (details_changed) RETURN_IF_ERROR(store::UpdateMemberDetails(c, updated));
  // The directory says how things stand today: a change it brings applies from today, 转正 from
  // the day it gives.
  if (updated.status() != existing->status()) {
    absl::CivilDay formal_on = today;
    if (proto::IsSet(updated.became_formal_on())) {
      ASSIGN_OR_RETURN(formal_on,
                       proto::ToCivilDay(updated.became_formal_on(), "became_formal_on"));
      if (formal_on > today) {
        return absl::InvalidArgumentError("became_formal_on: in the future");
      }
    }
    RETURN_IF_ERROR(RecordStatus(c, existing->id(), formal_on, updated.status()));
  }
  if (updated.leading_cadre() != existing->leading_cadre()) {
    RETURN_IF_ERROR(RecordCadreFlag(c, existing->id(), today, updated.leading_cadre()));
  }
  if (moved) {
    ASSIGN_OR_RETURN(v1::Node old_branch, store::GetNode(c, existing->branch_id()));
    RETURN_IF_ERROR(LeaveGroup(c, *existing, old_branch, today, "OA 同步调转"));
    RETURN_IF_ERROR(RecordPlacement(c, updated, today, branch.id(), 0));
    RETURN_IF_ERROR(store::UpdateMemberPlace(c, existing->id(), branch.id(), 0, std::nullopt,
                                             v1::MEMBER_STATE_ACTIVE, branch.path()));
    RETURN_IF_ERROR(store::AddHistory(c, existing->id(), "TRANSFERRED_TO_BRANCH", branch.id(), 0,
                                      today, "OA 同步"));
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
    bool new_member = false;
    if (row.record.has_member()) {
      ASSIGN_OR_RETURN(new_member, IsNewMember(row.record.member()));
    }
    if (new_member) {
      const v1::MemberRecord& record = row.record.member();
      ASSIGN_OR_RETURN(const std::optional<v1::Node> known_branch,
                       Branch(record.branch_external_id()));
      absl::StatusOr<v1::Node> branch = CheckMemberRecord(scope_, record, known_branch);
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

  absl::StatusOr<bool> IsNewMember(const v1::MemberRecord& record) {
    if (pending_ids_.contains(record.external_id())) return false;  // twice in a chunk: update
    if (!looked_up_) RETURN_IF_ERROR(LookUpRest());
    return !known_members_.contains(record.external_id());
  }

  // The branches and the known members of the chunk's remaining member rows, one query each.
  absl::Status LookUpRest() {
    std::vector<std::string> members, branches;
    for (size_t i = next_; i < end_; ++i) {
      if (!rows_[i].record.has_member()) continue;
      members.push_back(rows_[i].record.member().external_id());
      branches.push_back(rows_[i].record.member().branch_external_id());
    }
    std::sort(branches.begin(), branches.end());
    branches.erase(std::unique(branches.begin(), branches.end()), branches.end());
    ASSIGN_OR_RETURN(branches_, store::FindNodesByExternalIds(c_, branches));
    ASSIGN_OR_RETURN(known_members_, store::KnownMemberExternalIds(c_, members));
    looked_up_ = true;
    return absl::OkStatus();
  }

  absl::StatusOr<std::optional<v1::Node>> Branch(const std::string& external_id) {
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
      ASSIGN_OR_RETURN(const std::vector<int64_t> ids, store::InsertMembers(c_, members));
      std::vector<int64_t> branch_ids;
      for (const Pending& p : pending_) branch_ids.push_back(p.member.member.branch_id());
      RETURN_IF_ERROR(store::AddHistories(c_, ids, "CREATED", branch_ids, today_, kImportNote));
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
          row.record.has_node() ? ApplyNodeRecord(c_, scope_, row.record.node(), today_, journal_)
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

absl::Status OaImport::Import(const auth::Caller& caller, const std::string& method,
                              const std::string& request_id, const std::vector<ImportRow>& rows,
                              v1::ImportResult* result) {
  if (rows.size() > kMaxRows) {
    return absl::InvalidArgumentError(
        absl::StrCat("records: at most ", kMaxRows, " rows in one import"));
  }
  const MutationRequest request{caller, method, request_id};
  // A retry of a completed import answers what the first one did.
  ASSIGN_OR_RETURN(bool done, mutation::LoadStoredResponse(context_.pool, request, result));
  if (done) return absl::OkStatus();

  v1::ImportResult outcome;
  outcome.set_rows(static_cast<int32_t>(rows.size()));
  const absl::CivilDay today = Today(context_.zone);
  for (size_t start = 0; start < rows.size(); start += kImportChunk) {
    const size_t end = std::min(rows.size(), start + kImportChunk);
    v1::ImportResult chunk;
    RETURN_IF_ERROR(mutation::RunJournaled(
        context_.pool, request, [&](sql::Connection& c, Journal& journal) -> absl::Status {
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
  return mutation::RunMutation(context_.pool, request, result,
                               [&](sql::Connection&, Journal& journal) -> absl::Status {
                                 journal.SetTarget("import", 0);
                                 *result = outcome;
                                 return absl::OkStatus();
                               });
}

absl::Status OaImport::RequireImporter(const auth::Caller& caller) {
  if (caller.role == auth::Role::kAdmin || caller.role == auth::Role::kUnitAdmin ||
      caller.role == auth::Role::kBranchSecretary) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "the directory is imported by an ADMIN, UNIT_ADMIN or BRANCH_SECRETARY token");
}

absl::Status OaImport::ImportCsv(const auth::Caller& caller, const v1::ImportCsvRequest& request,
                                 v1::ImportCsvResponse* response) {
  RETURN_IF_ERROR(RequireImporter(caller));  // before the CSV is parsed
  ASSIGN_OR_RETURN(std::vector<ImportRow> rows, ParseImportCsv(request.kind(), request.csv()));
  return Import(caller, "ImportCsv", request.request_id(), rows, response->mutable_result());
}

absl::Status OaImport::ImportRecords(const auth::Caller& caller, const std::string& request_id,
                                     const std::vector<v1::ImportRecord>& records,
                                     v1::ImportRecordsResponse* response) {
  std::vector<ImportRow> rows;
  rows.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    rows.push_back(ImportRow{static_cast<int>(i) + 1, records[i], ""});
  }
  return Import(caller, "ImportRecords", request_id, rows, response->mutable_result());
}

}  // namespace partygroup::org
