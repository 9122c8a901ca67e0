// Least privilege in the database: the schema's owner applies the migrations and grants the
// service's own account (deploy/db.sh creates it) the rows of its tables; the service then runs
// as that account end to end, and the account can neither change nor remove a row of the audit
// trail, change the schema, nor read another schema.
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/db/connection_pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "partygroup/audit/v1/audit_service.grpc.pb.h"
#include "tests/services/org_test_util.h"
#include "tests/support/grpc_matchers.h"
#include "tests/support/in_process_server.h"

namespace partygroup {
namespace {

using ::partygroup::testing::GrpcOk;
using ::partygroup::testing::NextRequestId;
using S = org::v1::OrgService::Stub;

// The org service's own account, as deploy/db.sh made it beside the owner the tests run as.
db::DbConfig OrgAccount(db::DbConfig owner) {
  owner.user = absl::StrCat(std::getenv("PARTYGROUP_TEST_DB_USER"), "_org");
  std::ifstream in(absl::StrCat(std::getenv("PARTYGROUP_TEST_DB_PASSWORD_FILE"), ".org"));
  std::stringstream password;
  password << in.rdbuf();
  owner.password = std::string(absl::StripTrailingAsciiWhitespace(password.str()));
  return owner;
}

// The MySQL error number `statement` fails with as `account` (0 when it succeeds).
int ErrorOf(const db::DbConfig& account, const std::string& statement) {
  auto connection = db::OpenConnection(account, /*use_schema=*/true);
  EXPECT_TRUE(connection.ok()) << connection.status();
  if (!connection.ok()) return -1;
  try {
    std::unique_ptr<sql::Statement> s((*connection)->createStatement());
    s->execute(statement);
    return 0;
  } catch (const sql::SQLException& e) {
    return e.getErrorCode();
  }
}

constexpr int kCommandDenied = 1142;  // ER_TABLEACCESS_DENIED_ERROR

TEST(LeastPrivilegeTest, AServiceRunsAsItsOwnAccountWhichCannotAlterTheAuditTrail) {
  // The owner's run: migrations, then the grants (what --migrate_only --db_grant_to does).
  server::RuntimeConfig owner = testing::TestRuntimeConfig();
  const std::string user = absl::StrCat(std::getenv("PARTYGROUP_TEST_DB_USER"), "_org");
  owner.db_grant_to = {user + "@localhost", user + "@127.0.0.1"};
  testing::InProcessServer migrated(std::in_place_type<org::OrgServiceImpl>, org::Definition(),
                                    owner);
  ASSERT_GT(migrated.port(), 0);
  // Another service's schema, which the org account must not reach.
  testing::InProcessServer elsewhere(std::in_place_type<org::OrgServiceImpl>, org::Definition());

  // The service as its own account, on the schema the owner migrated.
  server::RuntimeConfig as_service = testing::TestRuntimeConfig();
  as_service.db = OrgAccount(owner.db);
  testing::InProcessServer server(std::in_place_type<org::OrgServiceImpl>, org::Definition(),
                                  as_service);
  ASSERT_GT(server.port(), 0) << "the service did not start as its own account";
  testing::OrgClient admin(server.port(), {"admin", auth::Role::kAdmin, 0});
  org::v1::CreateNodeRequest unit;
  unit.set_request_id(NextRequestId());
  unit.set_parent_id(1);
  unit.set_kind(org::v1::NODE_KIND_UNIT);
  unit.set_name("市直某局");
  org::v1::CreateNodeResponse created;
  ASSERT_THAT(admin.Call(&S::CreateNode, unit, &created), GrpcOk());
  org::v1::CreateNodeRequest branch = unit;
  branch.set_request_id(NextRequestId());
  branch.set_parent_id(created.node().id());
  branch.set_kind(org::v1::NODE_KIND_BRANCH);
  branch.set_name("机关党支部");
  ASSERT_THAT(admin.Call(&S::CreateNode, branch, &created), GrpcOk());
  org::v1::RenameNodeRequest rename;
  rename.set_request_id(NextRequestId());
  rename.set_id(created.node().id());
  rename.set_name("机关第一党支部");
  org::v1::RenameNodeResponse renamed;
  ASSERT_THAT(admin.Call(&S::RenameNode, rename, &renamed), GrpcOk());
  EXPECT_EQ(renamed.node().name(), "机关第一党支部");
  // Its own audit trail, written by the same account, verifies.
  auto audit = audit::v1::AuditService::NewStub(testing::LocalChannel(server.port()));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + admin.token());
  audit::v1::VerifyAuditLogResponse verified;
  ASSERT_THAT(audit->VerifyAuditLog(&context, {}, &verified), GrpcOk());
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_GE(verified.rows_checked(), 3);

  // The account reads, adds and changes rows; the audit trail it only reads and adds to.
  const db::DbConfig account = OrgAccount(owner.db);
  EXPECT_EQ(ErrorOf(account, "UPDATE org_node SET name = name"), 0);
  EXPECT_EQ(ErrorOf(account, "SELECT COUNT(*) FROM audit_log"), 0);
  EXPECT_EQ(ErrorOf(account, "UPDATE audit_log SET method = CONCAT(method, '!')"), kCommandDenied);
  EXPECT_EQ(ErrorOf(account, "DELETE FROM audit_log"), kCommandDenied);
  // No DDL: the trail cannot be dropped, nor the schema changed.
  EXPECT_EQ(ErrorOf(account, "DROP TABLE audit_log"), kCommandDenied);
  EXPECT_EQ(ErrorOf(account, "ALTER TABLE member ADD COLUMN x INT"), kCommandDenied);
  EXPECT_EQ(ErrorOf(account, "CREATE TABLE audit_copy (id INT PRIMARY KEY)"), kCommandDenied);
  // No other schema, and not the server's own tables.
  EXPECT_EQ(ErrorOf(account, absl::StrCat("SELECT COUNT(*) FROM `",
                                          elsewhere.runtime().config().db.schema, "`.member")),
            kCommandDenied);
  EXPECT_EQ(ErrorOf(account, "SELECT COUNT(*) FROM mysql.user"), kCommandDenied);
  // The owner still may: the denial is the account's, not the table's.
  EXPECT_EQ(ErrorOf(owner.db, "SELECT COUNT(*) FROM audit_log"), 0);
}

}  // namespace
}  // namespace partygroup
