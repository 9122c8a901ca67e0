// Where and how a service reaches its MySQL-protocol database (MariaDB, MySQL 8, TiDB).
#pragma once

#include <string>

#include "absl/time/time.h"

namespace partygroup::db {

struct DbConfig {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  // The service's own schema (database); created on first start when the user may.
  std::string schema;
  // Connections the pool keeps open at most; the server's worker threads share them.
  int pool_size = 8;
  // How long a caller waits for a free connection before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
  absl::Duration connect_timeout = absl::Seconds(3);
  // Upper bound on one statement's network wait, so a hung server cannot hang a call forever.
  absl::Duration read_timeout = absl::Seconds(60);
};

}  // namespace partygroup::db
