#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "services/org/org_store.h"
#include "services/org/sql.h"
#include "services/org/store_rows.h"
#include "services/org/tenure_store.h"

namespace partygroup::org::store {
namespace {

// A new member's first spell: in their branch since they joined the party, or as far back as the
// records go when that day is not given.
Spell FirstSpell(const v1::Member& member, std::optional<absl::CivilDay> joined_party_on) {
  Spell spell;
  spell.branch_id = member.branch_id();
  spell.status = member.status();
  spell.leading_cadre = member.leading_cadre();
  spell.from = joined_party_on;
  return spell;
}

}  // namespace
absl::StatusOr<v1::Member> GetMember(sql::Connection& c, int64_t id, bool for_update,
                                     std::string* path) {
  return db::Guarded("get member", [&]() -> absl::StatusOr<v1::Member> {
    Statement s =
        Prepare(c, absl::StrFormat(for_update ? q::kSelectMemberForUpdate : q::kSelectMember,
                                   q::kMemberColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) return absl::NotFoundError(absl::StrCat("member ", id, " does not exist"));
    if (path != nullptr) *path = rows->getString(14).asStdString();
    return ReadMember(*rows);
  });
}

absl::StatusOr<std::string> MemberPath(sql::Connection& c, int64_t id) {
  return db::Guarded("member path", [&]() -> std::string {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectMember, q::kMemberColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    return rows->next() ? rows->getString(14).asStdString() : "";
  });
}

absl::StatusOr<std::vector<v1::Member>> ListMembersUnder(sql::Connection& c,
                                                         const std::string& path_prefix,
                                                         bool include_transferred_out,
                                                         int64_t after_id, int limit) {
  return db::Guarded("list members under", [&]() -> std::vector<v1::Member> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectMembersUnder, q::kMemberColumns));
    s->setString(1, Like(path_prefix));
    s->setInt64(2, after_id);
    s->setBoolean(3, include_transferred_out);
    s->setInt(4, limit);
    return ReadMembers(*s);
  });
}

absl::StatusOr<std::vector<v1::Member>> ListActiveMembersUnder(sql::Connection& c,
                                                               const std::string& path_prefix) {
  return db::Guarded("list active members under", [&]() -> std::vector<v1::Member> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectActiveMembersUnder, q::kMemberColumns));
    s->setString(1, Like(path_prefix));
    return ReadMembers(*s);
  });
}

absl::StatusOr<std::vector<v1::Member>> ListGroupMembers(sql::Connection& c, int64_t group_id) {
  return db::Guarded("list group members", [&]() -> std::vector<v1::Member> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectGroupMembers, q::kMemberColumns));
    s->setInt64(1, group_id);
    return ReadMembers(*s);
  });
}

absl::StatusOr<v1::Member> InsertMember(sql::Connection& c, const v1::Member& member,
                                        const std::string& path) {
  return db::Guarded("insert member", [&]() -> absl::StatusOr<v1::Member> {
    Statement s = Prepare(c, q::kInsertMember);
    s->setString(1, member.name());
    s->setString(2, member.staff_code());
    s->setString(3, member.phone());
    SetOptionalString(*s, 4, member.external_id());
    s->setString(5, MemberStatusName(member.status()));
    std::optional<absl::CivilDay> joined, formal;
    if (proto::IsSet(member.joined_party_on())) {
      joined = *proto::ToCivilDay(member.joined_party_on(), "joined_party_on");
    }
    if (proto::IsSet(member.became_formal_on())) {
      formal = *proto::ToCivilDay(member.became_formal_on(), "became_formal_on");
    }
    SetOptionalDay(*s, 6, joined);
    SetOptionalDay(*s, 7, formal);
    s->setBoolean(8, member.leading_cadre());
    s->setInt64(9, member.branch_id());
    s->setString(10, path);
    s->execute();
    const int64_t id = LastInsertId(c);
    RETURN_IF_ERROR(InsertSpells(c, {{id, FirstSpell(member, joined)}}));
    return GetMember(c, id);
  });
}

