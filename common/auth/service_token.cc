#include "common/auth/service_token.h"

#include <spdlog/spdlog.h>

#include "absl/strings/match.h"

namespace partygroup::auth {

ServiceToken ServiceToken::Fixed(std::string token) {
  ServiceToken service;
  service.fixed_ = std::move(token);
  return service;
}

ServiceToken ServiceToken::Minted(Caller caller, SigningKey key, absl::Duration ttl) {
  ServiceToken service;
  service.minter_ = std::make_shared<Minter>();
  service.minter_->caller = std::move(caller);
  service.minter_->key = std::move(key);
  service.minter_->ttl = ttl;
  return service;
}

std::string ServiceToken::Current(absl::Time now) const {
  if (minter_ == nullptr) return fixed_;
  Minter& minter = *minter_;
  absl::MutexLock lock(&minter.mutex);
  if (now < minter.renew_at) return minter.token;
  absl::StatusOr<std::string> minted = MintToken(minter.caller, minter.key, now, minter.ttl);
  if (!minted.ok()) {
    if (!minter.failed)
      spdlog::error("minting this server's SERVICE token: {}", minted.status().ToString());
    minter.failed = true;
    return minter.token;
  }
  minter.failed = false;
  minter.token = *std::move(minted);
  minter.renew_at = now + minter.ttl * 2 / 3;
  return minter.token;
}

SigningKey SigningKeyFromFile(std::string contents) {
  SigningKey key;
  key.algorithm = absl::StrContains(contents, "-----BEGIN") ? SigningAlgorithm::kRs256
                                                            : SigningAlgorithm::kHs256;
  key.key = std::move(contents);
  return key;
}

}  // namespace partygroup::auth
