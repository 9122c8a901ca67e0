// The private MariaDB that tests/run.sh starts, as seen by a test.
//
// tests/run.sh exports PARTYGROUP_TEST_DB_PORT, PARTYGROUP_TEST_DB_USER,
// PARTYGROUP_TEST_DB_PASSWORD_FILE and PARTYGROUP_TEST_VAR. Each test works in a schema of its
// own (partygroup_t_...), so tests can run in parallel and leave nothing behind.
#pragma once

#include <string>

#include "common/db/db_config.h"

namespace partygroup::testing {

// The test database's settings with a fresh, unique schema name. Aborts the test binary with
// a message when the environment was not set up by tests/run.sh.
db::DbConfig TestDbConfig();

// Drops the schema (best effort), for a test's TearDown.
void DropSchema(const db::DbConfig& config);

// Runs `deploy/db.sh <command>` against the test database (for restart tests).
int RunDbScript(const std::string& command);

// Writes `contents` to a fresh file under the test's temporary folder and returns its path.
std::string WriteTempFile(const std::string& name, const std::string& contents);

}  // namespace partygroup::testing
