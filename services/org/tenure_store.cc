#include "services/org/tenure_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "services/org/org_store.h"
#include "services/org/store_rows.h"

namespace partygroup::org::store {
namespace {

std::optional<absl::CivilDay> ReadDay(const sql::SQLString& text) {
  if (text.asStdString().empty()) return std::nullopt;
  absl::StatusOr<absl::CivilDay> day = proto::ParseSqlDate(text.asStdString());
  if (!day.ok()) return std::nullopt;
  return *day;
}

// The spell whose columns (kSpellColumns) start at column `first`.
Spell ReadSpell(sql::ResultSet& r, int first) {
  Spell spell;
  spell.branch_id = r.getInt64(first);
  spell.group_id = r.getInt64(first + 1);
  spell.status = r.getString(first + 2) == "FORMAL" ? v1::MEMBER_STATUS_FORMAL
                                                    : v1::MEMBER_STATUS_PROBATIONARY;
  spell.leading_cadre = r.getBoolean(first + 3);
  spell.from = ReadDay(r.getString(first + 4));
  spell.until = ReadDay(r.getString(first + 5));
  return spell;
}

// Binds the place day, the path and the period of the period reads (kSelect...InPeriod).
void BindPeriod(sql::PreparedStatement& s, const std::string& path, absl::CivilDay place_day,
                absl::CivilDay first, absl::CivilDay last) {
  s.setString(1, proto::FormatSqlDate(place_day));
  s.setString(2, proto::FormatSqlDate(place_day));
  s.setString(3, Like(path));
  s.setString(4, proto::FormatSqlDate(last));
  s.setString(5, proto::FormatSqlDate(first));
}

}  // namespace

absl::StatusOr<std::vector<Spell>> ListSpells(sql::Connection& c, int64_t member_id) {
  return db::Guarded("list spells", [&]() -> std::vector<Spell> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectSpells, q::kSpellColumns));
    s->setInt64(1, member_id);
    std::vector<Spell> spells;
    for (Rows rows(s->executeQuery()); rows->next();) spells.push_back(ReadSpell(*rows, 1));
    return spells;
  });
}

absl::Status InsertSpells(sql::Connection& c,
                          const std::vector<std::pair<int64_t, Spell>>& member_spells) {
  return db::Guarded("insert spells", [&] {
    if (member_spells.empty()) return;
    db::InsertRows(c, q::kInsertSpells, q::kSpellRow, member_spells.size(),
                   [&](sql::PreparedStatement& s, int p, size_t i) {
                     const auto& [member_id, spell] = member_spells[i];
                     s.setInt64(p, member_id);
                     s.setInt64(p + 1, spell.branch_id);
                     s.setInt64(p + 2, spell.group_id);
                     s.setString(p + 3, MemberStatusName(spell.status));
                     s.setBoolean(p + 4, spell.leading_cadre);
                     SetOptionalDay(s, p + 5, spell.from);
                     SetOptionalDay(s, p + 6, spell.until);
                   });
  });
}

absl::Status ReplaceSpells(sql::Connection& c, int64_t member_id,
                           const std::vector<Spell>& spells) {
  RETURN_IF_ERROR(db::Guarded("delete spells", [&] {
    Statement s = Prepare(c, q::kDeleteSpells);
    s->setInt64(1, member_id);
    s->execute();
  }));
  std::vector<std::pair<int64_t, Spell>> rows;
  for (const Spell& spell : spells) rows.emplace_back(member_id, spell);
  return InsertSpells(c, rows);
}

absl::Status InsertPlace(sql::Connection& c, int64_t node_id, int64_t parent_id,
                         const std::string& path, std::optional<absl::CivilDay> from) {
  return db::Guarded("insert place", [&] {
    Statement s = Prepare(c, q::kInsertPlace);
    s->setInt64(1, node_id);
    s->setInt64(2, parent_id);
    s->setString(3, path);
    SetOptionalDay(*s, 4, from);
    s->execute();
  });
}

