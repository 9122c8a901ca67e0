#!/usr/bin/env bash
# A private MariaDB for partygroup: its own data folder, its own port, a real user with a
# password. Never the system service.
#
#   deploy/db.sh start     initialise (first time) and start; prints the connection settings
#   deploy/db.sh stop      stop it
#   deploy/db.sh restart   stop, then start
#   deploy/db.sh freeze    SIGSTOP the server: a database that hangs (fault tests); thaw: SIGCONT
#   deploy/db.sh status    exit 0 when it answers
#   deploy/db.sh client    a mariadb shell as the partygroup user
#
# Settings (environment):
#   PARTYGROUP_VAR          state folder (default: <checkout>/var); data in $PARTYGROUP_VAR/mariadb
#   PARTYGROUP_DB_PORT      TCP port on 127.0.0.1 (default 3407)
#   PARTYGROUP_DB_USER      the schemas' owner (default partygroup), which applies migrations;
#                           its password is generated on first start into
#                           $PARTYGROUP_VAR/secrets/db_password. Each service runs as
#                           <owner>_<service> (partygroup_org, ...), password in
#                           db_password.<service>, granted only its schema's rows.
#   PARTYGROUP_DB_BUFFER_POOL  InnoDB buffer pool (default 1G): the year of a city the assessment
#                           reads (dues, meetings, attendance, members: ~400 MB for 100,000
#                           members) stays in memory; MariaDB's own default, 128M, rereads it
#                           from the files at every computation. Memory is taken as pages are used.
#                           The adaptive hash index is on (MariaDB 10.11 turns it off by default):
#                           the assessment's reads of a city look rows up by key 100,000s of times,
#                           and the index took a tenth off the server's CPU for a computation.
#   PARTYGROUP_DB_REQUIRE_TLS  1: the services' accounts connect only over TLS (the server always
#                           offers it, with the certificates of deploy/tls.sh in secrets/tls)
#   PARTYGROUP_DB_ARGS      extra mariadbd arguments
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
var_dir="${PARTYGROUP_VAR:-$root_dir/var}"
port="${PARTYGROUP_DB_PORT:-3407}"
db_user="${PARTYGROUP_DB_USER:-partygroup}"
db_dir="$var_dir/mariadb"
data_dir="$db_dir/data"
socket="$db_dir/mariadb.sock"
pid_file="$db_dir/mariadb.pid"
log_file="$db_dir/mariadb.err"
password_file="$var_dir/secrets/db_password"
tls_dir="$var_dir/secrets/tls"

mariadbd_bin="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
user_args=()
admin_user="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then user_args=(--user=root); admin_user=root; fi

admin() { mariadb --no-defaults --socket="$socket" -u "$admin_user" "$@"; }

running() {
  [ -S "$socket" ] && mariadb-admin --no-defaults --socket="$socket" -u "$admin_user" \
    --connect-timeout=2 ping >/dev/null 2>&1
}

sql_quote() { printf "%s" "$1" | sed "s/'/''/g"; }

