#include "services/activity/moved_groups.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <string>

#include "common/db/transaction.h"
#include "common/status/status_macros.h"
#include "services/activity/moved_groups_store.h"

namespace partygroup::activity {
namespace {

// Other events advance the stored cursor every this many, so that a restart replays few.
constexpr int64_t kEventsPerCursorWrite = 1000;
constexpr absl::Duration kPauseAfterError = absl::Seconds(1);

}  // namespace

MovedGroups::MovedGroups(db::ConnectionPool& pool, clients::OrgClient& org, bool follow)
    : pool_(pool), org_(org) {
  if (follow) thread_ = std::thread([this] { Follow(); });
}

MovedGroups::~MovedGroups() {
  stop_.Notify();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (call_ != nullptr) call_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

absl::Status MovedGroups::Apply(const common::v1::Event& event, bool advance) {
  const bool moved = event.kind() == "NODE_MOVED";
  if (!moved && !advance) return absl::OkStatus();
  std::string old_path;
  if (moved) {
    const nlohmann::json payload = nlohmann::json::parse(event.payload_json(), nullptr, false);
    if (payload.is_object() && payload.contains("old_path") && payload["old_path"].is_string()) {
      old_path = payload["old_path"].get<std::string>();
    }
    // A move recorded before org said where from: nothing to re-path by.
    if (old_path.empty()) {
      spdlog::warn(
          "org event {} (NODE_MOVED of node {}) has no old_path; its records keep "
          "their paths",
          event.sequence(), event.target_id());
    }
  }
  return db::RunInTransaction(pool_, "MovedGroups", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(const int64_t cursor, store::OrgCursor(c, /*for_update=*/true));
    if (event.sequence() <= cursor) return absl::OkStatus();  // applied already
    if (!old_path.empty() && old_path != event.scope_path()) {
      RETURN_IF_ERROR(store::MovePaths(c, old_path, event.scope_path()));
      spdlog::info("org event {}: the records under {} moved to {}", event.sequence(), old_path,
                   event.scope_path());
    }
    return store::AdvanceOrgCursor(c, event.sequence());
  });
}

void MovedGroups::Follow() {
  while (!stop_.HasBeenNotified()) {
    int64_t after = 0;
    absl::Status followed =
        db::RunWithConnection(pool_, "MovedGroups", [&](sql::Connection& c) -> absl::Status {
          ASSIGN_OR_RETURN(after, store::OrgCursor(c, /*for_update=*/false));
          return absl::OkStatus();
        });
    if (followed.ok()) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stop_.HasBeenNotified()) return;
        call_ = std::make_unique<grpc::ClientContext>();
      }
      int64_t unsaved = 0;
      absl::Status applied = absl::OkStatus();
      followed =
          org_.WatchEvents(*call_, after, /*follow=*/true, [&](const common::v1::Event& event) {
            const bool advance = ++unsaved >= kEventsPerCursorWrite;
            applied = Apply(event, advance);
            // On an error, start again from the stored cursor.
            if (!applied.ok()) return false;
            if (advance || event.kind() == "NODE_MOVED") unsaved = 0;
            return !stop_.HasBeenNotified();
          });
      if (followed.ok()) followed = applied;
      std::lock_guard<std::mutex> lock(mutex_);
      call_.reset();
    }
    if (stop_.HasBeenNotified()) return;
    spdlog::warn("following org's events stopped ({}); again in {}", followed.ToString(),
                 absl::FormatDuration(kPauseAfterError));
    stop_.WaitForNotificationWithTimeout(kPauseAfterError);
  }
}

}  // namespace partygroup::activity