absl::Status MovePlaces(sql::Connection& c, int64_t node_id, int64_t new_parent_id,
                        const std::string& old_path, const std::string& new_path,
                        absl::CivilDay day) {
  const std::string on = proto::FormatSqlDate(day);
  const int tail = static_cast<int>(old_path.size()) + 1;  // SUBSTRING counts from 1
  return db::Guarded("move places", [&]() -> absl::Status {
    Statement later = Prepare(c, q::kCountPlacesAfter);
    later->setString(1, Like(old_path));
    later->setString(2, on);
    Rows count(later->executeQuery());
    count->next();
    if (count->getInt64(1) > 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("effective_on: an organisation of this subtree took its place on ",
                       count->getString(2).asStdString(), ", after ", on,
                       "; a move is recorded on or after the latest change of the subtree"));
    }
    Statement insert = Prepare(c, q::kInsertMovedPlaces);
    insert->setInt64(1, node_id);
    insert->setInt64(2, new_parent_id);
    insert->setString(3, new_path);
    insert->setInt(4, tail);
    insert->setString(5, on);
    insert->setString(6, Like(old_path));
    insert->setString(7, on);
    insert->execute();
    Statement end = Prepare(c, q::kEndMovedPlaces);
    end->setString(1, on);
    end->setString(2, Like(old_path));
    end->setString(3, on);
    end->execute();
    Statement same_day = Prepare(c, q::kMovePlacesInPlace);
    same_day->setInt64(1, node_id);
    same_day->setInt64(2, new_parent_id);
    same_day->setString(3, new_path);
    same_day->setInt(4, tail);
    same_day->setString(5, Like(old_path));
    same_day->setString(6, on);
    same_day->execute();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<std::string>> PathOn(sql::Connection& c, int64_t node_id,
                                                  absl::CivilDay day) {
  return db::Guarded("path on", [&]() -> std::optional<std::string> {
    Statement s = Prepare(c, q::kSelectPathOn);
    s->setInt64(1, node_id);
    s->setString(2, proto::FormatSqlDate(day));
    s->setString(3, proto::FormatSqlDate(day));
    Rows rows(s->executeQuery());
    if (!rows->next()) return std::nullopt;
    return rows->getString(1).asStdString();
  });
}

absl::StatusOr<std::vector<v1::Node>> TreeInPeriod(sql::Connection& c, const std::string& path,
                                                   absl::CivilDay place_day, absl::CivilDay first,
                                                   absl::CivilDay last) {
  return db::Guarded("tree in period", [&]() -> std::vector<v1::Node> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectTreeInPeriod, q::kNodeColumns));
    BindPeriod(*s, path, place_day, first, last);
    std::vector<v1::Node> nodes;
    for (Rows rows(s->executeQuery()); rows->next();) {
      v1::Node node = ReadNode(*rows);
      node.set_parent_id(rows->getInt64(13));  // where it sat on the place day
      node.set_path(rows->getString(14));
      nodes.push_back(std::move(node));
    }
    return nodes;
  });
}

absl::StatusOr<std::vector<v1::LeaderTerm>> LeaderTermsInPeriod(sql::Connection& c,
                                                                const std::string& path,
                                                                absl::CivilDay place_day,
                                                                absl::CivilDay first,
                                                                absl::CivilDay last) {
  return db::Guarded("leader terms in period", [&]() -> std::vector<v1::LeaderTerm> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectLeaderTermsInPeriod, q::kLeaderColumns));
    BindPeriod(*s, path, place_day, first, last);
    return ReadLeaderTerms(*s);
  });
}

