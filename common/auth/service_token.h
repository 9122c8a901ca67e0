// The SERVICE token a server presents when it calls another service: either one an operator
// gives it (a file, renewed by the operator) or one it mints for itself from a signing key it
// holds, short-lived and minted again before it expires, so that no long-lived machine token
// exists to be stolen.
#pragma once

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/auth/jwt.h"

namespace partygroup::auth {

class ServiceToken final {
 public:
  ServiceToken() = default;  // no token: calls go out unauthenticated and are refused
  static ServiceToken Fixed(std::string token);
  // Minted for `caller` (a SERVICE) and valid for `ttl`; minted again once less than a third of
  // it is left.
  static ServiceToken Minted(Caller caller, SigningKey key, absl::Duration ttl);

  // The token to send now; empty when there is none (or minting failed, which the server's log
  // says once).
  std::string Current(absl::Time now) const;

 private:
  struct Minter {
    Caller caller;
    SigningKey key;
    absl::Duration ttl;
    absl::Mutex mutex;
    std::string token ABSL_GUARDED_BY(mutex);
    absl::Time renew_at ABSL_GUARDED_BY(mutex) = absl::InfinitePast();
    bool failed ABSL_GUARDED_BY(mutex) = false;
  };
  std::string fixed_;
  std::shared_ptr<Minter> minter_;  // shared by copies
};

// The signing key in a key file: an RS256 private key when it is PEM, else an HS256 secret.
SigningKey SigningKeyFromFile(std::string contents);

}  // namespace partygroup::auth
