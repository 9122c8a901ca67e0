#include "common/server/audit_service.h"

#include <limits>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/server/grpc_status.h"
#include "common/server/runtime.h"
#include "common/status/status_macros.h"

namespace partygroup::server {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
// The widths of the audit_log columns the filters compare with (common/mutation migrations).
constexpr size_t kMaxFilterLength = 128;

// The call, admitted within its caller's budget, of the committee's ADMIN only.
absl::StatusOr<AdmittedCall> AdmitCommitteeAdmin(const Runtime& runtime,
                                                 const grpc::ServerContext& context) {
  ASSIGN_OR_RETURN(AdmittedCall call, runtime.Admit(context, CallKind::kUnary));
  if (call.caller.role != auth::Role::kAdmin) {
    return absl::PermissionDeniedError(
        "the audit trail is read by the committee's ADMIN: it names who did what everywhere");
  }
  return call;
}

absl::StatusOr<mutation::AuditFilter> ReadFilter(const audit::v1::ListAuditRecordsRequest& r) {
  mutation::AuditFilter filter;
  const std::pair<const char*, const std::string*> texts[] = {{"subject", &r.subject()},
                                                              {"method", &r.method()},
                                                              {"target_kind", &r.target_kind()},
                                                              {"outcome", &r.outcome()}};
  for (const auto& [field, text] : texts) {
    if (text->size() > kMaxFilterLength) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": at most ", kMaxFilterLength, " bytes"));
    }
  }
  filter.subject = r.subject();
  filter.method = r.method();
  filter.target_kind = r.target_kind();
  filter.outcome = r.outcome();
  if (r.target_id() < 0) return absl::InvalidArgumentError("target_id: must not be negative");
  filter.target_id = r.target_id();
  if (r.has_start_time()) filter.from = proto::FromTimestamp(r.start_time());
  if (r.has_end_time()) filter.before = proto::FromTimestamp(r.end_time());
  if (filter.from && filter.before && *filter.before <= *filter.from) {
    return absl::InvalidArgumentError("end_time: after start_time");
  }
  return filter;
}

}  // namespace

grpc::Status AuditServiceImpl::ListAuditRecords(grpc::ServerContext* context,
                                                const audit::v1::ListAuditRecordsRequest* request,
                                                audit::v1::ListAuditRecordsResponse* response) {
  return ToGrpcStatus([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const AdmittedCall call, AdmitCommitteeAdmin(runtime_, *context));
    ASSIGN_OR_RETURN(mutation::AuditFilter filter, ReadFilter(*request));
    if (request->page_size() < 0 || request->page_size() > kMaxPageSize) {
      return absl::InvalidArgumentError(absl::StrCat("page_size: 0 to ", kMaxPageSize));
    }
    const int page_size = request->page_size() == 0 ? kDefaultPageSize : request->page_size();
    // The token is the id of the last row of the page before: the next rows are older.
    int64_t below = std::numeric_limits<int64_t>::max();
    if (!request->page_token().empty() &&
        (!absl::SimpleAtoi(request->page_token(), &below) || below <= 0)) {
      return absl::InvalidArgumentError("page_token: not one this server gave");
    }
    // One row more than the page, to know whether another page follows.
    ASSIGN_OR_RETURN(std::vector<mutation::StoredAuditRow> rows,
                     mutation::ListAuditRows(runtime_.pool(), filter, below, page_size + 1));
    const bool more = static_cast<int>(rows.size()) > page_size;
    if (more) rows.resize(page_size);
    for (const mutation::StoredAuditRow& stored : rows) {
      audit::v1::AuditRecord* record = response->add_records();
      record->set_id(stored.id);
      *record->mutable_time() = proto::ToTimestamp(stored.row.at);
      record->set_subject(stored.row.subject);
      record->set_role(stored.row.role);
      record->set_method(stored.row.method);
      record->set_target_kind(stored.row.target_kind);
      record->set_target_id(stored.row.target_id);
      record->set_request_id(stored.row.request_id);
      record->set_outcome(stored.row.outcome);
    }
    if (more) response->set_next_page_token(absl::StrCat(rows.back().id));
    return absl::OkStatus();
  }());
}

grpc::Status AuditServiceImpl::VerifyAuditLog(grpc::ServerContext* context,
                                              const audit::v1::VerifyAuditLogRequest* /*request*/,
                                              audit::v1::VerifyAuditLogResponse* response) {
  return ToGrpcStatus([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const AdmittedCall call, AdmitCommitteeAdmin(runtime_, *context));
    mutation::AuditVerification verification;
    RETURN_IF_ERROR(db::RunWithConnection(
        runtime_.pool(), "verify audit log", [&](sql::Connection& c) -> absl::Status {
          ASSIGN_OR_RETURN(verification, mutation::VerifyAuditLog(c));
          return absl::OkStatus();
        }));
    response->set_intact(verification.intact);
    response->set_rows_checked(verification.rows_checked);
    response->set_rows_before_chain(verification.rows_before_chain);
    response->set_first_bad_id(verification.first_bad_id);
    response->set_problem(verification.problem);
    return absl::OkStatus();
  }());
}

}  // namespace partygroup::server
