// The assessment service's SQL. Functions run on a connection of db::RunInTransaction or
// db::RunWithConnection; every one returns a status and keeps its exceptions
// (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/rules/scoring.h"
#include "partygroup/assessment/v1/assessment_service.pb.h"

namespace partygroup::assessment::store {

// Rubrics an administrator defined.
absl::Status InsertRubric(sql::Connection& c, const v1::Rubric& rubric);
absl::StatusOr<std::optional<v1::Rubric>> GetRubric(sql::Connection& c, const std::string& version);
absl::StatusOr<std::vector<v1::Rubric>> ListRubrics(sql::Connection& c, v1::SubjectKind kind);

// Cycles. GetCycle fills result_count and pending_count of the current revision.
absl::StatusOr<int64_t> InsertCycle(sql::Connection& c, const v1::Cycle& cycle,
                                    const std::string& opened_by);
absl::StatusOr<v1::Cycle> GetCycle(sql::Connection& c, int64_t id, bool for_update = false);
absl::StatusOr<std::vector<v1::Cycle>> ListCycles(sql::Connection& c, int year);
absl::Status SetCycleComputed(sql::Connection& c, int64_t id, int revision, absl::Time at,
                              int64_t policy_version);
absl::Status SetCyclePublished(sql::Connection& c, int64_t id, int revision, absl::Time at);

// Votes: part DUTY, DUAL_PARTY_BUILDING or DUAL_BUSINESS.
struct StoredVotes {
  int64_t subject_id = 0;
  std::string part;
  rules::Votes votes;
};
absl::Status UpsertVotes(sql::Connection& c, int64_t cycle_id, const StoredVotes& votes,
                         absl::Time at, const std::string& by);
absl::StatusOr<std::vector<StoredVotes>> ListVotes(
    sql::Connection& c, int64_t cycle_id, std::optional<int64_t> subject_id = std::nullopt);

// Results of a revision. A result's rank and peer_count are computed when read.
struct StoredResult {
  v1::Result result;
  std::string input_json;
};
// A computation replaces a revision's results: it deletes them, then inserts its own, in one
// transaction. InsertResults writes a result's cycle_id and revision as the result carries them.
// InsertResults writes up to kResultsPerStatement results a statement (a round trip).
inline constexpr size_t kResultsPerStatement = 200;
absl::Status DeleteResults(sql::Connection& c, int64_t cycle_id, int revision);
absl::Status InsertResults(sql::Connection& c, const std::vector<StoredResult>& results);
absl::StatusOr<StoredResult> GetResultForUpdate(sql::Connection& c, int64_t cycle_id, int revision,
                                                v1::SubjectKind kind, int64_t subject_id);
absl::Status UpdateResult(sql::Connection& c, int64_t cycle_id, int revision,
                          const v1::Result& result);
// Names of up to `limit` incomplete results of the revision.
absl::StatusOr<std::vector<std::string>> IncompleteResults(sql::Connection& c, int64_t cycle_id,
                                                           int revision, int limit);

struct ResultQuery {
  int64_t cycle_id = 0;
  int revision = 0;
  v1::SubjectKind kind = v1::SUBJECT_KIND_UNSPECIFIED;  // UNSPECIFIED: all
  int64_t subject_id = 0;                               // 0: all
  int64_t unit_id = 0;
  int64_t branch_id = 0;
  std::string grade;
  std::string path_prefix;  // the caller's subtree; empty: all
  bool ascending = false;   // by score
  int64_t offset = 0;
  int limit = 100;
};
// The matching results with rank and peer_count, best first (or worst first), and how many match.
absl::StatusOr<std::vector<v1::Result>> QueryResults(sql::Connection& c, const ResultQuery& query,
                                                     int64_t* total = nullptr);

}  // namespace partygroup::assessment::store
