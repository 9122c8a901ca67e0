// The one place where an absl::Status becomes a grpc::Status (the codes share their numbers).
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace partygroup::server {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace partygroup::server
