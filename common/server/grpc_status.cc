#include "common/server/grpc_status.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/rules/finding.h"
#include "common/status/error_reason.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace partygroup::server {
namespace {

// The reason of a refusal that names none: its code, as google.rpc.Code spells it.
std::string ReasonOfCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return "INVALID_FIELD";
    case absl::StatusCode::kFailedPrecondition:
      return "WRONG_STATE";
    case absl::StatusCode::kResourceExhausted:
      return "LIMIT_REACHED";
    default:
      return absl::StatusCodeToString(code);  // "NOT_FOUND", "PERMISSION_DENIED", ...
  }
}

}  // namespace

std::string FieldOfMessage(absl::string_view message) {
  const size_t colon = message.find(": ");
  if (colon == absl::string_view::npos || colon == 0) return "";
  const absl::string_view path = message.substr(0, colon);
  for (char c : path) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != '.' && c != '[' && c != ']') return "";
  }
  return std::string(path);
}

absl::Status InStreamMessage(const absl::Status& status, size_t number) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat("message[", number, "].", status.message()));
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl::StatusCode and grpc::StatusCode both follow google.rpc.Code.
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());

  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);

  google::rpc::ErrorInfo info;
  info.set_domain(std::string(kErrorDomain));
  (*info.mutable_metadata())["code"] = absl::StatusCodeToString(status.code());

  const std::vector<rules::RefusedRule> violations = rules::ViolationsOf(status);
  if (!violations.empty()) {
    // The first rule is the reason; every rule broken is a precondition violation.
    const rules::RefusedRule& first = violations.front();
    info.set_reason(first.code);
    auto& metadata = *info.mutable_metadata();
    metadata["rule"] = first.code;
    metadata["article"] = first.article;
    metadata["basis"] = first.basis;
    metadata["source"] = first.source;
    if (violations.size() > 1) {
      std::vector<std::string> codes;
      for (const rules::RefusedRule& rule : violations) codes.push_back(rule.code);
      metadata["rules"] = absl::StrJoin(codes, ",");
    }
    google::rpc::PreconditionFailure failure;
    for (const rules::RefusedRule& rule : violations) {
      auto* violation = failure.add_violations();
      violation->set_type(rule.code);
      violation->set_subject(rule.subject);
      violation->set_description(rule.description);
    }
    details.add_details()->PackFrom(info);
    details.add_details()->PackFrom(failure);
    return grpc::Status(code, message, details.SerializeAsString());
  }

  const std::optional<std::string> reason = status::ReasonOf(status);
  info.set_reason(reason.has_value() ? *reason : ReasonOfCode(status.code()));
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    const std::string field = FieldOfMessage(message);
    if (!field.empty()) (*info.mutable_metadata())["field"] = field;
    details.add_details()->PackFrom(info);
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(field.empty() ? message : message.substr(field.size() + 2));
    details.add_details()->PackFrom(bad_request);
  } else if (status.code() == absl::StatusCode::kFailedPrecondition) {
    details.add_details()->PackFrom(info);
    google::rpc::PreconditionFailure failure;
    auto* violation = failure.add_violations();
    violation->set_type("STATE");
    violation->set_description(message);
    details.add_details()->PackFrom(failure);
  } else {
    details.add_details()->PackFrom(info);
    if (status.code() == absl::StatusCode::kUnavailable ||
        status.code() == absl::StatusCode::kAborted) {
      google::rpc::RetryInfo retry;
      retry.mutable_retry_delay()->set_seconds(1);
      details.add_details()->PackFrom(retry);
    }
  }
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace partygroup::server
