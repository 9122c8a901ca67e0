#!/usr/bin/env bash
# Installs every Debian 12 package that building, running and testing partygroup need,
# and the `buf` CLI (npm package @bufbuild/buf) used for `buf lint` and `buf curl`.
# Safe to run again: it installs only what is missing.
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  build-essential cmake pkg-config git ca-certificates openssl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libmysqlcppconn-dev mariadb-server mariadb-client
  libgtest-dev libgmock-dev libbenchmark-dev
  libjwt-dev libssl-dev libspdlog-dev nlohmann-json3-dev libxlsxwriter-dev libcsv-dev libjemalloc-dev unzip tzdata jq
  nodejs npm
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# node and npm may come from elsewhere than Debian (nvm, nodesource): accept a working npm.
if command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in nodejs|npm) ;; *) filtered+=("$p") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  # --no-install-recommends keeps the MariaDB server package from starting extras we never use.
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The distribution's MariaDB service is never used: our scripts run a private server.
# apt starts it on install where an init system runs; leave it be, it listens on its own socket.

# buf, pinned, installed into the project (tools/node_modules), not globally.
buf_version="1.47.2"
buf_bin="$root_dir/tools/node_modules/.bin/buf"
if [ ! -x "$buf_bin" ] || ! "$buf_bin" --version 2>/dev/null | grep -qx "$buf_version"; then
  echo "install-deps: installing @bufbuild/buf@$buf_version"
  mkdir -p "$root_dir/tools"
  (cd "$root_dir/tools" && npm install --no-audit --no-fund --silent "@bufbuild/buf@$buf_version")
fi
echo "install-deps: all dependencies present"
