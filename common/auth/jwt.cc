#include "common/auth/jwt.h"

#include <jwt.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"

namespace partygroup::auth {
namespace {

constexpr size_t kMinSecretBytes = 32;
constexpr size_t kRememberedTokens = 10000;

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

// The algorithm named in the token's header. libjwt cannot tell it without a key (it reports
// "none" then), so the header is read here; the key used for verification is then the one
// configured for that algorithm, never an RSA public key used as an HMAC secret.
absl::StatusOr<std::string> PeekAlgorithm(const std::string& token) {
  const size_t dot = token.find('.');
  std::string header_json;
  if (dot == std::string::npos ||
      !absl::WebSafeBase64Unescape(absl::string_view(token).substr(0, dot), &header_json)) {
    return absl::UnauthenticatedError("bearer token is not a well-formed JWT");
  }
  const nlohmann::json header =
      nlohmann::json::parse(header_json, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object() || !header.contains("alg") || !header["alg"].is_string()) {
    return absl::UnauthenticatedError("bearer token header names no algorithm");
  }
  return header["alg"].get<std::string>();
}

// A numeric claim, or nullopt when absent. UNAUTHENTICATED when present but not a number.
absl::StatusOr<std::optional<int64_t>> IntClaim(jwt_t* jwt, const char* name) {
  errno = 0;
  const long value = jwt_get_grant_int(jwt, name);
  if (errno == ENOENT) return std::optional<int64_t>();
  if (errno != 0) {
    return absl::UnauthenticatedError(absl::StrFormat("token claim '%s' is not a number", name));
  }
  return std::optional<int64_t>(value);
}

// 128 random bits, hex: a token identifier no two mints share.
std::string RandomTokenId() {
  static absl::Mutex mutex(absl::kConstInit);
  static absl::BitGen* const bits = new absl::BitGen();
  absl::MutexLock lock(&mutex);
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(*bits),
                         absl::Uniform<uint64_t>(*bits));
}

}  // namespace

bool RevocationList::IsRevoked(absl::string_view token_id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (now - checked_at_ >= absl::Seconds(1)) ReloadIfChanged(now);
  return revoked_.contains(token_id);
}

void RevocationList::ReloadIfChanged(absl::Time now) {
  checked_at_ = now;
  struct stat info {};
  if (stat(path_.c_str(), &info) != 0) {
    revoked_.clear();  // no file: nothing revoked
    file_mtime_ns_ = file_size_ = -1;
    return;
  }
  const int64_t mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 +
                           static_cast<int64_t>(info.st_mtim.tv_nsec);
  if (mtime_ns == file_mtime_ns_ && static_cast<int64_t>(info.st_size) == file_size_) return;
  std::ifstream in(path_);
  if (!in) return;  // unreadable for now: keep what was read last
  absl::flat_hash_set<std::string> revoked;
  for (std::string line; std::getline(in, line);) {
    const std::string uncommented = line.substr(0, line.find('#'));
    absl::string_view id = absl::StripAsciiWhitespace(uncommented);
    if (!id.empty()) revoked.insert(std::string(id));
  }
  revoked_ = std::move(revoked);
  file_mtime_ns_ = mtime_ns;
  file_size_ = static_cast<int64_t>(info.st_size);
}

absl::StatusOr<JwtVerifier> JwtVerifier::Create(JwtKeys keys,
                                                std::shared_ptr<RevocationList> revoked) {
  if (keys.hs256_secret.empty() && keys.rs256_public_key_pem.empty()) {
    return absl::InvalidArgumentError(
        "no JWT key configured: give an HS256 secret or an RS256 public key");
  }
  if (!keys.hs256_secret.empty() && keys.hs256_secret.size() < kMinSecretBytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the HS256 secret must be at least %d bytes", kMinSecretBytes));
  }
  return JwtVerifier(std::move(keys), std::move(revoked));
}

absl::StatusOr<Caller> JwtVerifier::Verify(absl::string_view token_view, absl::Time now) const {
  const std::string token(token_view);
  std::optional<Verified> verified;
  {
    absl::ReaderMutexLock lock(&memory_->mutex);
    if (auto it = memory_->tokens.find(token); it != memory_->tokens.end()) verified = it->second;
  }
  if (!verified.has_value()) {
    absl::StatusOr<Verified> checked = VerifySignatureAndClaims(token);
    if (!checked.ok()) return checked.status();
    verified = *std::move(checked);
    absl::MutexLock lock(&memory_->mutex);
    // Bounded: a server that has seen this many distinct tokens starts remembering afresh.
    if (memory_->tokens.size() >= kRememberedTokens) memory_->tokens.clear();
    memory_->tokens.emplace(token, *verified);
  }
  const int64_t now_seconds = absl::ToUnixSeconds(now);
  const int64_t skew = absl::ToInt64Seconds(kClockSkew);
  if (now_seconds > verified->expires + skew) {
    return absl::UnauthenticatedError("token has expired");
  }
  if (verified->not_before.has_value() && now_seconds + skew < *verified->not_before) {
    return absl::UnauthenticatedError("token is not valid yet (nbf)");
  }
  if (revoked_ != nullptr && !verified->caller.token_id.empty() &&
      revoked_->IsRevoked(verified->caller.token_id, now)) {
    return absl::UnauthenticatedError("token has been revoked");
  }
  return verified->caller;
}

