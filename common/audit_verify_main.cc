// partygroup-audit-verify: checks a service's audit trail against its hash chain and reports the
// first altered or missing row. Exit 0 when intact, 1 when not, 2 when it cannot read.
//
//   build/common/partygroup-audit-verify --db_port=3407
//       --db_password_file=var/secrets/db_password --db_name=partygroup_org
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "common/db/connection_pool.h"
#include "common/mutation/mutation.h"

ABSL_FLAG(std::string, db_host, "127.0.0.1", "MySQL/MariaDB server.");
ABSL_FLAG(int32_t, db_port, 3306, "Its port.");
ABSL_FLAG(std::string, db_user, "partygroup", "Database user (reading is enough).");
ABSL_FLAG(std::string, db_password_file, "", "File holding the database password.");
ABSL_FLAG(std::string, db_name, "", "The service's schema: partygroup_org, _activity, _assessment.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Verifies a service's audit trail: partygroup-audit-verify --db_name=partygroup_org ...");
  absl::ParseCommandLine(argc, argv);
  partygroup::db::DbConfig config;
  config.host = absl::GetFlag(FLAGS_db_host);
  config.port = absl::GetFlag(FLAGS_db_port);
  config.user = absl::GetFlag(FLAGS_db_user);
  config.schema = absl::GetFlag(FLAGS_db_name);
  if (config.schema.empty()) {
    std::fprintf(stderr, "--db_name: the service's schema is required\n");
    return 2;
  }
  if (!absl::GetFlag(FLAGS_db_password_file).empty()) {
    std::ifstream in(absl::GetFlag(FLAGS_db_password_file));
    config.password.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    config.password = std::string(absl::StripTrailingAsciiWhitespace(config.password));
  }
  auto connection = partygroup::db::OpenConnection(config, /*use_schema=*/true);
  if (!connection.ok()) {
    std::fprintf(stderr, "%s\n", connection.status().ToString().c_str());
    return 2;
  }
  auto verified = partygroup::mutation::VerifyAuditLog(**connection);
  if (!verified.ok()) {
    std::fprintf(stderr, "%s\n", verified.status().ToString().c_str());
    return 2;
  }
  std::printf("audit trail of %s: %lld rows chained and intact, %lld written before the chain\n",
              config.schema.c_str(), static_cast<long long>(verified->rows_checked),
              static_cast<long long>(verified->rows_before_chain));
  if (verified->intact) return 0;
  std::printf("NOT INTACT: %s\n", verified->problem.c_str());
  return 1;
}
