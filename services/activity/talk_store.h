// 第八条: the talks' rows (talk). Every function returns a status and keeps its exceptions
// (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

// The talk as stored, with its id.
absl::StatusOr<v1::Talk> InsertTalk(sql::Connection& c, const v1::Talk& talk,
                                    const std::string& group_path, const std::string& recorded_by);
// The talks of a group held in [from, to).
absl::StatusOr<std::vector<v1::Talk>> ListTalks(sql::Connection& c, int64_t group_id,
                                                absl::Time from, absl::Time to);

// A talk with the org path of its group, for the back office's multi-row insert.
struct TalkRow {
  v1::Talk talk;
  std::string group_path;
};
absl::Status InsertTalkRows(sql::Connection& c, const std::vector<TalkRow>& talks,
                            const std::string& recorded_by);

// The row reader the period read model shares: sql_text::kTalkColumns, or kTalkCompactColumns
// when `compact` (no topic, no note). Throws as Connector/C++ does.
v1::Talk ReadTalkRow(sql::ResultSet& r, bool compact = false);

}  // namespace partygroup::activity::store
