#!/usr/bin/env bash
# The three real server binaries, driven as an administrator drives them: --help, reflection
# (buf curl walks the same path as grpcurl), health, a call without and with a token, the call
# log, and SIGTERM. Needs the test database of tests/run.sh.
#   tests/smoke/servers_smoke.sh <build dir>
set -euo pipefail

build_dir="$(cd "$1" && pwd)"
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
buf="$root_dir/tools/node_modules/.bin/buf"
: "${PARTYGROUP_TEST_DB_PORT:?run under tests/run.sh}"
: "${PARTYGROUP_TEST_DB_USER:?run under tests/run.sh}"
: "${PARTYGROUP_TEST_DB_PASSWORD_FILE:?run under tests/run.sh}"

work="$(mktemp -d)"
pids=()
schemas=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for schema in "${schemas[@]}"; do
    mariadb --no-defaults -h 127.0.0.1 -P "$PARTYGROUP_TEST_DB_PORT" -u "$PARTYGROUP_TEST_DB_USER" \
      -p"$(cat "$PARTYGROUP_TEST_DB_PASSWORD_FILE")" -e "DROP DATABASE IF EXISTS $schema" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

free_port() {
  local port
  while true; do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

call() {  # call <port> <Service/Method> [curl args...]
  local port="$1" method="$2"; shift 2
  "$buf" curl --protocol grpc --http2-prior-knowledge "$@" "http://127.0.0.1:$port/$method"
}

openssl rand -hex 32 >"$work/jwt_secret"
token="$("$build_dir/common/partygroup-token" --hs256_secret_file="$work/jwt_secret" \
  --subject=smoke-admin --role=ADMIN)"

"$build_dir/common/partygroup-token" --hs256_secret_file="$work/jwt_secret" \
  --subject=smoke-service --role=SERVICE >"$work/service_token"

declare -A ports services
services=([org]=partygroup.org.v1.OrgService [activity]=partygroup.activity.v1.ActivityService
          [assessment]=partygroup.assessment.v1.AssessmentService)
for name in org activity assessment; do ports[$name]=$(free_port); done
for name in org activity assessment; do
  binary="$build_dir/services/$name/partygroup-$name"
  "$binary" --help >"$work/$name.help" 2>&1 || true
  for flag in --port --db_host --db_user --db_password_file --db_name --tls_cert_file \
              --jwt_hs256_secret_file --jwt_rs256_public_key_file; do
    grep -q -- "$flag " "$work/$name.help" || fail "$name --help does not list $flag"
  done
  # Each server lists its own flags and no other server's.
  own=(); foreign=()
  case "$name" in
    org) foreign=(--org_address --activity_address --service_token_file
                  --service_signing_key_file --overdue_sweep_interval --period_batch_groups) ;;
    activity) own=(--org_address --service_token_file --service_signing_key_file
                   --overdue_sweep_interval --period_batch_groups)
              foreign=(--activity_address) ;;
    assessment) own=(--org_address --activity_address --service_token_file
                     --service_signing_key_file)
                foreign=(--overdue_sweep_interval --period_batch_groups) ;;
  esac
  for flag in "${own[@]}"; do
    grep -q -- "$flag " "$work/$name.help" || fail "$name --help does not list $flag"
  done
  for flag in "${foreign[@]}"; do
    if grep -q -- "$flag " "$work/$name.help"; then fail "$name --help lists $flag"; fi
  done
  peers=()
  case "$name" in
    # activity mints its own SERVICE token; assessment is given one.
    activity) peers=(--org_address="127.0.0.1:${ports[org]}"
                     --service_signing_key_file="$work/jwt_secret") ;;
    assessment) peers=(--org_address="127.0.0.1:${ports[org]}"
                       --activity_address="127.0.0.1:${ports[activity]}"
                       --service_token_file="$work/service_token") ;;
  esac
  schema="partygroup_smoke_${name}_$$"
  schemas+=("$schema")
  "$binary" --host=127.0.0.1 --port="${ports[$name]}" --db_port="$PARTYGROUP_TEST_DB_PORT" \
    --db_user="$PARTYGROUP_TEST_DB_USER" --db_password_file="$PARTYGROUP_TEST_DB_PASSWORD_FILE" \
    --db_name="$schema" --jwt_hs256_secret_file="$work/jwt_secret" \
    --revoked_tokens_file="$work/revoked_tokens" "${peers[@]}" >"$work/$name.log" 2>&1 &
  pids+=($!)
done

