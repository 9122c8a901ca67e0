#!/usr/bin/env bash
# Runs the benchmarks with what they need: dependencies and build, a private MariaDB of their
# own (var/bench, port 3417, kept between runs so that a loaded city is loaded once), the three
# servers on ports 50061-50063 and a fourth org server on an empty schema for the bulk import
# (50064), then partygroup_bench. Prints every figure beside its ceiling and leaves the JSON in
# var/bench/results/bench.json.
#
#   bench/run.sh [--groups=10000 --units=300 --load=false --seconds=3 ...]
#   (flags go to partygroup_bench; --load=false reuses the city already loaded)
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${PARTYGROUP_BUILD_DIR:-$root_dir/build}"
export PARTYGROUP_VAR="${PARTYGROUP_BENCH_VAR:-$root_dir/var/bench}"
export PARTYGROUP_DB_PORT="${PARTYGROUP_BENCH_DB_PORT:-3417}"
buf="$root_dir/tools/node_modules/.bin/buf"

"$root_dir/deploy/install-deps.sh"
cmake -S "$root_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
"$root_dir/deploy/db.sh" start

secrets="$PARTYGROUP_VAR/secrets"
mkdir -p "$secrets" "$PARTYGROUP_VAR/log" "$PARTYGROUP_VAR/results"
[ -s "$secrets/jwt_hs256_secret" ] || (umask 077; openssl rand -hex 32 >"$secrets/jwt_hs256_secret")
token() {
  "$build_dir/common/partygroup-token" --hs256_secret_file="$secrets/jwt_hs256_secret" \
    --subject="$1" --role="$2" --ttl=12h
}
token bench-service SERVICE >"$secrets/service_token"
token bench-admin ADMIN >"$secrets/admin_token"

declare -A ports=([org]=50061 [activity]=50062 [assessment]=50063 [org_import]=50064)
declare -A pid_of=()
stop_servers() {
  for pid in "${pid_of[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_servers EXIT
# The bulk import's own org server starts from an empty schema every run.
echo "DROP DATABASE IF EXISTS partygroup_importbench" | "$root_dir/deploy/db.sh" client
for name in org activity assessment org_import; do
  binary="${name%_import}"
  # Each server's own flags: activity and assessment call org (and assessment activity).
  extra=()
  case "$name" in
    org_import) extra=(--db_name=partygroup_importbench) ;;
    activity) extra=(--org_address="127.0.0.1:${ports[org]}"
                     --service_token_file="$secrets/service_token" --overdue_sweep_interval=0) ;;
    assessment) extra=(--org_address="127.0.0.1:${ports[org]}"
                       --activity_address="127.0.0.1:${ports[activity]}"
                       --service_token_file="$secrets/service_token") ;;
  esac
  "$build_dir/services/$binary/partygroup-$binary" --host=127.0.0.1 --port="${ports[$name]}" \
    --db_port="$PARTYGROUP_DB_PORT" --db_password_file="$secrets/db_password" \
    --jwt_hs256_secret_file="$secrets/jwt_hs256_secret" "${extra[@]}" \
    >"$PARTYGROUP_VAR/log/$name.log" 2>&1 &
  pid_of[$name]=$!
done
for name in org activity assessment org_import; do
  for _ in $(seq 1 150); do
    "$buf" curl --protocol grpc --http2-prior-knowledge \
      "http://127.0.0.1:${ports[$name]}/grpc.health.v1.Health/Check" 2>/dev/null |
      grep -q '"SERVING"' && break
    sleep 0.2
  done
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GB, MariaDB $("$(command -v mariadbd || echo /usr/sbin/mariadbd)" --version | awk '{print $3}')"
"$build_dir/bench/partygroup_bench" \
  --org="127.0.0.1:${ports[org]}" --activity="127.0.0.1:${ports[activity]}" \
  --assessment="127.0.0.1:${ports[assessment]}" --org_import="127.0.0.1:${ports[org_import]}" \
  --token_file="$secrets/admin_token" --db_port="$PARTYGROUP_DB_PORT" \
  --db_password_file="$secrets/db_password" \
  --pids="org:${pid_of[org]},activity:${pid_of[activity]},assessment:${pid_of[assessment]}" \
  --json_out="$PARTYGROUP_VAR/results/bench.json" "$@"