absl::StatusOr<JwtVerifier::Verified> JwtVerifier::VerifySignatureAndClaims(
    const std::string& token) const {
  absl::StatusOr<std::string> alg_name = PeekAlgorithm(token);
  if (!alg_name.ok()) return alg_name.status();
  const std::string* key = nullptr;
  jwt_alg_t alg = JWT_ALG_INVAL;
  if (*alg_name == "HS256" && !keys_.hs256_secret.empty()) {
    key = &keys_.hs256_secret;
    alg = JWT_ALG_HS256;
  } else if (*alg_name == "RS256" && !keys_.rs256_public_key_pem.empty()) {
    key = &keys_.rs256_public_key_pem;
    alg = JWT_ALG_RS256;
  } else {
    return absl::UnauthenticatedError(absl::StrFormat(
        "token algorithm '%s' is not accepted by this server", absl::CHexEscape(*alg_name)));
  }
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key->data()),
                 static_cast<int>(key->size())) != 0 ||
      raw == nullptr) {
    return absl::UnauthenticatedError("token signature does not verify");
  }
  JwtPtr jwt(raw);
  if (jwt_get_alg(jwt.get()) != alg) {
    return absl::UnauthenticatedError("token algorithm changed during verification");
  }

  Verified verified;
  absl::StatusOr<std::optional<int64_t>> exp = IntClaim(jwt.get(), "exp");
  if (!exp.ok()) return exp.status();
  if (!exp->has_value()) return absl::UnauthenticatedError("token has no expiry (exp)");
  verified.expires = **exp;
  absl::StatusOr<std::optional<int64_t>> nbf = IntClaim(jwt.get(), "nbf");
  if (!nbf.ok()) return nbf.status();
  verified.not_before = *nbf;

  Caller& caller = verified.caller;
  const char* subject = jwt_get_grant(jwt.get(), "sub");
  if (subject == nullptr || *subject == '\0') {
    return absl::UnauthenticatedError("token has no subject (sub)");
  }
  caller.subject = subject;
  if (const char* token_id = jwt_get_grant(jwt.get(), "jti"); token_id != nullptr) {
    caller.token_id = token_id;
  }
  if (keys_.require_token_id && caller.token_id.empty()) {
    return absl::UnauthenticatedError(
        "token has no identifier (jti): this server accepts only tokens that can be revoked");
  }
  const char* role_name = jwt_get_grant(jwt.get(), "role");
  std::optional<Role> role = role_name == nullptr ? std::nullopt : ParseRole(role_name);
  if (!role.has_value()) {
    return absl::UnauthenticatedError(
        "token role must be one of ADMIN, UNIT_ADMIN, BRANCH_SECRETARY, GROUP_LEADER, MEMBER, "
        "SERVICE");
  }
  caller.role = *role;
  absl::StatusOr<std::optional<int64_t>> org_node = IntClaim(jwt.get(), "org_node");
  if (!org_node.ok()) return org_node.status();
  caller.org_node_id = org_node->value_or(0);
  if (caller.org_node_id < 0) {
    return absl::UnauthenticatedError("token org_node must be a positive id");
  }
  const bool committee_wide = caller.role == Role::kAdmin || caller.role == Role::kService;
  if (caller.org_node_id == 0 && !committee_wide) {
    return absl::UnauthenticatedError(absl::StrFormat(
        "token role %s needs the org node that scopes it (org_node)", RoleName(caller.role)));
  }
  absl::StatusOr<std::optional<int64_t>> member_id = IntClaim(jwt.get(), "member_id");
  if (!member_id.ok()) return member_id.status();
  caller.member_id = member_id->value_or(0);
  if (caller.role == Role::kMember && caller.member_id <= 0) {
    return absl::UnauthenticatedError("token role MEMBER needs the member it is (member_id)");
  }
  return verified;
}

absl::StatusOr<std::string> MintToken(const Caller& caller, const SigningKey& key, absl::Time now,
                                      absl::Duration ttl) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("jwt_new failed");
  JwtPtr jwt(raw);
  const int64_t issued = absl::ToUnixSeconds(now);
  const std::string role(RoleName(caller.role));
  bool ok = jwt_add_grant(jwt.get(), "sub", caller.subject.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "role", role.c_str()) == 0 &&
            jwt_add_grant_int(jwt.get(), "iat", issued) == 0 &&
            jwt_add_grant_int(jwt.get(), "exp", issued + absl::ToInt64Seconds(ttl)) == 0;
  if (ok && caller.org_node_id != 0) {
    ok = jwt_add_grant_int(jwt.get(), "org_node", caller.org_node_id) == 0;
  }
  if (ok && caller.member_id != 0) {
    ok = jwt_add_grant_int(jwt.get(), "member_id", caller.member_id) == 0;
  }
  const std::string token_id = caller.token_id.empty() ? RandomTokenId() : caller.token_id;
  if (ok) ok = jwt_add_grant(jwt.get(), "jti", token_id.c_str()) == 0;
  if (!ok) return absl::InvalidArgumentError("token claims could not be set");
  const jwt_alg_t alg = key.algorithm == SigningAlgorithm::kHs256 ? JWT_ALG_HS256 : JWT_ALG_RS256;
  if (jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char*>(key.key.data()),
                  static_cast<int>(key.key.size())) != 0) {
    return absl::InvalidArgumentError("signing key rejected by libjwt");
  }
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) {
    return absl::InvalidArgumentError("token could not be signed: check the signing key");
  }
  std::string token(encoded);
  free(encoded);
  return token;
}

}  // namespace partygroup::auth
