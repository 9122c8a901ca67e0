#!/usr/bin/env bash
# The year's assessment of the demo unit (第十四条) through the assessment service's public API:
# a cycle opened for this year, computed from the org tree and the activity records, the
# branch secretary's 述职评议 and 双述双评 votes and the unit secretary's 述职评议 entered,
# published, and exported as a workbook. Fixed request ids: running it again changes nothing.
#
#   deploy/demo-assessment.sh <unit_id> <branch_id> [-- host:port token [export_dir]]
#   (defaults: 127.0.0.1:50053, var/secrets/admin_token, var/export)
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
unit="$1"; branch="$2"; shift 2
[ "${1:-}" = "--" ] && shift
address="${1:-127.0.0.1:50053}"
token="${2:-$(cat "${PARTYGROUP_VAR:-$root_dir/var}/secrets/admin_token")}"
export_dir="${3:-${PARTYGROUP_VAR:-$root_dir/var}/export}"
buf="$root_dir/tools/node_modules/.bin/buf"
prefix="${DEMO_PREFIX:-demo}"
year="$(date +%Y)"

call() {
  # On TLS (PARTYGROUP_CA_FILE: the servers' CA), https and the CA; else plaintext HTTP/2.
  local transport=(--http2-prior-knowledge) scheme=http
  if [ -n "${PARTYGROUP_CA_FILE:-}" ]; then transport=(--cacert "$PARTYGROUP_CA_FILE"); scheme=https; fi
  "$buf" curl --protocol grpc "${transport[@]}" -H "authorization: Bearer $token" \
    "$scheme://$address/partygroup.assessment.v1.AssessmentService/$1" -d "$2"
}

cycle=$(call OpenCycle "{\"request_id\":\"$prefix-cycle-$year\",\"name\":\"${year}年度党小组工作考核\",
  \"year\":$year,\"node_id\":$unit}" | jq -r .cycle.id)
call ComputeCycle "{\"request_id\":\"$prefix-compute-$year\",\"cycle_id\":$cycle}" >/dev/null
call RecordDutyReview "{\"request_id\":\"$prefix-duty-branch-$year\",\"cycle_id\":$cycle,
  \"subject_id\":$branch,\"votes\":{\"good\":12,\"fairly_good\":4,\"average\":1}}" >/dev/null
call RecordDualReview "{\"request_id\":\"$prefix-dual-branch-$year\",\"cycle_id\":$cycle,
  \"branch_id\":$branch,\"party_building_votes\":{\"good\":10,\"fairly_good\":6,\"average\":1},
  \"business_votes\":{\"good\":14,\"fairly_good\":3}}" >/dev/null
call RecordDutyReview "{\"request_id\":\"$prefix-duty-unit-$year\",\"cycle_id\":$cycle,
  \"subject_id\":$unit,\"votes\":{\"good\":20,\"fairly_good\":8,\"average\":2}}" >/dev/null
call PublishCycle "{\"request_id\":\"$prefix-publish-$year\",\"cycle_id\":$cycle}" >/dev/null

call ListResults "{\"cycle_id\":$cycle}" |
  jq -r '.results[] | "  \(.subjectName) \(.score // "-") \(.grade // "-") (rank \(.rank // 0) of \(.peerCount))"'
mkdir -p "$export_dir"
workbook="$export_dir/assessment-$year-cycle$cycle.xlsx"
call ExportResults "{\"cycle_id\":$cycle,\"format\":\"EXPORT_FORMAT_XLSX\"}" |
  jq -r '.files[0].content' | base64 -d >"$workbook"
echo "demo-assessment: cycle $cycle $(call GetCycle "{\"id\":$cycle}" | jq -r .cycle.status), workbook $workbook"
