// A stable reason a refusal carries beside its message, for the ErrorInfo the servers send
// (common/server/grpc_status.h): "CALLER_BUDGET_EXHAUSTED", "TOKEN_REVOKED". A status without one
// is given a reason from its code there; a rule refusal's reason is its rule code.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/string_view.h"

namespace partygroup::status {

inline constexpr absl::string_view kReasonPayload = "type.partygroup/status.Reason";

inline absl::Status WithReason(absl::Status status, absl::string_view reason) {
  if (!status.ok()) status.SetPayload(kReasonPayload, absl::Cord(reason));
  return status;
}

inline std::optional<std::string> ReasonOf(const absl::Status& status) {
  const auto reason = status.GetPayload(kReasonPayload);
  if (!reason.has_value()) return std::nullopt;
  return std::string(*reason);
}

}  // namespace partygroup::status
