// The deadlines passed (tasks 第十二条, rectification items 第六条, evaluation campaigns 第七条)
// and which of them were announced (overdue_announcement). Every function returns a status and
// keeps its exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace partygroup::activity::store {

enum class OverdueKind { kTask, kRectification, kEvaluation };

struct OverdueItem {
  int64_t id = 0;
  int64_t group_id = 0;
  std::string group_path;
  std::string title;            // a task's title, a rectification item's measure
  std::string deadline;         // as stored: "YYYY-MM-DD" or "YYYY-MM-DD hh:mm:ss.ffffff" (UTC)
  int64_t meeting_id = 0;       // a rectification item's org-life meeting
  int64_t owner_member_id = 0;  // a rectification item's owner
};

// Up to `limit` items of `kind` past their deadline, unfinished and not yet announced, locked
// until the transaction ends. Tasks are due at an instant (before `now`); rectification items
// and campaigns on a day (before `today`).
absl::StatusOr<std::vector<OverdueItem>> LockOverdue(sql::Connection& c, OverdueKind kind,
                                                     absl::Time now, absl::CivilDay today,
                                                     int limit);
absl::Status MarkOverdueAnnounced(sql::Connection& c, OverdueKind kind, int64_t id, absl::Time at);

}  // namespace partygroup::activity::store
