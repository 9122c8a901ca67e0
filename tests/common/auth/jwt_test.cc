#include "common/auth/jwt.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/auth/scope.h"
#include "common/auth/service_token.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace partygroup::auth {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-test-secret";
const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

struct RsaKeyPair {
  std::string private_pem;
  std::string public_pem;
};

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

RsaKeyPair MakeRsaKeyPair() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> private_bio(BIO_new(BIO_s_mem()), BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> public_bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(public_bio.get(), key.get());
  return {BioToString(private_bio.get()), BioToString(public_bio.get())};
}

const RsaKeyPair& ServerRsaKey() {
  static const RsaKeyPair* const kKey = new RsaKeyPair(MakeRsaKeyPair());
  return *kKey;
}

Caller Admin() { return Caller{"admin", Role::kAdmin, 0}; }

std::string MintHs(const Caller& caller, const std::string& secret = kSecret,
                   absl::Time issued = kNow, absl::Duration ttl = absl::Hours(1)) {
  auto token = MintToken(caller, {SigningAlgorithm::kHs256, secret}, issued, ttl);
  EXPECT_THAT(token, IsOk());
  return token.value_or("");
}

JwtVerifier HsVerifier() { return *JwtVerifier::Create({kSecret, "", false}); }

// A token assembled by hand, for headers and payloads that no well-behaved issuer produces.
std::string RawToken(const std::string& header, const std::string& payload,
                     const std::string& signature = "") {
  return absl::StrCat(absl::WebSafeBase64Escape(header), ".", absl::WebSafeBase64Escape(payload),
                      ".", signature);
}

TEST(JwtTest, Hs256TokenGivesTheCallersClaims) {
  const std::string token = MintHs(Caller{"li.secretary", Role::kBranchSecretary, 42});
  auto caller = HsVerifier().Verify(token, kNow + absl::Minutes(5));
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->subject, "li.secretary");
  EXPECT_EQ(caller->role, Role::kBranchSecretary);
  EXPECT_EQ(caller->org_node_id, 42);
}

TEST(JwtTest, Rs256TokenVerifiesWithThePublicKey) {
  auto verifier = JwtVerifier::Create({"", ServerRsaKey().public_pem, false});
  ASSERT_THAT(verifier, IsOk());
  auto token =
      MintToken(Caller{"oa-sync", Role::kService, 0},
                {SigningAlgorithm::kRs256, ServerRsaKey().private_pem}, kNow, absl::Hours(1));
  ASSERT_THAT(token, IsOk());
  auto caller = verifier->Verify(*token, kNow);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->subject, "oa-sync");
  EXPECT_EQ(caller->role, Role::kService);
  EXPECT_EQ(caller->org_node_id, 0);
}

