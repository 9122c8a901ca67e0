// The one place where an absl::Status becomes a grpc::Status (the codes share their numbers),
// with the structured details of the AIP-193 convention in the grpc-status-details-bin trailer
// (a google.rpc.Status), which grpcurl, buf curl and the googleapis client libraries decode:
//
//   every refusal    google.rpc.ErrorInfo: reason (the rule code, status::WithReason's reason, or
//                    one named after the code), domain "partygroup", metadata (rule, article,
//                    basis, source; field; code)
//   INVALID_ARGUMENT google.rpc.BadRequest, one field violation: the message's "<field>: ..."
//   a rule refusal   google.rpc.PreconditionFailure, one violation per rule broken (rules::
//                    RefuseViolations); another FAILED_PRECONDITION one of type "STATE"
//   UNAVAILABLE, ABORTED  google.rpc.RetryInfo: retry after a second, the same request_id
#pragma once

#include <grpcpp/support/status.h>

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace partygroup::server {

inline constexpr absl::string_view kErrorDomain = "partygroup";

grpc::Status ToGrpcStatus(const absl::Status& status);

// A refusal of the `number`th message of a client stream (from 1), its field path prefixed so
// that the caller can find it: "record.member.name: required" -> "message[3].record.member.name:
// required".
absl::Status InStreamMessage(const absl::Status& status, size_t number);

// The field an INVALID_ARGUMENT message names ("member.name: required" -> "member.name"); empty
// when the message does not begin with a field path.
std::string FieldOfMessage(absl::string_view message);

}  // namespace partygroup::server
