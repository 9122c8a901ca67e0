#!/usr/bin/env bash
# Everything a newcomer needs, in one command: dependencies, build, a private MariaDB, the three
# servers (org 50051, activity 50052, assessment 50053) with their migrations applied, and an
# administrator's token, then how to call them. Safe to run twice: what runs is left running.
#
# Settings (environment): PARTYGROUP_VAR (state, default <checkout>/var), PARTYGROUP_DB_PORT
# (default 3407), PARTYGROUP_BUILD_DIR (default <checkout>/build), PARTYGROUP_HOST (listen
# address, default 127.0.0.1). deploy/stop.sh stops all of it.
#
#   deploy/quickstart.sh --tls   the same on TLS end to end: a private CA (deploy/tls.sh), every
#                                server on TLS, activity and assessment calling their peers with a
#                                client certificate, the servers' database connections on TLS
#                                (their accounts refused without). Servers already running keep
#                                how they run:
#                                deploy/stop.sh first to switch.
set -euo pipefail

tls=""
for arg in "$@"; do
  case "$arg" in
    --tls) tls=yes ;;
    *) echo "usage: $0 [--tls]" >&2; exit 2 ;;
  esac
done

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PARTYGROUP_VAR="${PARTYGROUP_VAR:-$root_dir/var}"
export PARTYGROUP_DB_PORT="${PARTYGROUP_DB_PORT:-3407}"
build_dir="${PARTYGROUP_BUILD_DIR:-$root_dir/build}"
host="${PARTYGROUP_HOST:-127.0.0.1}"
buf="$root_dir/tools/node_modules/.bin/buf"
declare -A ports=([org]=50051 [activity]=50052 [assessment]=50053)
declare -A services=([org]=partygroup.org.v1.OrgService
                     [activity]=partygroup.activity.v1.ActivityService
                     [assessment]=partygroup.assessment.v1.AssessmentService)

"$root_dir/deploy/install-deps.sh"

echo "== build ($build_dir)"
cmake -S "$root_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

echo "== database"
# On TLS the services' database accounts connect only over TLS too.
if [ -n "$tls" ]; then export PARTYGROUP_DB_REQUIRE_TLS=1; else export PARTYGROUP_DB_REQUIRE_TLS=0; fi
"$root_dir/deploy/db.sh" start

secrets="$PARTYGROUP_VAR/secrets"
mkdir -p "$secrets" "$PARTYGROUP_VAR/log" "$PARTYGROUP_VAR/run"
chmod 700 "$secrets"
if [ ! -s "$secrets/jwt_hs256_secret" ]; then
  (umask 077; openssl rand -hex 32 >"$secrets/jwt_hs256_secret")
fi

# Each server's own flags: activity and assessment call org (and assessment activity) with a
# SERVICE token they mint for themselves from the signing key, valid 15 minutes and minted again
# before it expires (no long-lived machine token exists); org calls no one. Tokens named in
# revoked_tokens (one jti a line) are refused within a second.
touch "$secrets/revoked_tokens"
declare -A peer_flags=(
  [activity]="--org_address=127.0.0.1:${ports[org]} --service_signing_key_file=$secrets/jwt_hs256_secret"
  [assessment]="--org_address=127.0.0.1:${ports[org]} --activity_address=127.0.0.1:${ports[activity]} --service_signing_key_file=$secrets/jwt_hs256_secret")

# On TLS: every server's certificate, and the CA and client certificate the peers are called with.
tls_flags=""
db_tls_flags=""
call_transport=(--http2-prior-knowledge)
scheme=http
demo_city_tls=()
if [ -n "$tls" ]; then
  "$root_dir/deploy/tls.sh" "$secrets/tls"
  tls_flags="--tls_cert_file=$secrets/tls/server.pem --tls_key_file=$secrets/tls/server.key"
  db_tls_flags="--db_tls_ca_file=$secrets/tls/ca.pem"
  for name in activity assessment; do
    peer_flags[$name]+=" --peer_ca_file=$secrets/tls/ca.pem --peer_cert_file=$secrets/tls/client.pem --peer_key_file=$secrets/tls/client.key"
  done
  call_transport=(--cacert "$secrets/tls/ca.pem")
  scheme=https
  export PARTYGROUP_CA_FILE="$secrets/tls/ca.pem"
  demo_city_tls=(--ca_file="$secrets/tls/ca.pem")
fi

echo "== servers"
for name in org activity assessment; do
  pid_file="$PARTYGROUP_VAR/run/$name.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "$name: already running (pid $(cat "$pid_file"))"
    continue
  fi
  # shellcheck disable=SC2206
  server_flags=(--host="$host" --port="${ports[$name]}" --db_port="$PARTYGROUP_DB_PORT" $db_tls_flags
    --jwt_hs256_secret_file="$secrets/jwt_hs256_secret"
    --revoked_tokens_file="$secrets/revoked_tokens")
  # The schema's owner applies the migrations and grants the service's own account its rows
  # (the audit trail append-only); the server then runs as that account, without DDL.
  owner="${PARTYGROUP_DB_USER:-partygroup}"
  "$build_dir/services/$name/partygroup-$name" "${server_flags[@]}" --migrate_only \
    --db_user="$owner" --db_password_file="$secrets/db_password" \
    --db_grant_to="${owner}_$name@localhost,${owner}_$name@127.0.0.1" \
    >>"$PARTYGROUP_VAR/log/$name.log" 2>&1 ||
    { echo "$name: migrations failed; its log says:" >&2; tail -n 5 "$PARTYGROUP_VAR/log/$name.log" >&2; exit 1; }
  # shellcheck disable=SC2086
  setsid "$build_dir/services/$name/partygroup-$name" "${server_flags[@]}" \
    --db_user="${owner}_$name" --db_password_file="$secrets/db_password.$name" $tls_flags \
    ${peer_flags[$name]:-} </dev/null >>"$PARTYGROUP_VAR/log/$name.log" 2>&1 &
  echo $! >"$pid_file"
  echo "$name: started (pid $!), log $PARTYGROUP_VAR/log/$name.log"
