#!/usr/bin/env bash
# One group meeting of the demo organisation through every step of 第五条, through the activity
# service's public API: requested by the leader, approved by the branch, notified, held with
# attendance and minutes, archived. Fixed request ids: running it again changes nothing.
#
#   deploy/demo-activity.sh <group_id> <member_id>... [-- host:port token]
#   (defaults: 127.0.0.1:50052, var/secrets/admin_token)
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
group="$1"; shift
members=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do members+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
address="${1:-127.0.0.1:50052}"
token="${2:-$(cat "${PARTYGROUP_VAR:-$root_dir/var}/secrets/admin_token")}"
buf="$root_dir/tools/node_modules/.bin/buf"
prefix="${DEMO_PREFIX:-demo}"

call() {
  # On TLS (PARTYGROUP_CA_FILE: the servers' CA), https and the CA; else plaintext HTTP/2.
  local transport=(--http2-prior-knowledge) scheme=http
  if [ -n "${PARTYGROUP_CA_FILE:-}" ]; then transport=(--cacert "$PARTYGROUP_CA_FILE"); scheme=https; fi
  "$buf" curl --protocol grpc "${transport[@]}" -H "authorization: Bearer $token" \
    "$scheme://$address/partygroup.activity.v1.ActivityService/$1" -d "$2"
}

meeting=$(call RequestGroupMeeting "{\"request_id\":\"$prefix-meeting\",\"group_id\":$group,
  \"topics\":[\"学习《关于进一步规范娄底市直机关党小组工作的实施意见》\"]}" | jq -r .meeting.id)
call ReviewGroupMeeting "{\"request_id\":\"$prefix-meeting-approve\",\"meeting_id\":$meeting,
  \"approve\":true}" >/dev/null
call NotifyGroupMeeting "{\"request_id\":\"$prefix-meeting-notice\",\"meeting_id\":$meeting}" \
  >/dev/null
attendance=""
for id in "${members[@]}"; do
  attendance+="${attendance:+,}{\"member_id\":$id,\"present\":true}"
done
held_time=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
call RecordGroupMeetingHeld "{\"request_id\":\"$prefix-meeting-held\",\"meeting_id\":$meeting,
  \"held_time\":\"$held_time\",\"chair_member_id\":${members[0]},\"attendance\":[$attendance],
  \"minutes\":\"组长领学实施意见，党员逐一发言，明确本组每月召开党小组会。\"}" >/dev/null
call ArchiveGroupMeeting "{\"request_id\":\"$prefix-meeting-archive\",\"meeting_id\":$meeting}" \
  | jq -r '"demo-activity: meeting \(.meeting.id) \(.meeting.status)"'
