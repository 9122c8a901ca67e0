#include "services/activity/talk_store.h"

#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
v1::Talk ReadTalkRow(sql::ResultSet& r, bool compact) {
  v1::Talk talk;
  talk.set_id(r.getInt64(1));
  talk.set_group_id(r.getInt64(2));
  talk.set_first_member_id(r.getInt64(3));
  talk.set_second_member_id(r.getInt64(4));
  if (auto t = ReadTime(r.getString(5))) *talk.mutable_held_time() = *t;
  if (compact) return talk;
  talk.set_topic(r.getString(6));
  talk.set_note(r.getString(7));
  return talk;
}

absl::StatusOr<v1::Talk> InsertTalk(sql::Connection& c, const v1::Talk& talk,
                                    const std::string& group_path, const std::string& recorded_by) {
  return db::Guarded("insert talk", [&] {
    Statement s = Prepare(c, q::kInsertTalk);
    s->setInt64(1, talk.group_id());
    s->setString(2, group_path);
    s->setInt64(3, talk.first_member_id());
    s->setInt64(4, talk.second_member_id());
    SetTime(*s, 5, proto::FromTimestamp(talk.held_time()));
    s->setString(6, talk.topic());
    s->setString(7, talk.note());
    s->setString(8, recorded_by);
    s->execute();
    v1::Talk stored = talk;
    stored.set_id(LastInsertId(c));
    return stored;
  });
}

absl::StatusOr<std::vector<v1::Talk>> ListTalks(sql::Connection& c, int64_t group_id,
                                                absl::Time from, absl::Time to) {
  return db::Guarded("list talks", [&] {
    Statement s = Prepare(c, q::kSelectTalks);
    s->setInt64(1, group_id);
    s->setString(2, proto::FormatSqlTime(from));
    s->setString(3, proto::FormatSqlTime(to));
    std::vector<v1::Talk> talks;
    Rows rows(s->executeQuery());
    while (rows->next()) talks.push_back(ReadTalkRow(*rows));
    return talks;
  });
}

absl::Status InsertTalkRows(sql::Connection& c, const std::vector<TalkRow>& talks,
                            const std::string& recorded_by) {
  return db::Guarded("insert talks", [&] {
    db::InsertRows(
        c, q::kInsertTalkRows, q::kTalkRow, talks.size(),
        [&](sql::PreparedStatement& s, int p, size_t i) {
          const v1::Talk& t = talks[i].talk;
          s.setInt64(p, t.group_id());
          s.setString(p + 1, talks[i].group_path);
          s.setInt64(p + 2, t.first_member_id());
          s.setInt64(p + 3, t.second_member_id());
          SetTime(s, p + 4, proto::FromTimestamp(t.held_time()));
          s.setString(p + 5, t.topic());
          s.setString(p + 6, t.note());
          s.setString(p + 7, recorded_by);
        },
        kRowsPerInsert);
  });
}

}  // namespace partygroup::activity::store