absl::StatusOr<std::vector<int64_t>> InsertMembers(sql::Connection& c,
                                                   const std::vector<NewMember>& members) {
  return db::Guarded("insert members", [&]() -> absl::StatusOr<std::vector<int64_t>> {
    std::vector<int64_t> ids;
    if (members.empty()) return ids;
    db::InsertRows(c, q::kInsertMembers, q::kMemberRow, members.size(),
                   [&](sql::PreparedStatement& s, int p, size_t i) {
                     const v1::Member& member = members[i].member;
                     s.setString(p, member.name());
                     s.setString(p + 1, member.staff_code());
                     s.setString(p + 2, member.phone());
                     s.setString(p + 3, member.external_id());
                     s.setString(p + 4, MemberStatusName(member.status()));
                     std::optional<absl::CivilDay> joined, formal;
                     if (proto::IsSet(member.joined_party_on())) {
                       joined = *proto::ToCivilDay(member.joined_party_on(), "joined_party_on");
                     }
                     if (proto::IsSet(member.became_formal_on())) {
                       formal = *proto::ToCivilDay(member.became_formal_on(), "became_formal_on");
                     }
                     SetOptionalDay(s, p + 5, joined);
                     SetOptionalDay(s, p + 6, formal);
                     s.setBoolean(p + 7, member.leading_cadre());
                     s.setInt64(p + 8, member.branch_id());
                     s.setString(p + 9, members[i].path);
                   });
    // The ids, by external id: no reliance on how the server hands out auto-increment values.
    absl::flat_hash_map<std::string, int64_t> by_external_id;
    constexpr size_t kPerQuery = 500;
    for (size_t first = 0; first < members.size(); first += kPerQuery) {
      const size_t count = std::min(kPerQuery, members.size() - first);
      Statement s =
          Prepare(c, absl::StrFormat(q::kSelectMemberIdsByExternalIds, db::Placeholders(count)));
      for (size_t i = 0; i < count; ++i) {
        s->setString(static_cast<int>(i) + 1, members[first + i].member.external_id());
      }
      for (Rows rows(s->executeQuery()); rows->next();) {
        by_external_id[std::string(rows->getString(2))] = rows->getInt64(1);
      }
    }
    std::vector<std::pair<int64_t, Spell>> spells;
    for (const NewMember& member : members) {
      ids.push_back(by_external_id.at(member.member.external_id()));
      std::optional<absl::CivilDay> joined;
      if (proto::IsSet(member.member.joined_party_on())) {
        joined = *proto::ToCivilDay(member.member.joined_party_on(), "joined_party_on");
      }
      spells.emplace_back(ids.back(), FirstSpell(member.member, joined));
    }
    RETURN_IF_ERROR(InsertSpells(c, spells));
    return ids;
  });
}

absl::Status UpdateMemberDetails(sql::Connection& c, const v1::Member& member) {
  return db::Guarded("update member details", [&] {
    Statement s = Prepare(c, q::kUpdateMemberDetails);
    s->setString(1, member.name());
    s->setString(2, member.staff_code());
    s->setString(3, member.phone());
    s->setString(4, MemberStatusName(member.status()));
    std::optional<absl::CivilDay> formal;
    if (proto::IsSet(member.became_formal_on())) {
      formal = *proto::ToCivilDay(member.became_formal_on(), "became_formal_on");
    }
    SetOptionalDay(*s, 5, formal);
    s->setBoolean(6, member.leading_cadre());
    s->setInt64(7, member.id());
    s->execute();
  });
}

absl::Status UpdateMemberPlace(sql::Connection& c, int64_t member_id, int64_t branch_id,
                               int64_t group_id, std::optional<absl::CivilDay> joined_group_on,
                               v1::MemberState state, const std::string& path) {
  return db::Guarded("update member place", [&] {
    Statement s = Prepare(c, q::kUpdateMemberPlace);
    s->setInt64(1, branch_id);
    if (group_id != 0) {
      s->setInt64(2, group_id);
    } else {
      s->setNull(2, 0);
    }
    SetOptionalDay(*s, 3, group_id != 0 ? joined_group_on : std::nullopt);
    s->setString(4, state == v1::MEMBER_STATE_ACTIVE ? "ACTIVE" : "TRANSFERRED_OUT");
    s->setString(5, path);
    s->setInt64(6, member_id);
    s->execute();
  });
}

