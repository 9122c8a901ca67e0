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
  // TLS to the database: the CA file its certificate is checked against (set: every connection
  // is encrypted and verified, or refused), and optionally a client certificate and key.
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
  // Connections the pool keeps open at most; the server's worker threads share them.
  int pool_size = 8;
  // How long a caller waits for a free connection before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
  absl::Duration connect_timeout = absl::Seconds(3);
  // Upper bound on one statement's network wait, so a hung server cannot hang a call forever
  // (--db_statement_timeout). A call's own deadline ends its work sooner (call_deadline.h).
  absl::Duration read_timeout = absl::Seconds(20);
  // A connection back in the pool for less than this is lent without a ping (a round trip on
  // every call otherwise). One the server dropped within that moment fails its call with
  // UNAVAILABLE, safe for the client to retry, and is replaced; a restarted server has been
  // away longer, so its connections are pinged and replaced before use.
  absl::Duration ping_idle_after = absl::Seconds(1);
};

}  // namespace partygroup::db