provision() {
  if [ ! -s "$password_file" ]; then
    (umask 077; openssl rand -hex 16 >"$password_file")
  fi
  local password
  password="$(cat "$password_file")"
  # Idempotent: the owner exists for TCP logins from localhost and 127.0.0.1, and owns every
  # schema named partygroup_* (one per service, plus the tests' own), with the right to grant
  # what it owns. Each service has an account of its own (partygroup_org, ...), with no
  # privilege until the owner's migration run grants it its schema's tables (--db_grant_to).
  local accounts="" name service_password require="REQUIRE NONE"
  [ "${PARTYGROUP_DB_REQUIRE_TLS:-0}" = 1 ] && require="REQUIRE SSL"
  for name in org activity assessment; do
    if [ ! -s "$password_file.$name" ]; then
      (umask 077; openssl rand -hex 16 >"$password_file.$name")
    fi
    service_password="$(sql_quote "$(cat "$password_file.$name")")"
    for host in localhost 127.0.0.1; do
      accounts+="CREATE USER IF NOT EXISTS '${db_user}_$name'@'$host' IDENTIFIED BY '$service_password';
ALTER USER '${db_user}_$name'@'$host' IDENTIFIED BY '$service_password' $require;
"
    done
  done
  admin <<SQL
CREATE USER IF NOT EXISTS '$db_user'@'localhost' IDENTIFIED BY '$(sql_quote "$password")';
CREATE USER IF NOT EXISTS '$db_user'@'127.0.0.1' IDENTIFIED BY '$(sql_quote "$password")';
ALTER USER '$db_user'@'localhost' IDENTIFIED BY '$(sql_quote "$password")';
ALTER USER '$db_user'@'127.0.0.1' IDENTIFIED BY '$(sql_quote "$password")';
GRANT ALL PRIVILEGES ON \`partygroup\\_%\`.* TO '$db_user'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON \`partygroup\\_%\`.* TO '$db_user'@'127.0.0.1' WITH GRANT OPTION;
$accounts
SQL
}

start() {
  if running; then
    echo "db: already running on 127.0.0.1:$port ($db_dir)"
    # Accounts a newer version needs are made even on a database already running.
    provision
    return 0
  fi
  mkdir -p "$db_dir" "$var_dir/secrets"
  chmod 700 "$var_dir/secrets"
  local fresh=0
  if [ ! -d "$data_dir/mysql" ]; then
    echo "db: initialising $data_dir"
    rm -rf "$data_dir"
    mariadb-install-db --no-defaults --datadir="$data_dir" "${user_args[@]}" \
      --auth-root-authentication-method=socket --skip-test-db >"$db_dir/install.log" 2>&1 || {
        cat "$db_dir/install.log" >&2; exit 1; }
    fresh=1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "db: port $port is already taken by another program; set PARTYGROUP_DB_PORT" >&2
    exit 1
  fi
  # TLS offered to every client (the private CA of deploy/tls.sh); the services' accounts
  # require it when PARTYGROUP_DB_REQUIRE_TLS=1.
  "$root_dir/deploy/tls.sh" "$tls_dir" >/dev/null
  # shellcheck disable=SC2086
  setsid "$mariadbd_bin" --no-defaults --datadir="$data_dir" --socket="$socket" --port="$port" \
    --ssl-ca="$tls_dir/ca.pem" --ssl-cert="$tls_dir/server.pem" --ssl-key="$tls_dir/server.key" \
    --bind-address=127.0.0.1 "${user_args[@]}" --pid-file="$pid_file" --log-error="$log_file" \
    --skip-log-bin --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=500 --innodb-buffer-pool-size="${PARTYGROUP_DB_BUFFER_POOL:-1G}" \
    --innodb-adaptive-hash-index=ON ${PARTYGROUP_DB_ARGS:-} </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 150); do
    running && break
    sleep 0.2
  done
  if ! running; then
    echo "db: mariadbd did not start; last lines of $log_file:" >&2
    tail -n 20 "$log_file" >&2 || true
    exit 1
  fi
  provision
  [ "$fresh" -eq 1 ] && echo "db: created user $db_user and the services' ${db_user}_org, ${db_user}_activity, ${db_user}_assessment"
  echo "db: running on 127.0.0.1:$port, user $db_user, password in $password_file"
}

stop() {
  if ! running; then
    [ -f "$pid_file" ] && kill "$(cat "$pid_file")" 2>/dev/null || true
    echo "db: not running"
    return 0
  fi
  mariadb-admin --no-defaults --socket="$socket" -u "$admin_user" shutdown >/dev/null 2>&1 || true
  for _ in $(seq 1 150); do
    if [ ! -f "$pid_file" ] || ! kill -0 "$(cat "$pid_file" 2>/dev/null)" 2>/dev/null; then
      echo "db: stopped"
      return 0
    fi
    sleep 0.2
  done
  echo "db: still running after 30 s; killing" >&2
  kill -9 "$(cat "$pid_file")" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  # freeze/thaw: SIGSTOP and SIGCONT the server, a database that hangs (for the fault tests).
  freeze) running && kill -STOP "$(cat "$pid_file")" && echo "db: frozen" ;;
  thaw) [ -f "$pid_file" ] && kill -CONT "$(cat "$pid_file")" && echo "db: thawed" ;;
  status) if running; then echo "db: running on 127.0.0.1:$port"; else echo "db: not running"; exit 1; fi ;;
  client) exec mariadb --no-defaults -h 127.0.0.1 -P "$port" -u "$db_user" -p"$(cat "$password_file")" ;;
  *) echo "usage: $0 start|stop|restart|freeze|thaw|status|client" >&2; exit 2 ;;
esac
