#!/usr/bin/env bash
# Builds a unit's party organisation through the org service's public API, the way the README's
# grpcurl walk-through does: a unit, a branch, nine members, three groups by branch decision,
# their leaders, and one filing recorded. Every call carries a fixed request_id, so running it
# again changes nothing and answers the same.
#
#   deploy/demo-org.sh [host:port] [token]     (defaults: 127.0.0.1:50051, var/secrets/admin_token)
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
address="${1:-127.0.0.1:50051}"
token="${2:-$(cat "${PARTYGROUP_VAR:-$root_dir/var}/secrets/admin_token")}"
buf="$root_dir/tools/node_modules/.bin/buf"
prefix="${DEMO_PREFIX:-demo}"

call() {  # call <Method> <json>
  # On TLS (PARTYGROUP_CA_FILE: the servers' CA), https and the CA; else plaintext HTTP/2.
  local transport=(--http2-prior-knowledge) scheme=http
  if [ -n "${PARTYGROUP_CA_FILE:-}" ]; then transport=(--cacert "$PARTYGROUP_CA_FILE"); scheme=https; fi
  "$buf" curl --protocol grpc "${transport[@]}" -H "authorization: Bearer $token" \
    "$scheme://$address/partygroup.org.v1.OrgService/$1" -d "$2"
}

unit=$(call CreateNode "{\"request_id\":\"$prefix-unit\",\"parent_id\":1,\"kind\":\"NODE_KIND_UNIT\",
  \"name\":\"中共娄底市财政局党组\",\"code\":\"LDCZJ\"}" | jq -r .node.id)
branch=$(call CreateNode "{\"request_id\":\"$prefix-branch\",\"parent_id\":$unit,
  \"kind\":\"NODE_KIND_BRANCH\",\"name\":\"市财政局机关第一党支部\"}" | jq -r .node.id)

names=(刘建国 陈志强 王秀英 李明华 张丽 赵伟 周敏 吴晓东 郑晓燕)
members=()
for i in "${!names[@]}"; do
  status=MEMBER_STATUS_FORMAL
  [ "$i" -eq 8 ] && status=MEMBER_STATUS_PROBATIONARY
  cadre=false
  [ "$i" -eq 0 ] && cadre=true
  members+=("$(call CreateMember "{\"request_id\":\"$prefix-member-$i\",\"branch_id\":$branch,
    \"name\":\"${names[$i]}\",\"status\":\"$status\",\"leading_cadre\":$cadre,
    \"phone\":\"1387380000$i\",\"joined_party_on\":{\"year\":$((2000 + i)),\"month\":7,\"day\":1}}" |
    jq -r .member.id)")
done

group_names=(第一党小组 第二党小组 第三党小组)
groups=()
for g in 0 1 2; do
  ids="${members[$((3 * g))]},${members[$((3 * g + 1))]},${members[$((3 * g + 2))]}"
  groups+=("$(call CreateGroup "{\"request_id\":\"$prefix-group-$g\",\"branch_id\":$branch,
    \"name\":\"${group_names[$g]}\",\"member_ids\":[$ids],
    \"decision\":{\"decided_on\":{\"year\":2026,\"month\":3,\"day\":2},
    \"document_ref\":\"财机一支〔2026〕$((g + 1))号\"}}" | jq -r .group.node.id)")
  call AppointLeader "{\"request_id\":\"$prefix-leader-$g\",\"group_id\":${groups[$g]},
    \"member_id\":${members[$((3 * g))]},\"method\":\"APPOINTMENT_METHOD_BRANCH_DESIGNATION\",
    \"record_ref\":\"财机一支〔2026〕4号\",\"appointed_on\":{\"year\":2026,\"month\":3,\"day\":5}}" \
    >/dev/null
done

filing=$(call ListFilings "{\"node_id\":$branch}" | jq -r '.filings[0].id')
call RecordFiling "{\"request_id\":\"$prefix-filing-0\",\"filing_id\":$filing,
  \"filed_on\":{\"year\":2026,\"month\":3,\"day\":20}}" >/dev/null

echo "demo-org: unit $unit, branch $branch, groups ${groups[*]}, members ${members[*]}"
