// Closed-loop load: `callers` threads, each making one call after another for a while; the rate
// and the latencies of what they did.
#pragma once

#include <cstdint>
#include <functional>

#include "absl/time/time.h"

namespace partygroup::bench {

struct LoadResult {
  double per_second = 0;  // calls completed per second, all callers together
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t calls = 0;
  int64_t failures = 0;  // calls that returned false; not counted in the rate
};

// `call(caller, n)` makes one call: caller is 0..callers-1, n counts that caller's calls. It
// returns false when the call failed.
LoadResult RunLoad(int callers, absl::Duration duration,
                   const std::function<bool(int caller, int64_t n)>& call);

}  // namespace partygroup::bench