absl::Status AddHistory(sql::Connection& c, int64_t member_id, const std::string& kind,
                        int64_t branch_id, int64_t group_id, absl::CivilDay effective_on,
                        const std::string& note) {
  return db::Guarded("add history", [&] {
    Statement s = Prepare(c, q::kInsertHistory);
    s->setInt64(1, member_id);
    s->setString(2, kind);
    s->setInt64(3, branch_id);
    if (group_id != 0) {
      s->setInt64(4, group_id);
    } else {
      s->setNull(4, 0);
    }
    s->setString(5, proto::FormatSqlDate(effective_on));
    s->setString(6, note);
    s->execute();
  });
}

absl::Status AddHistories(sql::Connection& c, const std::vector<int64_t>& member_ids,
                          const std::string& kind, const std::vector<int64_t>& branch_ids,
                          absl::CivilDay effective_on, const std::string& note) {
  return db::Guarded("add histories", [&] {
    const std::string day = proto::FormatSqlDate(effective_on);
    db::InsertRows(c, q::kInsertHistories, q::kHistoryRow, member_ids.size(),
                   [&](sql::PreparedStatement& s, int p, size_t i) {
                     s.setInt64(p, member_ids[i]);
                     s.setString(p + 1, kind);
                     s.setInt64(p + 2, branch_ids[i]);
                     s.setString(p + 3, day);
                     s.setString(p + 4, note);
                   });
  });
}

absl::StatusOr<std::vector<v1::MemberHistoryEntry>> ListHistory(sql::Connection& c,
                                                                int64_t member_id) {
  return db::Guarded("list history", [&]() -> std::vector<v1::MemberHistoryEntry> {
    Statement s = Prepare(c, q::kSelectHistory);
    s->setInt64(1, member_id);
    std::vector<v1::MemberHistoryEntry> entries;
    Rows rows(s->executeQuery());
    while (rows->next()) {
      v1::MemberHistoryEntry entry;
      entry.set_kind(rows->getString(1));
      entry.set_branch_id(rows->getInt64(2));
      entry.set_group_id(rows->getInt64(3));
      if (auto d = ReadDate(rows->getString(4))) *entry.mutable_effective_on() = *d;
      entry.set_note(rows->getString(5));
      *entry.mutable_record_time() = proto::ToTimestamp(absl::FromUnixMicros(rows->getInt64(6)));
      entries.push_back(std::move(entry));
    }
    return entries;
  });
}

absl::StatusOr<v1::Activist> InsertActivist(sql::Connection& c, const v1::Activist& activist) {
  return db::Guarded("insert activist", [&]() -> v1::Activist {
    Statement s = Prepare(c, q::kInsertActivist);
    s->setString(1, activist.name());
    s->setString(2, activist.kind() == v1::ACTIVIST_KIND_CANDIDATE ? "CANDIDATE" : "ACTIVIST");
    s->setInt64(3, activist.branch_id());
    if (activist.group_id() != 0) {
      s->setInt64(4, activist.group_id());
    } else {
      s->setNull(4, 0);
    }
    SetOptionalString(*s, 5, activist.external_id());
    s->execute();
    v1::Activist stored = activist;
    stored.set_id(LastInsertId(c));
    return stored;
  });
}

absl::StatusOr<std::vector<v1::Activist>> ListActivists(sql::Connection& c, int64_t branch_id) {
  return db::Guarded("list activists", [&]() -> std::vector<v1::Activist> {
    Statement s = Prepare(c, q::kSelectActivists);
    s->setInt64(1, branch_id);
    std::vector<v1::Activist> activists;
    Rows rows(s->executeQuery());
    while (rows->next()) {
      v1::Activist activist;
      activist.set_id(rows->getInt64(1));
      activist.set_name(rows->getString(2));
      activist.set_kind(rows->getString(3) == "CANDIDATE" ? v1::ACTIVIST_KIND_CANDIDATE
                                                          : v1::ACTIVIST_KIND_ACTIVIST);
      activist.set_branch_id(rows->getInt64(4));
      activist.set_group_id(rows->getInt64(5));
      activist.set_external_id(rows->getString(6));
      activists.push_back(std::move(activist));
    }
    return activists;
  });
}

}  // namespace partygroup::org::store
