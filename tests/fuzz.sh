#!/usr/bin/env bash
# Fuzzes the rules library for a bounded time under AddressSanitizer and
# UndefinedBehaviorSanitizer (libFuzzer, clang). Not part of tests/run.sh: it takes minutes.
#
#   tests/fuzz.sh            60 seconds
#   tests/fuzz.sh 600        ten minutes
# Exits non-zero when the fuzzer finds a crash or a broken invariant; the input is kept under
# build-fuzz/ for replay (build-fuzz/rules_fuzz <file>).
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
build_dir="$root_dir/build-fuzz"

"$root_dir/deploy/install-deps.sh"
missing=()
for p in clang libfuzzer-14-dev libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

CXX=clang++ cmake -S "$root_dir/tests/fuzz" -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

mkdir -p "$build_dir/corpus"
cd "$build_dir"
echo "== fuzzing the rules library for ${seconds}s"
./rules_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 corpus
echo "fuzz: no crash, no broken invariant in ${seconds}s"