for name in org activity assessment; do
  port="${ports[$name]}"
  serving=""
  for _ in $(seq 1 100); do
    if call "$port" grpc.health.v1.Health/Check 2>/dev/null | grep -q '"SERVING"'; then
      serving=yes; break
    fi
    sleep 0.1
  done
  [ -n "$serving" ] || { cat "$work/$name.log"; fail "$name never answered SERVING"; }

  listed="$("$buf" curl --protocol grpc --http2-prior-knowledge --list-services "http://127.0.0.1:$port")"
  for service in "${services[$name]}" grpc.health.v1.Health grpc.reflection.v1alpha.ServerReflection; do
    grep -qx "$service" <<<"$listed" || fail "$name does not list $service: $listed"
  done

  if out="$(call "$port" "${services[$name]}/GetServiceInfo" 2>&1)"; then
    fail "$name answered a call without a token: $out"
  fi
  grep -q unauthenticated <<<"$out" || fail "$name: expected unauthenticated, got $out"

  out="$(call "$port" "${services[$name]}/GetServiceInfo" -H "authorization: Bearer $token")" \
    || fail "$name refused the admin token: $out"
  grep -q '"ROLE_ADMIN"' <<<"$out" || fail "$name: no caller in $out"
  grep -q "\"${services[$name]}\"" <<<"$out" || fail "$name: wrong service in $out"
done

# A revoked token (its jti appended to the revocation file) is refused by every server within
# a second or two; the others still pass.
doomed="$("$build_dir/common/partygroup-token" --hs256_secret_file="$work/jwt_secret" \
  --subject=smoke-doomed --role=ADMIN)"
