#include "bench/rss.h"

#include <algorithm>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace partygroup::bench {

double ResidentMb(int64_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  for (std::string line; std::getline(status, line);) {
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, "VmRSS:")) continue;
    rest = absl::StripAsciiWhitespace(absl::StripSuffix(absl::StripAsciiWhitespace(rest), "kB"));
    double kb = 0;
    return absl::SimpleAtod(rest, &kb) ? kb / 1024.0 : 0;
  }
  return 0;
}

RssSampler::RssSampler(std::map<std::string, int64_t> pids) : pids_(std::move(pids)) {
  thread_ = std::thread([this] {
    while (!stop_) {
      for (const auto& [name, pid] : pids_) {
        const double mb = ResidentMb(pid);
        absl::MutexLock lock(&mu_);
        peaks_[name] = std::max(peaks_[name], mb);
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
  });
}

RssSampler::~RssSampler() {
  stop_ = true;
  thread_.join();
}

std::map<std::string, double> RssSampler::Peaks() {
  absl::MutexLock lock(&mu_);
  return peaks_;
}

}  // namespace partygroup::bench
