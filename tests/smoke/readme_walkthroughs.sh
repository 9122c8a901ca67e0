#!/usr/bin/env bash
# Runs README's grpcurl walk-throughs (the ```sh blocks after a "<!-- walk-through: ... -->" line)
# as written, one after the other in one shell, against running servers. grpcurl is not packaged
# for Debian 12: a shell function of the same name sends each call through `buf curl` instead,
# and maps the README's ports to the servers'.
#
#   tests/smoke/readme_walkthroughs.sh ORG_PORT ACTIVITY_PORT ASSESSMENT_PORT ADMIN_TOKEN_FILE
#
# Exits non-zero, naming the block, when a call fails.
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -eq 4 ] || { echo "usage: $0 ORG_PORT ACTIVITY_PORT ASSESSMENT_PORT ADMIN_TOKEN_FILE" >&2; exit 2; }
work="$(mktemp -d /tmp/partygroup-readme.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/var/secrets"
cp "$4" "$work/var/secrets/admin_token"

# The script: the grpcurl stand-in, then every walk-through block in README's order.
{
  cat <<PREAMBLE
set -euo pipefail
declare -A port_of=([50051]=$1 [50052]=$2 [50053]=$3)
grpcurl() {
  local headers=() data="" address="" method=""
  while [ \$# -gt 0 ]; do
    case "\$1" in
      -plaintext) shift ;;
      -H) headers+=(-H "\$2"); shift 2 ;;
      -d) data="\$2"; shift 2 ;;
      *) if [ -z "\$address" ]; then address="\$1"; else method="\$1"; fi; shift ;;
    esac
  done
  local port="\${port_of[\${address##*:}]}"
  "$root_dir/tools/node_modules/.bin/buf" curl --protocol grpc --http2-prior-knowledge \\
    "\${headers[@]}" \${data:+-d "\$data"} "http://127.0.0.1:\$port/\$method"
}
PREAMBLE
  awk '
    /^<!-- walk-through: / { name = $0; sub(/^<!-- walk-through: /, "", name); sub(/ -->$/, "", name); armed = 1; next }
    armed && /^```sh$/ { printf "echo \"== walk-through: %s\"\n", name; inside = 1; armed = 0; next }
    inside && /^```$/ { inside = 0; next }
    inside { print }
  ' "$root_dir/README.md"
} >"$work/walkthroughs.sh"

grep -q '^echo "== walk-through' "$work/walkthroughs.sh" ||
  { echo "no walk-through found in README.md" >&2; exit 1; }
cd "$work"
bash "$work/walkthroughs.sh" >"$work/out.log" 2>&1 || {
  cat "$work/out.log" >&2
  echo "readme walk-throughs: a call failed (the last block named above)" >&2
  exit 1
}
# The assessment walk-through ends with the cycle's workbook: a real xlsx (a zip archive).
[ "$(head -c 2 "$work/cycle.xlsx")" = "PK" ] || { echo "readme walk-throughs: no workbook" >&2; exit 1; }
grep '^== walk-through' "$work/out.log"
echo "readme walk-throughs: every call answered"
