#include "services/activity/moved_groups_store.h"

#include "common/db/guarded.h"
#include "common/db/statement_cache.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {

absl::StatusOr<int64_t> OrgCursor(sql::Connection& c, bool for_update) {
  return db::Guarded("org cursor", [&]() -> int64_t {
    Statement s = Prepare(c, for_update ? q::kLockOrgCursor : q::kReadOrgCursor);
    Rows rows(s->executeQuery());
    return rows->next() ? rows->getInt64(1) : 0;
  });
}

absl::Status AdvanceOrgCursor(sql::Connection& c, int64_t sequence) {
  return db::Guarded("advance org cursor", [&] {
    Statement s = Prepare(c, q::kAdvanceOrgCursor);
    s->setInt64(1, sequence);
    s->execute();
  });
}

absl::Status MovePaths(sql::Connection& c, const std::string& old_path,
                       const std::string& new_path) {
  return db::Guarded("move paths", [&] {
    for (const char* statement : q::kMovePathStatements) {
      Statement s = Prepare(c, statement);
      s->setString(1, new_path);
      s->setInt64(2, static_cast<int64_t>(old_path.size()) + 1);
      s->setString(3, old_path + "%");
      s->execute();
    }
  });
}

}  // namespace partygroup::activity::store
