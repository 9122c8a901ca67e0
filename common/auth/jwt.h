// Bearer tokens: verification (servers) and minting (partygroup-token, tests), over libjwt.
//
// A token is a JWT signed HS256 with a shared secret (the OA's single sign-on) or RS256 with an
// RSA key whose public half the servers are given. Claims:
//   sub       the caller (an OA login, a service name)
//   role      ADMIN, UNIT_ADMIN, BRANCH_SECRETARY, GROUP_LEADER, MEMBER or SERVICE
//   org_node  the org node id that scopes the role; required except for ADMIN and SERVICE,
//             for whom absent or 0 means the whole committee
//   member_id the member the caller is; required for MEMBER
//   jti       the token's identifier, by which it is revoked (RevocationList); every token this
//             suite mints has one, and one on the list is refused
//   exp       expiry (seconds since the epoch), required; nbf and iat are honoured when present
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"

namespace partygroup::auth {

struct JwtKeys {
  // HS256 shared secret; empty: HS256 tokens are refused. At least 32 bytes.
  std::string hs256_secret;
  // RS256 public key, PEM; empty: RS256 tokens are refused.
  std::string rs256_public_key_pem;
  // Refuse a token without an identifier (jti), which could not be revoked. Off by default: the
  // single sign-on of some OA systems issues none.
  bool require_token_id = false;
};

// The identifiers (jti) of revoked tokens: a file of one identifier a line ('#' starts a
// comment), which an operator appends to. Read again when it changes, looked at no more than once
// a second, so that a revocation holds within a second on every server that reads the file.
class RevocationList final {
 public:
  explicit RevocationList(std::string path) : path_(std::move(path)) {}
  bool IsRevoked(absl::string_view token_id, absl::Time now);

 private:
  void ReloadIfChanged(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const std::string path_;
  absl::Mutex mutex_;
  absl::Time checked_at_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
  int64_t file_mtime_ns_ ABSL_GUARDED_BY(mutex_) = -1;
  int64_t file_size_ ABSL_GUARDED_BY(mutex_) = -1;
  absl::flat_hash_set<std::string> revoked_ ABSL_GUARDED_BY(mutex_);
};

class JwtVerifier final {
 public:
  // INVALID_ARGUMENT when no key is given or the secret is too short. `revoked`, when given, is
  // consulted for every call.
  static absl::StatusOr<JwtVerifier> Create(JwtKeys keys,
                                            std::shared_ptr<RevocationList> revoked = nullptr);

  // The verified caller. UNAUTHENTICATED for a malformed token, an algorithm that is not
  // configured (alg "none" always), a bad signature, an expired or not-yet-valid token, or
  // missing or invalid claims, or a revoked token. The message says which, never the token
  // itself.
  absl::StatusOr<Caller> Verify(absl::string_view token, absl::Time now) const;

 private:
  // A token whose signature and claims were checked, with the window it is valid in.
  struct Verified {
    Caller caller;
    int64_t expires = 0;                // exp, seconds since the epoch
    std::optional<int64_t> not_before;  // nbf
  };
  // Callers send the same token with every request until it expires: its signature is checked
  // once (an HMAC through OpenSSL costs more than a point select) and remembered by the token's
  // full text, signature included. The validity window is still checked on every call.
  struct Memory {
    absl::Mutex mutex;
    absl::flat_hash_map<std::string, Verified> tokens ABSL_GUARDED_BY(mutex);
  };

  JwtVerifier(JwtKeys keys, std::shared_ptr<RevocationList> revoked)
      : keys_(std::move(keys)), memory_(std::make_shared<Memory>()), revoked_(std::move(revoked)) {}
  absl::StatusOr<Verified> VerifySignatureAndClaims(const std::string& token) const;

  JwtKeys keys_;
  std::shared_ptr<Memory> memory_;  // shared by copies of the verifier
  std::shared_ptr<RevocationList> revoked_;
};

enum class SigningAlgorithm { kHs256, kRs256 };

struct SigningKey {
  SigningAlgorithm algorithm = SigningAlgorithm::kHs256;
  // The HS256 secret, or the RS256 private key in PEM.
  std::string key;
};

// A signed token for `caller`, valid from `now` for `ttl`, with caller.token_id as its jti (a
// random one when empty).
absl::StatusOr<std::string> MintToken(const Caller& caller, const SigningKey& key, absl::Time now,
                                      absl::Duration ttl);

// Tolerance for clocks that disagree between the token's issuer and the server.
inline constexpr absl::Duration kClockSkew = absl::Seconds(60);

}  // namespace partygroup::auth
