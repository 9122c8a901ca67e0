#include "bench/load.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "bench/figures.h"

namespace partygroup::bench {

LoadResult RunLoad(int callers, absl::Duration duration,
                   const std::function<bool(int caller, int64_t n)>& call) {
  std::vector<std::vector<double>> latencies(callers);
  std::vector<int64_t> failures(callers, 0);
  std::atomic<bool> stop{false};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int caller = 0; caller < callers; ++caller) {
    threads.emplace_back([&, caller] {
      for (int64_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
        const absl::Time before = absl::Now();
        if (call(caller, n)) {
          latencies[caller].push_back(absl::ToDoubleMilliseconds(absl::Now() - before));
        } else {
          ++failures[caller];
        }
      }
    });
  }
  absl::SleepFor(duration);
  stop = true;
  for (std::thread& thread : threads) thread.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);

  LoadResult result;
  std::vector<double> all;
  for (int caller = 0; caller < callers; ++caller) {
    all.insert(all.end(), latencies[caller].begin(), latencies[caller].end());
    result.failures += failures[caller];
  }
  result.calls = static_cast<int64_t>(all.size());
  result.per_second = static_cast<double>(all.size()) / seconds;
  result.p50_ms = Quantile(all, 0.50);
  result.p99_ms = Quantile(std::move(all), 0.99);
  return result;
}

}  // namespace partygroup::bench
