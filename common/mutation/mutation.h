// Every mutation of every service goes through RunMutation: one transaction that
//   1. runs the service's body, which reads, checks the rules and writes;
//   2. writes an audit row (who, which method, what, when);
//   3. stores the response under the caller's request_id;
//   4. appends the body's events to the ordered event log;
// and commits all of it, or none of it. A retry of a request that was answered before changes
// nothing and answers what the first call answered: its transaction fails (in its body, or at
// the request_id's row) and is rolled back, and the stored response is returned instead. The tables
// come from common/mutation/migrations, embedded in each service's schema.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/db/connection_pool.h"
#include "google/protobuf/message_lite.h"

namespace partygroup::mutation {

// Something that happened, for OA systems to show as a to-do or a notice.
struct Event {
  std::string kind;         // "GROUP_CREATED", "MEETING_APPROVAL_REQUESTED", ...
  std::string target_kind;  // "group", "member", ...
  int64_t target_id = 0;
  // The org path of the node it concerns ("/1/5/23/"), so that a watcher sees only its subtree.
  std::string scope_path;
  std::string payload_json;  // the details, as a JSON object
};

struct StoredEvent {
  int64_t sequence = 0;
  absl::Time at;
  Event event;
};

struct AuditTarget {
  std::string kind;
  int64_t id = 0;
};

// What the body of a mutation records besides its own rows: the audit targets and the events.
class Journal final {
 public:
  // The audit row's target (one row).
  void SetTarget(std::string kind, int64_t id) {
    targets_.clear();
    AddTarget(std::move(kind), id);
  }
  // One more audit row, for a mutation that changes several things (an import).
  void AddTarget(std::string kind, int64_t id) { targets_.push_back({std::move(kind), id}); }
  void AddEvent(Event event) { events_.push_back(std::move(event)); }

  const std::vector<AuditTarget>& targets() const { return targets_; }
  const std::vector<Event>& events() const { return events_; }
  void Clear() { *this = Journal(); }

  // For undoing what one part of a body recorded after rolling back to a savepoint.
  struct Mark {
    size_t targets;
    size_t events;
  };
  Mark mark() const { return {targets_.size(), events_.size()}; }
  void RollbackTo(Mark mark) {
    targets_.resize(mark.targets);
    events_.resize(mark.events);
  }

 private:
  std::vector<AuditTarget> targets_;
  std::vector<Event> events_;
};

struct MutationRequest {
  const auth::Caller& caller;
  std::string method;      // "CreateGroup"
  std::string request_id;  // the client's; required
};

using MutationBody = absl::FunctionRef<absl::Status(sql::Connection&, Journal&)>;

// Runs `body` as described above; `response` is what the body fills and what a retry gets back.
// INVALID_ARGUMENT when request_id is empty, too long, or was used for another method; else the
// body's status or the mapped database error (a deadlock is retried, see transaction.h).
absl::Status RunMutation(db::ConnectionPool& pool, const MutationRequest& request,
                         google::protobuf::MessageLite* response, MutationBody body);

// A transaction with the audit rows and events of `body`, without request_id bookkeeping: for
// the parts of a long operation (an import's chunks) whose outcome is stored at the end with
// RunMutation. `request.request_id` is written into the audit rows. A body that records neither
// a target nor an event leaves no audit row.
absl::Status RunJournaled(db::ConnectionPool& pool, const MutationRequest& request,
                          MutationBody body);

// The response stored for the caller's request_id, if that request was completed before.
// INVALID_ARGUMENT when the request_id was used for another method.
absl::StatusOr<bool> LoadStoredResponse(db::ConnectionPool& pool, const MutationRequest& request,
                                        google::protobuf::MessageLite* response);

// Rung when a transaction that appended events has committed, so that a follower of the event
// log (WatchEvents with follow) reads the new events at once instead of polling the table. One
// per process; a follower also reads on a fallback period, for the events that another process
// (a replica on the same database) committed.
class EventBell {
 public:
  static EventBell& OfProcess();

  // How many times it has rung; read it before reading the log, then wait after that number,
  // so that a ring between the read and the wait is not missed.
  int64_t Rung() const;
  void Ring();
  // True once the bell has rung more than `seen` times, false when `timeout` passed first.
  bool WaitAfter(int64_t seen, absl::Duration timeout) const;

 private:
  mutable absl::Mutex mu_;
  int64_t rung_ ABSL_GUARDED_BY(mu_) = 0;
};

// Up to `limit` events after `after_sequence`, oldest first, whose scope_path starts with
// `scope_prefix` ("" or "/" for all).
absl::StatusOr<std::vector<StoredEvent>> ReadEvents(db::ConnectionPool& pool,
                                                    int64_t after_sequence,
                                                    const std::string& scope_prefix, int limit);

// The audit trail's table: append-only for the service's own account (common/db/grants.h).
inline constexpr char kAuditTable[] = "audit_log";

// One row of the audit trail: a change (outcome OK) or a refused call (its status code).
struct AuditRow {
  absl::Time at;
  std::string subject;
  std::string role;
  std::string method;
  std::string target_kind;
  int64_t target_id = 0;
  std::string request_id;
  std::string outcome;
};
// Appends rows outside a mutation (refused calls), chained like the rest, in one transaction.
absl::Status RecordAuditRows(db::ConnectionPool& pool, const std::vector<AuditRow>& rows);

// The audit trail checked against its chain (migration 0002): every row's hash recomputed from
// its fields and the hash before it, and the chain's head against the last row.
struct AuditVerification {
  int64_t rows_checked = 0;       // rows of the chain found intact, in order
  int64_t rows_before_chain = 0;  // rows written before the chain existed: not checked
  bool intact = true;
  int64_t first_bad_id = 0;  // the first row altered, or the one after a removed row; 0 at the end
  std::string problem;       // what was found, when not intact
};
absl::StatusOr<AuditVerification> VerifyAuditLog(sql::Connection& connection);

// The hash of one audit row: SHA-256, in hex, of the previous row's hash and the row's fields.
std::string AuditRowHash(const std::string& previous_hash, const std::vector<std::string>& fields);

// A stored row of the audit trail, as ListAuditRows reads it.
struct StoredAuditRow {
  int64_t id = 0;
  AuditRow row;
};
// What ListAuditRows keeps; empty fields (0, unset) keep every row.
struct AuditFilter {
  std::string subject;
  std::string method;
  std::string target_kind;
  int64_t target_id = 0;
  std::string outcome;
  std::optional<absl::Time> from;    // rows at or after
  std::optional<absl::Time> before;  // rows before
};
// Up to `limit` rows with an id below `below_id` that match `filter`, newest first.
absl::StatusOr<std::vector<StoredAuditRow>> ListAuditRows(db::ConnectionPool& pool,
                                                          const AuditFilter& filter,
                                                          int64_t below_id, int limit);

// The number of audit rows for a target, for tests and administrators.
absl::StatusOr<int64_t> CountAuditRows(db::ConnectionPool& pool, const std::string& target_kind,
                                       int64_t target_id);

}  // namespace partygroup::mutation