done

for name in org activity assessment; do
  serving=""
  for _ in $(seq 1 150); do
    if "$buf" curl --protocol grpc "${call_transport[@]}" \
         "$scheme://127.0.0.1:${ports[$name]}/grpc.health.v1.Health/Check" 2>/dev/null |
         grep -q '"SERVING"'; then
      serving=yes; break
    fi
    if ! kill -0 "$(cat "$PARTYGROUP_VAR/run/$name.pid")" 2>/dev/null; then break; fi
    sleep 0.2
  done
  if [ -z "$serving" ]; then
    echo "$name did not become SERVING; its log says:" >&2
    tail -n 20 "$PARTYGROUP_VAR/log/$name.log" >&2
    exit 1
  fi
done

token="$("$build_dir/common/partygroup-token" --hs256_secret_file="$secrets/jwt_hs256_secret" \
  --subject=admin --role=ADMIN --ttl=12h)"
(umask 077; echo "$token" >"$secrets/admin_token")

# A little demo data, through the public API (idempotent: fixed request ids).
echo "== demo data"
demo="$("$root_dir/deploy/demo-org.sh" "127.0.0.1:${ports[org]}" "$token")"
echo "$demo"
first_group="$(sed -E 's/.*groups ([0-9]+).*/\1/' <<<"$demo")"
read -r -a demo_members <<<"$(sed -E 's/.*members ([0-9 ]+)$/\1/' <<<"$demo")"
"$root_dir/deploy/demo-activity.sh" "$first_group" "${demo_members[@]:0:3}" -- \
  "127.0.0.1:${ports[activity]}" "$token"
demo_unit="$(sed -E 's/.*unit ([0-9]+),.*/\1/' <<<"$demo")"
demo_branch="$(sed -E 's/.*branch ([0-9]+),.*/\1/' <<<"$demo")"
"$root_dir/deploy/demo-assessment.sh" "$demo_unit" "$demo_branch" -- \
  "127.0.0.1:${ports[assessment]}" "$token"

# A city to look at: about 30 units and 2,000 members with last year's activity and its gaps,
# loaded through the public APIs, assessed and published (bench/demo_city.cc; idempotent too).
echo "== demo city"
"$build_dir/bench/partygroup-demo-city" --org="127.0.0.1:${ports[org]}" \
  --activity="127.0.0.1:${ports[activity]}" --assessment="127.0.0.1:${ports[assessment]}" \
  --token_file="$secrets/admin_token" "${demo_city_tls[@]}"

cat <<TXT

partygroup is running:
  org         127.0.0.1:${ports[org]}   ${services[org]}
  activity    127.0.0.1:${ports[activity]}   ${services[activity]}
  assessment  127.0.0.1:${ports[assessment]}   ${services[assessment]}
  MariaDB     127.0.0.1:$PARTYGROUP_DB_PORT (deploy/db.sh client)
  logs        $PARTYGROUP_VAR/log/

An administrator's token (12 h), also in $secrets/admin_token:
  export TOKEN=$token

TXT
if [ -n "$tls" ]; then
  cat <<TXT
On TLS, with the private CA in $secrets/tls/ca.pem:
  $buf curl --protocol grpc --cacert $secrets/tls/ca.pem --list-services https://127.0.0.1:50051
  $buf curl --protocol grpc --cacert $secrets/tls/ca.pem -H "authorization: Bearer \$TOKEN" \\
    https://127.0.0.1:50051/${services[org]}/GetServiceInfo

Stop everything with deploy/stop.sh.
TXT
  exit 0
fi
cat <<TXT
Call them with grpcurl:
  grpcurl -plaintext 127.0.0.1:50051 list
  grpcurl -plaintext 127.0.0.1:50051 grpc.health.v1.Health/Check
  grpcurl -plaintext -H "authorization: Bearer \$TOKEN" 127.0.0.1:50051 ${services[org]}/GetServiceInfo
  grpcurl -plaintext -H "authorization: Bearer \$TOKEN" -d '{"node_id":1}' 127.0.0.1:50051 ${services[org]}/ListFindings

or with buf curl (the same reflection path; installed in tools/):
  $buf curl --protocol grpc --http2-prior-knowledge --list-services http://127.0.0.1:50051
  $buf curl --protocol grpc --http2-prior-knowledge -H "authorization: Bearer \$TOKEN" \\
    http://127.0.0.1:50051/${services[org]}/GetServiceInfo

Stop everything with deploy/stop.sh.
TXT
