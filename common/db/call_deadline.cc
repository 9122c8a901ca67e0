#include "common/db/call_deadline.h"

#include <algorithm>

namespace partygroup::db {
namespace {

// A server's sync handlers serve one call per thread from start to end, so the thread is the
// call.
thread_local absl::Time current_deadline = absl::InfiniteFuture();

}  // namespace

CallDeadline::CallDeadline(absl::Time deadline) : previous_(current_deadline) {
  current_deadline = std::min(previous_, deadline);
}

CallDeadline::~CallDeadline() { current_deadline = previous_; }

absl::Time CallDeadline::Current() { return current_deadline; }

}  // namespace partygroup::db
