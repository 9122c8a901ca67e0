// Rubrics as the API carries them and as the rules library scores with them. The defaults are
// the rules library's (default_rubrics.h); an administrator's versions are validated here
// and stored by the domain.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "common/rules/scoring.h"
#include "partygroup/assessment/v1/assessment_service.pb.h"

namespace partygroup::assessment {

v1::Rubric ToProto(const rules::Rubric& rubric, v1::SubjectKind kind);

// INVALID_ARGUMENT naming the field: an unknown kind, a rate or manual input the subject kind
// does not have, weights not summing to 100, bands not descending to 0, unknown finding codes.
absl::StatusOr<rules::Rubric> FromProto(const v1::Rubric& rubric);

// The defaults of every kind, the current one of each kind first.
std::vector<v1::Rubric> DefaultRubrics();

// The level a kind's rubric scores (rules::CheckRubricReach).
rules::SubjectLevel LevelOf(v1::SubjectKind kind);

// The default version of a kind ("loudi-2023-8/group/v3").
std::string DefaultVersion(v1::SubjectKind kind);

// "GROUP", "BRANCH", "GENERAL_BRANCH", "UNIT", as stored.
std::string KindName(v1::SubjectKind kind);
v1::SubjectKind KindFromName(const std::string& name);

}  // namespace partygroup::assessment
