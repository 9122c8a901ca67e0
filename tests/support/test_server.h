// Running a partygroup server in-process against the test database, and calling it.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "common/auth/caller.h"
#include "common/server/runtime.h"

namespace partygroup::testing {

// The HS256 secret every in-process test server accepts.
inline constexpr char kTestJwtSecret[] = "partygroup-tests-hs256-secret-0123456789";

// Loopback, an ephemeral port, a fresh schema, quick health checks and shutdown.
server::RuntimeConfig TestRuntimeConfig();

// A token for `caller`, valid for an hour, signed with kTestJwtSecret.
std::string TokenFor(const auth::Caller& caller);
std::string AdminToken();

std::shared_ptr<grpc::Channel> LocalChannel(int port);

}  // namespace partygroup::testing
