#include "tests/support/test_db.h"

#include <cppconn/connection.h>
#include <cppconn/statement.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/db/connection_pool.h"

namespace partygroup::testing {
namespace {

std::string RequiredEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    std::fprintf(stderr,
                 "%s is not set: database tests run under tests/run.sh, which starts a private "
                 "MariaDB and exports its settings.\n",
                 name);
    std::abort();
  }
  return value;
}

}  // namespace

db::DbConfig TestDbConfig() {
  static std::atomic<int> counter{0};
  db::DbConfig config;
  config.host = "127.0.0.1";
  config.port = std::stoi(RequiredEnv("PARTYGROUP_TEST_DB_PORT"));
  config.user = RequiredEnv("PARTYGROUP_TEST_DB_USER");
  std::ifstream in(RequiredEnv("PARTYGROUP_TEST_DB_PASSWORD_FILE"));
  std::stringstream password;
  password << in.rdbuf();
  config.password = std::string(absl::StripTrailingAsciiWhitespace(password.str()));
  config.schema = absl::StrCat("partygroup_t_", getpid(), "_", counter++);
  config.pool_size = 4;
  config.acquire_timeout = absl::Seconds(2);
  return config;
}

void DropSchema(const db::DbConfig& config) {
  auto connection = db::OpenConnection(config, /*use_schema=*/false);
  if (!connection.ok()) return;
  try {
    std::unique_ptr<sql::Statement> statement((*connection)->createStatement());
    statement->execute(absl::StrCat("DROP DATABASE IF EXISTS `", config.schema, "`"));
  } catch (...) {
  }
}

int RunDbScript(const std::string& command) {
  const std::string script = absl::StrCat(PARTYGROUP_SOURCE_DIR, "/deploy/db.sh");
  // db.sh reads PARTYGROUP_VAR and PARTYGROUP_DB_PORT, which tests/run.sh exported.
  return std::system(absl::StrCat(script, " ", command, " >/dev/null").c_str());
}

std::string WriteTempFile(const std::string& name, const std::string& contents) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  const std::string path = absl::StrCat(dir, "/", getpid(), "_", name);
  std::ofstream(path) << contents;
  return path;
}

}  // namespace partygroup::testing
