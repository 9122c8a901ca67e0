#include "services/assessment/rubric_versions.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "services/assessment/assessment_store.h"
#include "services/assessment/rubrics.h"

namespace partygroup::assessment {

using mutation::Journal;
using mutation::MutationRequest;

absl::StatusOr<rules::Rubric> RubricVersions::Load(const std::string& version,
                                                   v1::SubjectKind kind) const {
  for (const v1::Rubric& rubric : DefaultRubrics()) {
    if (rubric.version() == version) {
      if (rubric.subject_kind() != kind) break;
      return FromProto(rubric);
    }
  }
  std::optional<v1::Rubric> stored;
  RETURN_IF_ERROR(db::RunWithConnection(pool_, "LoadRubric", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(stored, store::GetRubric(c, version));
    return absl::OkStatus();
  }));
  if (!stored.has_value() || stored->subject_kind() != kind) {
    return absl::NotFoundError(
        absl::StrCat("no ", KindName(kind), " rubric has version \"", version, "\""));
  }
  return FromProto(*stored);
}

absl::Status RubricVersions::CreateRubric(const auth::Caller& caller,
                                          const v1::CreateRubricRequest& request,
                                          v1::CreateRubricResponse* response) {
  if (caller.role != auth::Role::kAdmin) {
    return absl::PermissionDeniedError("rubrics are the committee's: an ADMIN token");
  }
  ASSIGN_OR_RETURN(rules::Rubric rubric, FromProto(request.rubric()));
  if (absl::Status counted =
          rules::CheckRubricFindings(rubric, LevelOf(request.rubric().subject_kind()));
      !counted.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("rubric: ", counted.message()));
  }
  for (const v1::Rubric& builtin : DefaultRubrics()) {
    if (builtin.version() == rubric.version) {
      return absl::AlreadyExistsError(
          absl::StrCat("rubric.version: ", rubric.version, " is a default and never changes"));
    }
  }
  v1::Rubric stored = ToProto(rubric, request.rubric().subject_kind());
  *stored.mutable_create_time() = proto::ToTimestamp(absl::Now());
  stored.set_created_by(caller.subject);
  return mutation::RunMutation(
      pool_, MutationRequest{caller, "CreateRubric", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        // Versions are never edited in place: the same version twice is refused.
        ASSIGN_OR_RETURN(const std::optional<v1::Rubric> existing,
                         store::GetRubric(c, stored.version()));
        if (existing.has_value()) {
          return absl::AlreadyExistsError(absl::StrCat("rubric.version: ", stored.version(),
                                                       " exists; define a new version instead"));
        }
        RETURN_IF_ERROR(store::InsertRubric(c, stored));
        journal.SetTarget("rubric", 0);
        journal.AddEvent({"RUBRIC_CREATED", "rubric", 0, "/1/",
                          nlohmann::json{{"version", stored.version()}}.dump()});
        *response->mutable_rubric() = stored;
        return absl::OkStatus();
      });
}

absl::Status RubricVersions::GetRubric(const auth::Caller&, const v1::GetRubricRequest& request,
                                       v1::GetRubricResponse* response) {
  if (request.version().empty()) return absl::InvalidArgumentError("version: required");
  for (const v1::Rubric& rubric : DefaultRubrics()) {
    if (rubric.version() == request.version()) {
      *response->mutable_rubric() = rubric;
      return absl::OkStatus();
    }
  }
  return db::RunWithConnection(pool_, "GetRubric", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<v1::Rubric> rubric, store::GetRubric(c, request.version()));
    if (!rubric) return absl::NotFoundError(absl::StrCat("rubric ", request.version()));
    *response->mutable_rubric() = std::move(*rubric);
    return absl::OkStatus();
  });
}

absl::Status RubricVersions::ListRubrics(const auth::Caller&, const v1::ListRubricsRequest& request,
                                         v1::ListRubricsResponse* response) {
  for (const v1::Rubric& rubric : DefaultRubrics()) {
    if (request.subject_kind() == v1::SUBJECT_KIND_UNSPECIFIED ||
        rubric.subject_kind() == request.subject_kind()) {
      *response->add_rubrics() = rubric;
    }
  }
  return db::RunWithConnection(pool_, "ListRubrics", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(auto rubrics_read, store::ListRubrics(c, request.subject_kind()));
    for (v1::Rubric& rubric : rubrics_read) {
      *response->add_rubrics() = std::move(rubric);
    }
    return absl::OkStatus();
  });
}

}  // namespace partygroup::assessment
