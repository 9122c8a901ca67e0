// The OA import: units, general branches, branches and members upserted by external_id from
// an OA system's CSV export or record stream, in chunks of 500 rows, each row all or nothing
// with its own answer; a retried import returns the first result.
//
// Errors: INVALID_ARGUMENT naming the field; NOT_FOUND; PERMISSION_DENIED outside the caller's
// scope; FAILED_PRECONDITION with the rule's code and article for a violation of the regulation
// or for a state that forbids the act; UNAVAILABLE when the database cannot be reached.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "partygroup/org/v1/org_service.pb.h"
#include "services/org/csv_import.h"
#include "services/org/org_records.h"

namespace partygroup::org {

class OaImport final {
 public:
  explicit OaImport(const OrgContext& context) : context_(context) {}

  // Rows a call may carry at most.
  static constexpr size_t kMaxRows = 200000;

  // Whether the caller's role may import at all (ADMIN, UNIT_ADMIN, BRANCH_SECRETARY), decided
  // from the token alone, before a stream is read or a CSV parsed: PERMISSION_DENIED otherwise.
  // Each row is then checked against the caller's scope.
  static absl::Status RequireImporter(const auth::Caller& caller);

  absl::Status ImportCsv(const auth::Caller& caller, const v1::ImportCsvRequest& request,
                         v1::ImportCsvResponse* response);
  absl::Status ImportRecords(const auth::Caller& caller, const std::string& request_id,
                             const std::vector<v1::ImportRecord>& records,
                             v1::ImportRecordsResponse* response);

 private:
  absl::Status Import(const auth::Caller& caller, const std::string& method,
                      const std::string& request_id, const std::vector<ImportRow>& rows,
                      v1::ImportResult* result);

  const OrgContext context_;
};

}  // namespace partygroup::org