TEST(JwtTest, AlgNoneIsRefused) {
  const std::string token = RawToken(R"({"alg":"none","typ":"JWT"})",
                                     R"({"sub":"admin","role":"ADMIN","exp":1800003600})");
  EXPECT_THAT(HsVerifier().Verify(token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("'none' is not accepted")));
  // Also with the algorithm spelled in another case, which some libraries treat as none.
  const std::string shouting = RawToken(R"({"alg":"NONE","typ":"JWT"})",
                                        R"({"sub":"admin","role":"ADMIN","exp":1800003600})");
  EXPECT_THAT(HsVerifier().Verify(shouting, kNow), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(JwtTest, WrongSecretIsRefused) {
  const std::string token = MintHs(Admin(), "another-secret-of-at-least-32-bytes!!");
  EXPECT_THAT(HsVerifier().Verify(token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature")));
}

TEST(JwtTest, OtherRsaKeyIsRefused) {
  auto verifier = JwtVerifier::Create({"", ServerRsaKey().public_pem, false});
  const RsaKeyPair other = MakeRsaKeyPair();
  auto token =
      MintToken(Admin(), {SigningAlgorithm::kRs256, other.private_pem}, kNow, absl::Hours(1));
  ASSERT_THAT(token, IsOk());
  EXPECT_THAT(verifier->Verify(*token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature")));
}

TEST(JwtTest, PublicKeyUsedAsHmacSecretIsRefused) {
  // The classic algorithm confusion: HS256 signed with the server's RSA public key.
  const std::string forged = MintHs(Admin(), ServerRsaKey().public_pem);
  auto rs_only = JwtVerifier::Create({"", ServerRsaKey().public_pem, false});
  EXPECT_THAT(rs_only->Verify(forged, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("'HS256' is not accepted")));
  auto both = JwtVerifier::Create({kSecret, ServerRsaKey().public_pem, false});
  EXPECT_THAT(both->Verify(forged, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature")));
}

TEST(JwtTest, TamperedPayloadIsRefused) {
  const std::string token = MintHs(Caller{"wang", Role::kMember, 7, 8});
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  const std::string forged_payload = absl::WebSafeBase64Escape(
      R"({"sub":"wang","role":"ADMIN","exp":1800003600,"iat":1800000000})");
  const std::string forged =
      absl::StrCat(token.substr(0, first + 1), forged_payload, token.substr(second));
  EXPECT_THAT(HsVerifier().Verify(forged, kNow), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(JwtTest, ExpiryIsEnforcedWithOneMinuteOfSkew) {
  const std::string token = MintHs(Admin(), kSecret, kNow, absl::Hours(1));
  EXPECT_THAT(HsVerifier().Verify(token, kNow + absl::Hours(1) + kClockSkew), IsOk());
  EXPECT_THAT(HsVerifier().Verify(token, kNow + absl::Hours(1) + kClockSkew + absl::Seconds(1)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
}

TEST(JwtTest, ATokenVerifiedBeforeIsStillRefusedOnceExpiredAndItsForgeriesStillFail) {
  // One verifier, as a server has: the second and later calls find the token remembered.
  const JwtVerifier verifier = HsVerifier();
  const std::string token = MintHs(Caller{"wang", Role::kMember, 7, 8}, kSecret, kNow);
  for (absl::Duration later : {absl::ZeroDuration(), absl::Minutes(30), absl::Hours(1)}) {
    absl::StatusOr<Caller> caller = verifier.Verify(token, kNow + later);
    ASSERT_THAT(caller, IsOk());
    EXPECT_EQ(caller->subject, "wang");
    EXPECT_EQ(caller->role, Role::kMember);
    EXPECT_EQ(caller->org_node_id, 7);
    EXPECT_EQ(caller->member_id, 8);
  }
  EXPECT_THAT(verifier.Verify(token, kNow + absl::Hours(1) + kClockSkew + absl::Seconds(1)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));

  // The genuine signature under another payload is not the remembered token.
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  const std::string forged =
      absl::StrCat(token.substr(0, first + 1),
                   absl::WebSafeBase64Escape(R"({"sub":"wang","role":"ADMIN","exp":1800003600})"),
                   token.substr(second));
  EXPECT_THAT(verifier.Verify(forged, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature")));
  EXPECT_THAT(verifier.Verify(token, kNow), IsOk());
}

// A token of these claims, signed with kSecret, as another issuer (an OA's sign-on) would.
std::string SignedHs(const std::string& claims) {
  const std::string header = absl::WebSafeBase64Escape(R"({"alg":"HS256","typ":"JWT"})");
  const std::string payload = absl::WebSafeBase64Escape(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t mac_length = 0;
  const std::string signing_input = absl::StrCat(header, ".", payload);
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, kSecret, sizeof(kSecret) - 1,
                reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
                mac, sizeof(mac), &mac_length) == nullptr) {
    ADD_FAILURE() << "HMAC-SHA256 failed";
    return "";
  }
  return absl::StrCat(
      signing_input, ".",
      absl::WebSafeBase64Escape(std::string(reinterpret_cast<char*>(mac), mac_length)));
}

TEST(JwtTest, TokenWithoutExpiryIsRefused) {
  // Signed correctly, but an eternal token is not accepted.
  EXPECT_THAT(HsVerifier().Verify(SignedHs(R"({"sub":"admin","role":"ADMIN"})"), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("no expiry")));
}

// A token without an identifier cannot be revoked: accepted by default (an OA's sign-on may
// issue none), refused when the server requires one.
TEST(JwtTest, ATokenWithoutIdentifierIsRefusedWhereOneIsRequired) {
  const std::string token = SignedHs(absl::StrCat(R"({"sub":"oa-sso","role":"ADMIN","exp":)",
                                                  absl::ToUnixSeconds(kNow) + 600, "}"));
  EXPECT_THAT(HsVerifier().Verify(token, kNow), IsOk());
  JwtKeys keys{kSecret, "", /*require_token_id=*/true};
  ASSERT_OK_AND_ASSIGN(JwtVerifier strict, JwtVerifier::Create(keys));
  EXPECT_THAT(strict.Verify(token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("no identifier (jti)")));
  EXPECT_THAT(strict.Verify(MintHs(Caller{"admin", Role::kAdmin, 0}), kNow), IsOk());
}

TEST(JwtTest, ClaimsAreChecked) {
  EXPECT_THAT(HsVerifier().Verify(MintHs(Caller{"", Role::kAdmin, 0}), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("subject")));
  // Every role but ADMIN and SERVICE is scoped to an org node.
  EXPECT_THAT(HsVerifier().Verify(MintHs(Caller{"zhao", Role::kUnitAdmin, 0}), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("org_node")));
  EXPECT_THAT(HsVerifier().Verify(MintHs(Caller{"zhao", Role::kUnitAdmin, 3}), kNow), IsOk());
  // A member reads only themself, so the token says which member.
  EXPECT_THAT(HsVerifier().Verify(MintHs(Caller{"wang", Role::kMember, 12}), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("member_id")));
  auto member = HsVerifier().Verify(MintHs(Caller{"wang", Role::kMember, 12, 345}), kNow);
  ASSERT_THAT(member, IsOk());
  EXPECT_EQ(member->member_id, 345);
}

TEST(JwtTest, MalformedTokensAreRefused) {
  for (const std::string& token :
       {std::string(""), std::string("not-a-jwt"), std::string("a.b.c"), std::string("....")}) {
    EXPECT_THAT(HsVerifier().Verify(token, kNow), StatusIs(absl::StatusCode::kUnauthenticated))
        << token;
  }
}

TEST(JwtTest, VerifierNeedsAKeyAndALongEnoughSecret) {
  EXPECT_THAT(JwtVerifier::Create({"", "", false}), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(JwtVerifier::Create({"short", "", false}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// Every token minted here carries an identifier (jti); the verifier refuses one on the
// revocation list, within a second of the file's change, and stops refusing it once removed.
TEST(RevocationTest, ARevokedTokenIsRefusedWithinASecond) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/revoked-", getpid());
  std::remove(path.c_str());
  auto revoked = std::make_shared<RevocationList>(path);
  JwtVerifier verifier = *JwtVerifier::Create({kSecret, "", false}, revoked);
  const std::string doomed = MintHs(Admin());
  const std::string kept = MintHs(Admin());
  auto caller = verifier.Verify(doomed, kNow);
  ASSERT_THAT(caller, IsOk());  // no file yet: nothing is revoked
  ASSERT_EQ(caller->token_id.size(), 32u);
  EXPECT_NE(caller->token_id, verifier.Verify(kept, kNow)->token_id);

  std::ofstream(path) << "# revoked by the committee\n" << caller->token_id << "  # lost laptop\n";
  // Looked at again no sooner than a second after the last look.
  EXPECT_THAT(verifier.Verify(doomed, kNow + absl::Milliseconds(500)), IsOk());
  EXPECT_THAT(verifier.Verify(doomed, kNow + absl::Seconds(1)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("revoked")));
  EXPECT_THAT(verifier.Verify(kept, kNow + absl::Seconds(1)), IsOk());

  std::ofstream(path) << "# nothing revoked, one line longer than before\n";
  EXPECT_THAT(verifier.Verify(doomed, kNow + absl::Seconds(3)), IsOk());
  std::remove(path.c_str());
}

TEST(RevocationTest, TheTokenIdIsMintedAsGivenOrAtRandom) {
  Caller named = Admin();
  named.token_id = "ops-2026-001";
  EXPECT_EQ(HsVerifier().Verify(MintHs(named), kNow)->token_id, "ops-2026-001");
}

// A server mints its own SERVICE token from the key it holds, short-lived, and mints it again
// once less than a third of its life is left.
TEST(ServiceTokenTest, AMintedTokenIsRenewedBeforeItExpires) {
  const ServiceToken token = ServiceToken::Minted({"partygroup-activity", Role::kService, 0},
                                                  SigningKeyFromFile(kSecret), absl::Minutes(15));
  const std::string first = token.Current(kNow);
  auto caller = HsVerifier().Verify(first, kNow);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->subject, "partygroup-activity");
  EXPECT_EQ(caller->role, Role::kService);
  EXPECT_EQ(token.Current(kNow + absl::Minutes(9)), first);
  const std::string second = token.Current(kNow + absl::Minutes(10) + absl::Seconds(1));
  EXPECT_NE(second, first);
  EXPECT_THAT(HsVerifier().Verify(second, kNow + absl::Minutes(20)), IsOk());
  EXPECT_THAT(HsVerifier().Verify(first, kNow + absl::Minutes(20)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
  EXPECT_EQ(ServiceToken::Fixed("given").Current(kNow), "given");
}

// A SERVICE token reads its org node's subtree; only one minted without a node reads everything.
TEST(ScopeTest, AServiceTokenIsScopedByItsOrgNode) {
  const Scope city = ScopeFor(Caller{"oa", Role::kService, 0}, "");
  EXPECT_TRUE(Covers(city, "/1/7/"));
  EXPECT_FALSE(city.can_write);
  const Scope unit = ScopeFor(Caller{"oa-unit", Role::kService, 5}, "/1/5/");
  EXPECT_TRUE(Covers(unit, "/1/5/9/"));
  EXPECT_FALSE(Covers(unit, "/1/7/"));
  EXPECT_THAT(RequireRead(unit, "/1/7/", "node 7"), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(RequireWrite(unit, "/1/5/", "node 5"), StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(RoleTest, NamesRoundTrip) {
  for (Role role : {Role::kAdmin, Role::kUnitAdmin, Role::kBranchSecretary, Role::kGroupLeader,
                    Role::kMember, Role::kService}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_FALSE(ParseRole("admin").has_value());
}

}  // namespace
}  // namespace partygroup::auth
