#!/usr/bin/env bash
# Stops what deploy/quickstart.sh started: the three servers (SIGTERM, so in-flight calls
# finish), then the private MariaDB. Safe to run twice.
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PARTYGROUP_VAR="${PARTYGROUP_VAR:-$root_dir/var}"
export PARTYGROUP_DB_PORT="${PARTYGROUP_DB_PORT:-3407}"

for name in assessment activity org; do
  pid_file="$PARTYGROUP_VAR/run/$name.pid"
  [ -f "$pid_file" ] || continue
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$name: still running after 15 s; killing" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "$name: stopped"
  fi
  rm -f "$pid_file"
done
"$root_dir/deploy/db.sh" stop
