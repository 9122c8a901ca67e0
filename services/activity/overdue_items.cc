#include "services/activity/overdue_items.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/mutation/mutation.h"
#include "common/status/status_macros.h"
#include "services/activity/overdue_store.h"

namespace partygroup::activity {

absl::StatusOr<int> OverdueItems::AnnounceOverdue(absl::Time now) {
  constexpr int kBatch = 200;
  static const auth::Caller kSweeper{"activity-overdue-sweep", auth::Role::kService, 0, 0};
  struct Kind {
    store::OverdueKind kind;
    const char* event;
    const char* target;
  };
  const Kind kinds[] = {
      {store::OverdueKind::kTask, "TASK_OVERDUE", "task"},
      {store::OverdueKind::kRectification, "RECTIFICATION_OVERDUE", "rectification_item"},
      {store::OverdueKind::kEvaluation, "EVALUATION_OVERDUE", "evaluation_campaign"}};
  const absl::CivilDay today = absl::ToCivilDay(now, context_.zone);
  int announced = 0;
  for (const Kind& kind : kinds) {
    for (size_t found = kBatch; found == kBatch;) {
      const std::string request_id =
          absl::StrCat("overdue-", kind.target, "-", absl::ToUnixMicros(absl::Now()));
      RETURN_IF_ERROR(mutation::RunJournaled(
          context_.pool, mutation::MutationRequest{kSweeper, "AnnounceOverdue", request_id},
          [&](sql::Connection& c, mutation::Journal& journal) -> absl::Status {
            ASSIGN_OR_RETURN(const std::vector<store::OverdueItem> items,
                             store::LockOverdue(c, kind.kind, now, today, kBatch));
            found = items.size();
            for (const store::OverdueItem& item : items) {
              RETURN_IF_ERROR(store::MarkOverdueAnnounced(c, kind.kind, item.id, now));
              journal.AddTarget(kind.target, item.id);
              nlohmann::json payload = {{"group_id", item.group_id}, {"deadline", item.deadline}};
              if (!item.title.empty()) payload["title"] = item.title;
              if (item.meeting_id > 0) payload["org_life_meeting_id"] = item.meeting_id;
              if (item.owner_member_id > 0) payload["owner_member_id"] = item.owner_member_id;
              journal.AddEvent(mutation::Event{kind.event, kind.target, item.id, item.group_path,
                                               payload.dump()});
            }
            return absl::OkStatus();
          }));
      announced += static_cast<int>(found);
    }
  }
  return announced;
}

}  // namespace partygroup::activity
