// The assessment service's decisions (第十四条): who may open, compute, rate and publish a cycle,
// what a computation reads (the org tree and the activity records, over gRPC, never their
// tables) and how results are kept. Every change runs through mutation::RunMutation
// (idempotent, audited, evented, all or nothing).
//
// Errors: INVALID_ARGUMENT naming the field; NOT_FOUND; PERMISSION_DENIED outside the caller's
// scope or for a role that may not act; FAILED_PRECONDITION for a step out of order (citing
// 第十四条); UNAVAILABLE when org or activity cannot answer.
#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/auth/scope.h"
#include "common/clients/activity_client.h"
#include "common/clients/org_client.h"
#include "common/db/connection_pool.h"
#include "common/rules/policy.h"
#include "common/rules/scoring.h"
#include "partygroup/assessment/v1/assessment_service.pb.h"
#include "services/assessment/rubric_versions.h"

namespace partygroup::assessment {

class AssessmentDomain final {
 public:
  AssessmentDomain(db::ConnectionPool& pool, clients::OrgClient& org,
                   clients::ActivityClient& activity, absl::TimeZone zone)
      : pool_(pool), org_(org), activity_(activity), zone_(zone), rubrics_(pool) {}

  // Cycles: ADMIN, or the UNIT_ADMIN of the cycle's unit.
  absl::Status OpenCycle(const auth::Caller& caller, const v1::OpenCycleRequest& request,
                         v1::OpenCycleResponse* response);
  absl::Status GetCycle(const auth::Caller& caller, const v1::GetCycleRequest& request,
                        v1::GetCycleResponse* response);
  absl::Status ListCycles(const auth::Caller& caller, const v1::ListCyclesRequest& request,
                          v1::ListCyclesResponse* response);
  absl::Status ComputeCycle(const auth::Caller& caller, const v1::ComputeCycleRequest& request,
                            v1::ComputeCycleResponse* response);
  absl::Status RecordDutyReview(const auth::Caller& caller,
                                const v1::RecordDutyReviewRequest& request,
                                v1::RecordDutyReviewResponse* response);
  absl::Status RecordDualReview(const auth::Caller& caller,
                                const v1::RecordDualReviewRequest& request,
                                v1::RecordDualReviewResponse* response);
  absl::Status PublishCycle(const auth::Caller& caller, const v1::PublishCycleRequest& request,
                            v1::PublishCycleResponse* response);

  // Results: readers of the cycle's node see all of it; readers of a subtree inside it see
  // their subtree's results only.
  absl::Status GetResult(const auth::Caller& caller, const v1::GetResultRequest& request,
                         v1::GetResultResponse* response);
  absl::Status ListResults(const auth::Caller& caller, const v1::ListResultsRequest& request,
                           v1::ListResultsResponse* response);
  absl::Status StreamResults(const auth::Caller& caller, const v1::StreamResultsRequest& request,
                             const std::function<bool(v1::StreamResultsResponse&)>& emit);
  absl::Status ExportResults(const auth::Caller& caller, const v1::ExportResultsRequest& request,
                             v1::ExportResultsResponse* response);

  // The path prefix of the events the caller may watch ("/" for all).
  absl::StatusOr<std::string> EventScope(const auth::Caller& caller);

 private:
  // A cycle the caller may read, the revision a request names (0: the published one, else the
  // current one), and the subtree the caller's results are limited to ("" for all of it).
  struct ReadableCycle {
    v1::Cycle cycle;
    int revision = 0;
    std::string path_prefix;
  };
  absl::StatusOr<ReadableCycle> ReadCycle(const auth::Caller& caller, int64_t cycle_id,
                                          int revision);
  // ADMIN, or a UNIT_ADMIN whose unit covers `path`.
  absl::Status RequireAssessor(const auth::Caller& caller, const std::string& path,
                               const std::string& what);
  // Votes for the subject of a review, checked against the cycle.
  absl::Status RecordVotes(const auth::Caller& caller, const std::string& method,
                           const std::string& request_id, int64_t cycle_id, int64_t subject_id,
                           bool dual, const std::vector<std::pair<std::string, v1::Votes>>& parts,
                           v1::Result* result);

  db::ConnectionPool& pool_;
  clients::OrgClient& org_;
  clients::ActivityClient& activity_;
  const absl::TimeZone zone_;
  const RubricVersions rubrics_;  // the versions cycles pin
};

}  // namespace partygroup::assessment
