#!/usr/bin/env bash
# The one test command: installs what is missing, builds, starts a private MariaDB on a free
# port, runs buf lint and every test under ctest, always stops its database, and exits non-zero
# on any failure.
#
#   tests/run.sh                 everything
#   tests/run.sh -L unit         only tests labelled unit (any ctest arguments pass through)
#
# Settings: PARTYGROUP_BUILD_DIR (default <checkout>/build), PARTYGROUP_JOBS (default: cores).
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${PARTYGROUP_BUILD_DIR:-$root_dir/build}"
jobs="${PARTYGROUP_JOBS:-$(nproc)}"

"$root_dir/deploy/install-deps.sh"

echo "== build ($build_dir)"
cmake -S "$root_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"$jobs"

echo "== buf lint"
"$root_dir/tools/node_modules/.bin/buf" lint "$root_dir/proto"

echo "== private MariaDB"
test_var="$(mktemp -d /tmp/partygroup-test.XXXXXX)"
db_port=""
for _ in $(seq 1 50); do
  candidate=$(( 33000 + RANDOM % 20000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then db_port=$candidate; break; fi
done
[ -n "$db_port" ] || { echo "no free port for the test database" >&2; exit 1; }
export PARTYGROUP_VAR="$test_var" PARTYGROUP_DB_PORT="$db_port"
stop_db() {
  "$root_dir/deploy/db.sh" stop >/dev/null 2>&1 || true
  rm -rf "$test_var"
}
trap stop_db EXIT
"$root_dir/deploy/db.sh" start

export PARTYGROUP_TEST_DB_PORT="$db_port"
export PARTYGROUP_TEST_DB_USER="${PARTYGROUP_DB_USER:-partygroup}"
export PARTYGROUP_TEST_DB_PASSWORD_FILE="$test_var/secrets/db_password"
export TEST_TMPDIR="$test_var"

echo "== ctest"
cd "$build_dir"
ctest --output-on-failure -j"$jobs" "$@"