absl::StatusOr<std::vector<MemberOfPeriod>> MembersInPeriod(
    sql::Connection& c, const absl::flat_hash_set<int64_t>& nodes, const std::string& path_now,
    absl::CivilDay first, absl::CivilDay last) {
  return db::Guarded("members in period", [&]() -> std::vector<MemberOfPeriod> {
    // The spells, by member. A city's period reads every spell of the period once (a scan of a
    // tenth of a second) and keeps its subtree's; a smaller subtree asks by its ids.
    absl::flat_hash_map<int64_t, std::vector<Spell>> spells_of;
    auto read_spells = [&](const std::string& text, bool keep_all) {
      Statement s = Prepare(c, text);
      s->setString(1, proto::FormatSqlDate(last));
      s->setString(2, proto::FormatSqlDate(first));
      for (Rows rows(s->executeQuery()); rows->next();) {
        Spell spell = ReadSpell(*rows, 2);
        if (keep_all || nodes.contains(spell.group_id != 0 ? spell.group_id : spell.branch_id)) {
          spells_of[rows->getInt64(1)].push_back(std::move(spell));
        }
      }
    };
    constexpr size_t kIdsPerQuery = 1000;
    if (nodes.size() > kIdsPerQuery) {
      read_spells(absl::StrFormat(q::kSelectSpellsInPeriod, q::kSpellColumns), false);
    } else if (!nodes.empty()) {
      const std::string ids = absl::StrJoin(nodes, ",");
      read_spells(absl::StrFormat(q::kSelectGroupSpellsInPeriod, q::kSpellColumns, ids), true);
      read_spells(absl::StrFormat(q::kSelectBranchSpellsInPeriod, q::kSpellColumns, ids), true);
    }
    // The members: those still under the subtree in one read, the others (moved away or
    // transferred out since) by id.
    std::vector<MemberOfPeriod> members;
    members.reserve(spells_of.size());
    absl::flat_hash_set<int64_t> found;
    auto take = [&](sql::ResultSet& row) {
      const int64_t id = row.getInt64(1);
      if (!spells_of.contains(id) || !found.insert(id).second) return;
      members.push_back({ReadMember(row), row.getString(14).asStdString()});
    };
    {
      Statement s = Prepare(c, absl::StrFormat(q::kSelectMembersByPath, q::kMemberColumns));
      s->setString(1, Like(path_now));
      for (Rows rows(s->executeQuery()); rows->next();) take(*rows);
    }
    std::vector<int64_t> missing;
    for (const auto& [id, spells] : spells_of) {
      if (!found.contains(id)) missing.push_back(id);
    }
    for (size_t at = 0; at < missing.size(); at += kIdsPerQuery) {
      const std::vector<int64_t> batch(missing.begin() + static_cast<std::ptrdiff_t>(at),
                                       missing.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                             missing.size(), at + kIdsPerQuery)));
      Statement s = Prepare(
          c, absl::StrFormat(q::kSelectMembersByIds, q::kMemberColumns, absl::StrJoin(batch, ",")));
      for (Rows rows(s->executeQuery()); rows->next();) take(*rows);
    }
    std::sort(members.begin(), members.end(), [](const MemberOfPeriod& a, const MemberOfPeriod& b) {
      return a.member.id() < b.member.id();
    });
    for (MemberOfPeriod& read : members) {
      std::vector<Spell>& spells = spells_of[read.member.id()];
      std::sort(spells.begin(), spells.end(), [](const Spell& a, const Spell& b) {
        return a.from < b.from;  // unset (as far back as the records go) first
      });
      for (const Spell& spell : spells) *read.member.add_spells() = ToProto(spell);
    }
    return members;
  });
}

v1::MemberSpell ToProto(const Spell& spell) {
  v1::MemberSpell out;
  out.set_branch_id(spell.branch_id);
  out.set_group_id(spell.group_id);
  if (spell.from.has_value()) *out.mutable_from_day() = proto::ToDate(*spell.from);
  if (spell.until.has_value()) *out.mutable_until_day() = proto::ToDate(*spell.until);
  out.set_status(spell.status);
  out.set_leading_cadre(spell.leading_cadre);
  return out;
}

}  // namespace partygroup::org::store
