#include "services/activity/overdue_store.h"

#include "common/db/guarded.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
absl::StatusOr<std::vector<OverdueItem>> LockOverdue(sql::Connection& c, OverdueKind kind,
                                                     absl::Time now, absl::CivilDay today,
                                                     int limit) {
  return db::Guarded("lock overdue items", [&] {
    Statement s;
    switch (kind) {
      case OverdueKind::kTask:
        s = Prepare(c, q::kLockOverdueTasks);
        s->setString(1, proto::FormatSqlTime(now));
        break;
      case OverdueKind::kRectification:
        s = Prepare(c, q::kLockOverdueRectifications);
        s->setString(1, proto::FormatSqlDate(today));
        break;
      case OverdueKind::kEvaluation:
        s = Prepare(c, q::kLockOverdueCampaigns);
        s->setString(1, proto::FormatSqlDate(today));
        break;
    }
    s->setInt(2, limit);
    std::vector<OverdueItem> items;
    for (Rows r(s->executeQuery()); r->next();) {
      items.push_back({r->getInt64(1), r->getInt64(2), r->getString(3), r->getString(4),
                       r->getString(5), r->getInt64(6), r->getInt64(7)});
    }
    return items;
  });
}

absl::Status MarkOverdueAnnounced(sql::Connection& c, OverdueKind kind, int64_t id, absl::Time at) {
  return db::Guarded("mark overdue item announced", [&] {
    Statement s = Prepare(c, q::kInsertOverdueAnnouncement);
    s->setString(1, kind == OverdueKind::kTask            ? "task"
                    : kind == OverdueKind::kRectification ? "rectification_item"
                                                          : "evaluation_campaign");
    s->setInt64(2, id);
    SetTime(*s, 3, at);
    s->execute();
  });
}

}  // namespace partygroup::activity::store
