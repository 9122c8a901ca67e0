// 第十四条's scoring as data: the rubric versions — the defaults of the rules library (code,
// never changed) and the versions an ADMIN defines (stored, never edited: a change is a new
// version). Cycles pin the versions they are scored with (assessment_domain.h).
//
// Errors: INVALID_ARGUMENT naming the field; ALREADY_EXISTS for a version that exists;
// PERMISSION_DENIED for a caller who is no ADMIN defining one; NOT_FOUND; UNAVAILABLE when the
// database cannot be reached.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/db/connection_pool.h"
#include "common/rules/scoring.h"
#include "partygroup/assessment/v1/assessment_service.pb.h"

namespace partygroup::assessment {

class RubricVersions final {
 public:
  explicit RubricVersions(db::ConnectionPool& pool) : pool_(pool) {}

  // ADMIN creates; anyone authenticated reads.
  absl::Status CreateRubric(const auth::Caller& caller, const v1::CreateRubricRequest& request,
                            v1::CreateRubricResponse* response);
  absl::Status GetRubric(const auth::Caller& caller, const v1::GetRubricRequest& request,
                         v1::GetRubricResponse* response);
  absl::Status ListRubrics(const auth::Caller& caller, const v1::ListRubricsRequest& request,
                           v1::ListRubricsResponse* response);

  // The rubric of `version` for `kind`: a default or a stored one; NOT_FOUND otherwise.
  absl::StatusOr<rules::Rubric> Load(const std::string& version, v1::SubjectKind kind) const;

 private:
  db::ConnectionPool& pool_;
};

}  // namespace partygroup::assessment
