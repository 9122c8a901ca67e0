// Resident memory of the servers, sampled from /proc while the benchmarks run.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace partygroup::bench {

// VmRSS of a process in MB; 0 when it cannot be read.
double ResidentMb(int64_t pid);

class RssSampler {
 public:
  // `pids` by server name; sampled every 100 ms from construction on.
  explicit RssSampler(std::map<std::string, int64_t> pids);
  ~RssSampler();

  const std::map<std::string, int64_t>& pids() const { return pids_; }
  // The highest sample of each server since construction.
  std::map<std::string, double> Peaks();

 private:
  const std::map<std::string, int64_t> pids_;
  absl::Mutex mu_;
  std::map<std::string, double> peaks_ ABSL_GUARDED_BY(mu_);
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace partygroup::bench