payload="$(cut -d. -f2 <<<"$doomed" | tr '_-' '/+')"
while [ $(( ${#payload} % 4 )) -ne 0 ]; do payload="$payload="; done
jti="$(base64 -d <<<"$payload" | jq -r .jti)"
[ -n "$jti" ] && [ "$jti" != null ] || fail "a minted token has no jti"
echo "$jti  # smoke: revoked" >>"$work/revoked_tokens"
for name in org activity assessment; do
  refused=""
  for _ in $(seq 1 50); do
    if ! out="$(call "${ports[$name]}" "${services[$name]}/GetServiceInfo" \
                 -H "authorization: Bearer $doomed" 2>&1)" && grep -q revoked <<<"$out"; then
      refused=yes; break
    fi
    sleep 0.1
  done
  [ -n "$refused" ] || fail "$name still accepts a revoked token: $out"
  call "${ports[$name]}" "${services[$name]}/GetServiceInfo" -H "authorization: Bearer $token" \
    >/dev/null || fail "$name refused the admin token after another was revoked"
done

# ListRules: the catalogue with its articles, as an administrator reads it.
rules="$(call "${ports[assessment]}" partygroup.assessment.v1.AssessmentService/ListRules \
  -H "authorization: Bearer $token" -d '{"article":"第一条"}')" || fail "ListRules failed: $rules"
grep -q '"GROUP_TOO_SMALL"' <<<"$rules" || fail "ListRules 第一条 lacks GROUP_TOO_SMALL: $rules"
grep -q '"BRANCH_SHOULD_HAVE_GROUPS"' <<<"$rules" || fail "ListRules 第一条 lacks BRANCH_SHOULD_HAVE_GROUPS"
if grep -q '"THEMEDAY_NOT_APPROVED"' <<<"$rules"; then fail "ListRules 第一条 lists a 第九条 rule"; fi

# The README's walk-through: a unit's organisation built through the org API alone, twice (the
# second run is a retry of every call and must change nothing).
first="$(DEMO_PREFIX=smoke "$root_dir/deploy/demo-org.sh" "127.0.0.1:${ports[org]}" "$token")" \
  || fail "demo-org.sh failed: $first"
second="$(DEMO_PREFIX=smoke "$root_dir/deploy/demo-org.sh" "127.0.0.1:${ports[org]}" "$token")"
[ "$first" = "$second" ] || fail "a retried walk-through answered differently: $first / $second"
branch="$(sed -E 's/.*branch ([0-9]+),.*/\1/' <<<"$first")"
group_json="$(call "${ports[org]}" partygroup.org.v1.OrgService/ListNodes \
  -H "authorization: Bearer $token" -d "{\"parent_id\":$branch}")"
[ "$(jq '.nodes | length' <<<"$group_json")" = 3 ] || fail "expected 3 groups: $group_json"
findings="$(call "${ports[org]}" partygroup.org.v1.OrgService/ListFindings \
  -H "authorization: Bearer $token" -d "{\"node_id\":$branch}")"
[ "$(jq '[.findings[] | select(.code == "FILING_OVERDUE")] | length' <<<"$findings")" = 2 ] \
  || fail "expected the two unfiled group changes as FILING_OVERDUE: $findings"
small="$(call "${ports[org]}" partygroup.org.v1.OrgService/CreateGroup -H "authorization: Bearer $token" \
  -d "{\"request_id\":\"smoke-small\",\"branch_id\":$branch,\"name\":\"小组\",\"member_ids\":[1,2],
       \"decision\":{\"decided_on\":{\"year\":2026,\"month\":4,\"day\":1},\"document_ref\":\"x\"}}" 2>&1)" \
  && fail "a two-member group was accepted"
grep -q "GROUP_TOO_SMALL (第一条)" <<<"$small" || fail "two-member group: $small"

# A group meeting of the demo organisation through every step of 第五条, via activity → org.
group="$(sed -E 's/.*groups ([0-9]+).*/\1/' <<<"$first")"
read -r -a members <<<"$(sed -E 's/.*members ([0-9 ]+)$/\1/' <<<"$first")"
meeting="$(DEMO_PREFIX=smoke "$root_dir/deploy/demo-activity.sh" "$group" "${members[@]:0:3}" -- \
  "127.0.0.1:${ports[activity]}" "$token")" || fail "demo-activity.sh failed: $meeting"
grep -q "MEETING_STATUS_ARCHIVED" <<<"$meeting" || fail "the demo meeting was not archived: $meeting"

# The year's assessment of the demo unit via assessment → org and activity, twice (a retry).
unit="$(sed -E 's/.*unit ([0-9]+),.*/\1/' <<<"$first")"
assessed="$(DEMO_PREFIX=smoke "$root_dir/deploy/demo-assessment.sh" "$unit" "$branch" -- \
  "127.0.0.1:${ports[assessment]}" "$token" "$work/export")" \
  || fail "demo-assessment.sh failed: $assessed"
grep -q "CYCLE_STATUS_PUBLISHED" <<<"$assessed" || fail "the demo cycle was not published: $assessed"
workbook="$(sed -nE 's/.*workbook (.*)$/\1/p' <<<"$assessed")"
unzip -p "$workbook" xl/workbook.xml | grep -q "考核结果" || fail "the workbook lacks its results sheet"
again="$(DEMO_PREFIX=smoke "$root_dir/deploy/demo-assessment.sh" "$unit" "$branch" -- \
  "127.0.0.1:${ports[assessment]}" "$token" "$work/export")"
[ "$assessed" = "$again" ] || fail "a retried assessment answered differently: $assessed / $again"

# The quick start's demo city, small: loaded, assessed, rated and published; a second run
# changes nothing and prints the same.
(umask 077; echo "$token" >"$work/admin_token")
demo_city() {
  "$build_dir/bench/partygroup-demo-city" --org="127.0.0.1:${ports[org]}" \
    --activity="127.0.0.1:${ports[activity]}" --assessment="127.0.0.1:${ports[assessment]}" \
    --token_file="$work/admin_token" --units=3 --groups=12 --year=2025 2>&1
}
city="$(demo_city)" || fail "partygroup-demo-city failed: $city"
grep -q "CYCLE_STATUS_PUBLISHED" <<<"$city" || fail "the demo city's cycle was not published: $city"
grep -q "most frequent findings" <<<"$city" || fail "the demo city printed no findings: $city"
# Its general branch is assessed as a subject of its own; its large branch has too few groups.
grep -q "SUBJECT_KIND_GENERAL_BRANCH" <<<"$city" || fail "the demo city has no general branch: $city"
grep -q "BRANCH_TOO_FEW_GROUPS" <<<"$city" || fail "the demo city lacks BRANCH_TOO_FEW_GROUPS: $city"
[ "$(demo_city)" = "$city" ] || fail "a second demo city run answered differently"

# README's walk-throughs, as written, after the demos (as after a quick start), twice: the
# second run answers from the stored request_ids.
for run in first second; do
  walk="$("$root_dir/tests/smoke/readme_walkthroughs.sh" "${ports[org]}" "${ports[activity]}" \
    "${ports[assessment]}" "$work/admin_token" 2>&1)" \
    || fail "README's walk-throughs failed ($run run): $walk"
done

# SIGTERM: each server stops cleanly and says so.
for i in 0 1 2; do
  kill -TERM "${pids[$i]}"
  wait "${pids[$i]}" || fail "server ${pids[$i]} exited with $? on SIGTERM"
done
pids=()

for name in org activity assessment; do
  log="$work/$name.log"
  grep -q "call method=/${services[$name]}/GetServiceInfo code=UNAUTHENTICATED .*subject=-" "$log" \
    || fail "$name log lacks the refused call"
  grep -q "call method=/${services[$name]}/GetServiceInfo code=OK .*subject=smoke-admin" "$log" \
    || fail "$name log lacks the admin's call"
  grep -q "stopped" "$log" || fail "$name log lacks the shutdown"
  if grep -qF "$token" "$log" || grep -qF "$(cat "$work/jwt_secret")" "$log"; then
    fail "$name log contains a token or the secret"
  fi
done
echo "servers smoke test passed"
