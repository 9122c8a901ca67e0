// A ceiling on the streams of one kind open at once on a server, for the services that need no
// token (health watches, reflection) and so have no caller to count them against (call_budget.h
// counts per caller). Each open stream holds a worker thread.
#pragma once

#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace partygroup::server {

class OpenStreams {
 public:
  explicit OpenStreams(int max) : max_(max) {}
  int max() const { return max_; }

  // One stream's place, given back when it goes.
  class Place {
   public:
    explicit Place(OpenStreams* streams) : streams_(streams) {}
    Place(Place&& other) noexcept : streams_(std::exchange(other.streams_, nullptr)) {}
    Place& operator=(Place&&) = delete;
    ~Place() {
      if (streams_ == nullptr) return;
      absl::MutexLock lock(&streams_->mu_);
      --streams_->open_;
    }

   private:
    OpenStreams* streams_;
  };

  // A place, or nothing when `max` streams are open.
  std::optional<Place> Open() {
    absl::MutexLock lock(&mu_);
    if (open_ >= max_) return std::nullopt;
    ++open_;
    return std::optional<Place>(std::in_place, this);
  }

 private:
  const int max_;
  absl::Mutex mu_;
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace partygroup::server
