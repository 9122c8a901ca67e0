#include "services/org/org_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/org/sql.h"

namespace partygroup::org::store {
namespace {

namespace q = sql_text;
using db::Prepare;  // kept prepared for the pooled connection's life
using db::Statement;
using Rows = std::unique_ptr<sql::ResultSet>;

std::string Like(const std::string& prefix) { return prefix + "%"; }

void SetOptionalDay(sql::PreparedStatement& s, int index, std::optional<absl::CivilDay> day) {
  if (day.has_value()) {
    s.setString(index, proto::FormatSqlDate(*day));
  } else {
    s.setNull(index, 0);
  }
}

void SetOptionalString(sql::PreparedStatement& s, int index, const std::string& value) {
  if (value.empty()) {
    s.setNull(index, 0);
  } else {
    s.setString(index, value);
  }
}

// A DATE column read as text ("" when NULL); nullopt when empty.
std::optional<common::v1::Date> ReadDate(const sql::SQLString& text) {
  if (text.asStdString().empty()) return std::nullopt;
  auto day = proto::ParseSqlDate(text.asStdString());
  if (!day.ok()) return std::nullopt;
  return proto::ToDate(*day);
}

int64_t LastInsertId(sql::Connection& c) {
  Statement s = Prepare(c, q::kLastInsertId);
  Rows rows(s->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

v1::NodeKind ParseNodeKind(const std::string& name) {
  v1::NodeKind kind = v1::NODE_KIND_UNSPECIFIED;
  v1::NodeKind_Parse(absl::StrCat("NODE_KIND_", name), &kind);
  return kind;
}

v1::Node ReadNode(sql::ResultSet& r) {
  v1::Node node;
  node.set_id(r.getInt64(1));
  node.set_kind(ParseNodeKind(r.getString(2)));
  node.set_parent_id(r.getInt64(3));
  node.set_name(r.getString(4));
  node.set_code(r.getString(5));
  node.set_external_id(r.getString(6));
  node.set_status(r.getString(7) == "ACTIVE" ? v1::NODE_STATUS_ACTIVE : v1::NODE_STATUS_DISSOLVED);
  node.set_path(r.getString(8));
  if (auto created_on = proto::ParseSqlDate(r.getString(9).asStdString()); created_on.ok()) {
    *node.mutable_created_on() = proto::ToDate(*created_on);
  }
  *node.mutable_create_time() = proto::ToTimestamp(absl::FromUnixMicros(r.getInt64(10)));
  if (r.getInt64(11) != 0) {
    *node.mutable_dissolve_time() = proto::ToTimestamp(absl::FromUnixMicros(r.getInt64(11)));
  }
  return node;
}

// The member whose columns (kMemberColumns) start at column `first`.
v1::Member ReadMember(sql::ResultSet& r, int first = 1) {
  v1::Member member;
  member.set_id(r.getInt64(first));
  member.set_name(r.getString(first + 1));
  member.set_staff_code(r.getString(first + 2));
  member.set_phone(r.getString(first + 3));
  member.set_external_id(r.getString(first + 4));
  member.set_status(r.getString(first + 5) == "FORMAL" ? v1::MEMBER_STATUS_FORMAL
                                                       : v1::MEMBER_STATUS_PROBATIONARY);
  if (auto d = ReadDate(r.getString(first + 6))) *member.mutable_joined_party_on() = *d;
  if (auto d = ReadDate(r.getString(first + 7))) *member.mutable_became_formal_on() = *d;
  member.set_leading_cadre(r.getBoolean(first + 8));
  member.set_branch_id(r.getInt64(first + 9));
  member.set_group_id(r.getInt64(first + 10));
  if (auto d = ReadDate(r.getString(first + 11))) *member.mutable_joined_group_on() = *d;
  member.set_state(r.getString(first + 12) == "ACTIVE" ? v1::MEMBER_STATE_ACTIVE
                                                       : v1::MEMBER_STATE_TRANSFERRED_OUT);
  return member;
}

v1::GroupChangeKind ParseChange(const std::string& name) {
  if (name == "CREATE") return v1::GROUP_CHANGE_KIND_CREATE;
  if (name == "ADJUST") return v1::GROUP_CHANGE_KIND_ADJUST;
  return v1::GROUP_CHANGE_KIND_DISSOLVE;
}

std::string ChangeName(v1::GroupChangeKind kind) {
  switch (kind) {
    case v1::GROUP_CHANGE_KIND_CREATE:
      return "CREATE";
    case v1::GROUP_CHANGE_KIND_ADJUST:
      return "ADJUST";
    default:
      return "DISSOLVE";
  }
}

v1::Filing ReadFiling(sql::ResultSet& r) {
  v1::Filing filing;
  filing.set_id(r.getInt64(1));
  filing.set_branch_id(r.getInt64(2));
  filing.set_group_id(r.getInt64(3));
  filing.set_group_name(r.getString(4));
  filing.set_change(ParseChange(r.getString(5)));
  if (auto d = ReadDate(r.getString(6))) *filing.mutable_decision()->mutable_decided_on() = *d;
  filing.mutable_decision()->set_document_ref(r.getString(7));
  if (auto d = ReadDate(r.getString(8))) *filing.mutable_due_on() = *d;
  if (auto d = ReadDate(r.getString(9))) *filing.mutable_filed_on() = *d;
  filing.set_status(r.getString(9).asStdString().empty() ? v1::FILING_STATUS_PENDING
                                                         : v1::FILING_STATUS_FILED);
  return filing;
}

v1::AppointmentMethod ParseMethod(const std::string& name) {
  return name == "BRANCH_DESIGNATION" ? v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION
                                      : v1::APPOINTMENT_METHOD_MEMBER_RECOMMENDATION;
}

// The leader term whose columns (kLeaderColumns) start at column `first`.
v1::LeaderTerm ReadLeaderTerm(sql::ResultSet& r, int first = 1) {
  v1::LeaderTerm term;
  term.set_id(r.getInt64(first));
  term.set_group_id(r.getInt64(first + 1));
  term.set_member_id(r.getInt64(first + 2));
  term.set_member_name(r.getString(first + 3));
  term.set_method(ParseMethod(r.getString(first + 4)));
  term.set_record_ref(r.getString(first + 5));
  if (auto d = ReadDate(r.getString(first + 6))) *term.mutable_appointed_on() = *d;
  if (auto d = ReadDate(r.getString(first + 7))) *term.mutable_ended_on() = *d;
  term.set_end_reason(r.getString(first + 8));
  return term;
}

std::vector<v1::Member> ReadMembers(sql::PreparedStatement& s) {
  std::vector<v1::Member> members;
  Rows rows(s.executeQuery());
  while (rows->next()) members.push_back(ReadMember(*rows));
  return members;
}

std::vector<v1::LeaderTerm> ReadLeaderTerms(sql::PreparedStatement& s) {
  std::vector<v1::LeaderTerm> terms;
  Rows rows(s.executeQuery());
  while (rows->next()) terms.push_back(ReadLeaderTerm(*rows));
  return terms;
}

void MovePaths(sql::Connection& c, const char* statement, const std::string& old_path,
               const std::string& new_path) {
  Statement s = Prepare(c, statement);
  s->setString(1, new_path);
  s->setInt64(2, static_cast<int64_t>(old_path.size()) + 1);
  s->setString(3, Like(old_path));
  s->executeUpdate();
}

}  // namespace

std::string NodeKindName(v1::NodeKind kind) {
  std::string name = v1::NodeKind_Name(kind);
  return name.substr(std::string("NODE_KIND_").size());
}

std::string MemberStatusName(v1::MemberStatus status) {
  return status == v1::MEMBER_STATUS_FORMAL ? "FORMAL" : "PROBATIONARY";
}

absl::StatusOr<v1::Node> GetNode(sql::Connection& c, int64_t id, bool for_update) {
  Statement s = Prepare(
      c, absl::StrFormat(for_update ? q::kSelectNodeForUpdate : q::kSelectNode, q::kNodeColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return absl::NotFoundError(absl::StrCat("org node ", id, " does not exist"));
  return ReadNode(*rows);
}

std::vector<v1::Node> ListChildren(sql::Connection& c, int64_t parent_id, bool include_dissolved,
                                   int64_t after_id, int limit) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectChildren, q::kNodeColumns));
  s->setInt64(1, parent_id);
  s->setInt64(2, after_id);
  s->setBoolean(3, include_dissolved);
  s->setInt(4, limit);
  std::vector<v1::Node> nodes;
  Rows rows(s->executeQuery());
  while (rows->next()) nodes.push_back(ReadNode(*rows));
  return nodes;
}

std::vector<v1::Node> ListActiveNodesUnder(sql::Connection& c, const std::string& path_prefix,
                                           v1::NodeKind kind) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectNodesUnder, q::kNodeColumns));
  s->setString(1, Like(path_prefix));
  s->setString(2, NodeKindName(kind));
  std::vector<v1::Node> nodes;
  Rows rows(s->executeQuery());
  while (rows->next()) nodes.push_back(ReadNode(*rows));
  return nodes;
}

std::vector<v1::Node> ListTreeUnder(sql::Connection& c, const std::string& path_prefix,
                                    bool include_dissolved) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectTreeUnder, q::kNodeColumns));
  s->setString(1, Like(path_prefix));
  s->setBoolean(2, include_dissolved);
  std::vector<v1::Node> nodes;
  Rows rows(s->executeQuery());
  while (rows->next()) nodes.push_back(ReadNode(*rows));
  return nodes;
}

v1::Node InsertNode(sql::Connection& c, const v1::Node& parent, v1::NodeKind kind,
                    const std::string& name, const std::string& code,
                    const std::string& external_id, std::optional<absl::CivilDay> created_on) {
  Statement insert = Prepare(c, q::kInsertNode);
  insert->setString(1, NodeKindName(kind));
  insert->setInt64(2, parent.id());
  insert->setString(3, name);
  insert->setString(4, code);
  SetOptionalString(*insert, 5, external_id);
  SetOptionalDay(*insert, 6, created_on);
  insert->execute();
  const int64_t id = LastInsertId(c);
  Statement path = Prepare(c, q::kSetNodePath);
  path->setString(1, absl::StrCat(parent.path(), id, "/"));
  path->setInt64(2, id);
  path->execute();
  return *GetNode(c, id);
}

void RenameNode(sql::Connection& c, int64_t id, const std::string& name) {
  Statement s = Prepare(c, q::kRenameNode);
  s->setString(1, name);
  s->setInt64(2, id);
  s->execute();
}

std::optional<v1::Node> FindNodeByExternalId(sql::Connection& c, const std::string& external_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectNodeByExternalId, q::kNodeColumns));
  s->setString(1, external_id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadNode(*rows);
}

std::optional<v1::Member> FindMemberByExternalId(sql::Connection& c,
                                                 const std::string& external_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectMemberByExternalId, q::kMemberColumns));
  s->setString(1, external_id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadMember(*rows);
}

absl::flat_hash_map<std::string, v1::Node> FindNodesByExternalIds(
    sql::Connection& c, const std::vector<std::string>& external_ids) {
  absl::flat_hash_map<std::string, v1::Node> nodes;
  if (external_ids.empty()) return nodes;
  Statement s = Prepare(c, absl::StrFormat(q::kSelectNodesByExternalIds, q::kNodeColumns,
                                           db::Placeholders(external_ids.size())));
  for (size_t i = 0; i < external_ids.size(); ++i) {
    s->setString(static_cast<int>(i) + 1, external_ids[i]);
  }
  for (Rows rows(s->executeQuery()); rows->next();) {
    v1::Node node = ReadNode(*rows);
    const std::string key = node.external_id();
    nodes[key] = std::move(node);
  }
  return nodes;
}

absl::flat_hash_set<std::string> KnownMemberExternalIds(
    sql::Connection& c, const std::vector<std::string>& external_ids) {
  absl::flat_hash_set<std::string> known;
  if (external_ids.empty()) return known;
  Statement s = Prepare(
      c, absl::StrFormat(q::kSelectMemberExternalIds, db::Placeholders(external_ids.size())));
  for (size_t i = 0; i < external_ids.size(); ++i) {
    s->setString(static_cast<int>(i) + 1, external_ids[i]);
  }
  for (Rows rows(s->executeQuery()); rows->next();) known.insert(std::string(rows->getString(1)));
  return known;
}

void UpdateNodeDetails(sql::Connection& c, int64_t id, const std::string& name,
                       const std::string& code) {
  Statement s = Prepare(c, q::kUpdateNodeDetails);
  s->setString(1, name);
  s->setString(2, code);
  s->setInt64(3, id);
  s->execute();
}

void MoveNode(sql::Connection& c, const v1::Node& node, const v1::Node& new_parent) {
  Statement s = Prepare(c, q::kReparentNode);
  s->setInt64(1, new_parent.id());
  s->setInt64(2, node.id());
  s->execute();
  const std::string new_path = absl::StrCat(new_parent.path(), node.id(), "/");
  MovePaths(c, q::kMoveNodePaths, node.path(), new_path);
  MovePaths(c, q::kMoveMemberPaths, node.path(), new_path);
  MovePaths(c, q::kMoveFilingPaths, node.path(), new_path);
}

void DissolveNode(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, q::kDissolveNode);
  s->setInt64(1, id);
  s->execute();
}

int64_t CountActiveChildren(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, q::kCountActiveChildren);
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

int64_t CountActiveMembersUnder(sql::Connection& c, const std::string& path) {
  Statement s = Prepare(c, q::kCountActiveMembersUnder);
  s->setString(1, Like(path));
  Rows rows(s->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

absl::StatusOr<v1::Member> GetMember(sql::Connection& c, int64_t id, bool for_update,
                                     std::string* path) {
  Statement s =
      Prepare(c, absl::StrFormat(for_update ? q::kSelectMemberForUpdate : q::kSelectMember,
                                 q::kMemberColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return absl::NotFoundError(absl::StrCat("member ", id, " does not exist"));
  if (path != nullptr) *path = rows->getString(14).asStdString();
  return ReadMember(*rows);
}

std::string MemberPath(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectMember, q::kMemberColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  return rows->next() ? rows->getString(14).asStdString() : "";
}

std::vector<v1::Member> ListMembersUnder(sql::Connection& c, const std::string& path_prefix,
                                         bool include_transferred_out, int64_t after_id,
                                         int limit) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectMembersUnder, q::kMemberColumns));
  s->setString(1, Like(path_prefix));
  s->setInt64(2, after_id);
  s->setBoolean(3, include_transferred_out);
  s->setInt(4, limit);
  return ReadMembers(*s);
}

std::vector<v1::Member> ListActiveMembersUnder(sql::Connection& c, const std::string& path_prefix) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectActiveMembersUnder, q::kMemberColumns));
  s->setString(1, Like(path_prefix));
  return ReadMembers(*s);
}

std::vector<v1::Member> ListGroupMembers(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectGroupMembers, q::kMemberColumns));
  s->setInt64(1, group_id);
  return ReadMembers(*s);
}

v1::Member InsertMember(sql::Connection& c, const v1::Member& member, const std::string& path) {
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
  return *GetMember(c, LastInsertId(c));
}

std::vector<int64_t> InsertMembers(sql::Connection& c, const std::vector<NewMember>& members) {
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
  for (const NewMember& member : members)
    ids.push_back(by_external_id.at(member.member.external_id()));
  return ids;
}

void UpdateMemberDetails(sql::Connection& c, const v1::Member& member) {
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
}

void UpdateMemberPlace(sql::Connection& c, int64_t member_id, int64_t branch_id, int64_t group_id,
                       std::optional<absl::CivilDay> joined_group_on, v1::MemberState state,
                       const std::string& path) {
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
}

void AddHistory(sql::Connection& c, int64_t member_id, const std::string& kind, int64_t branch_id,
                int64_t group_id, absl::CivilDay effective_on, const std::string& note) {
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
}

void AddHistories(sql::Connection& c, const std::vector<int64_t>& member_ids,
                  const std::string& kind, const std::vector<int64_t>& branch_ids,
                  absl::CivilDay effective_on, const std::string& note) {
  const std::string day = proto::FormatSqlDate(effective_on);
  db::InsertRows(c, q::kInsertHistories, q::kHistoryRow, member_ids.size(),
                 [&](sql::PreparedStatement& s, int p, size_t i) {
                   s.setInt64(p, member_ids[i]);
                   s.setString(p + 1, kind);
                   s.setInt64(p + 2, branch_ids[i]);
                   s.setString(p + 3, day);
                   s.setString(p + 4, note);
                 });
}

std::vector<v1::MemberHistoryEntry> ListHistory(sql::Connection& c, int64_t member_id) {
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
}

v1::Activist InsertActivist(sql::Connection& c, const v1::Activist& activist) {
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
}

std::vector<v1::Activist> ListActivists(sql::Connection& c, int64_t branch_id) {
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
}

v1::Filing InsertFiling(sql::Connection& c, const v1::Node& branch, int64_t group_id,
                        const std::string& group_name, v1::GroupChangeKind change,
                        absl::CivilDay decided_on, const std::string& document_ref,
                        absl::CivilDay due_on) {
  Statement s = Prepare(c, q::kInsertFiling);
  s->setInt64(1, branch.id());
  s->setInt64(2, group_id);
  s->setString(3, group_name);
  s->setString(4, ChangeName(change));
  s->setString(5, proto::FormatSqlDate(decided_on));
  s->setString(6, document_ref);
  s->setString(7, proto::FormatSqlDate(due_on));
  s->setString(8, branch.path());
  s->execute();
  return *GetFilingForUpdate(c, LastInsertId(c));
}

absl::StatusOr<v1::Filing> GetFilingForUpdate(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectFilingForUpdate, q::kFilingColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return absl::NotFoundError(absl::StrCat("filing ", id, " does not exist"));
  return ReadFiling(*rows);
}

std::vector<v1::Filing> ListFilingsUnder(sql::Connection& c, const std::string& path_prefix) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectFilingsUnder, q::kFilingColumns));
  s->setString(1, Like(path_prefix));
  std::vector<v1::Filing> filings;
  Rows rows(s->executeQuery());
  while (rows->next()) filings.push_back(ReadFiling(*rows));
  return filings;
}

void MarkFiled(sql::Connection& c, int64_t id, absl::CivilDay filed_on) {
  Statement s = Prepare(c, q::kMarkFiled);
  s->setString(1, proto::FormatSqlDate(filed_on));
  s->setInt64(2, id);
  s->execute();
}

std::optional<v1::LeaderTerm> CurrentLeader(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectCurrentLeader, q::kLeaderColumns));
  s->setInt64(1, group_id);
  std::vector<v1::LeaderTerm> terms = ReadLeaderTerms(*s);
  if (terms.empty()) return std::nullopt;
  return terms.front();
}

absl::StatusOr<GroupRead> ReadGroup(sql::Connection& c, int64_t id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectGroupRead, q::kNodeColumns, q::kLeaderColumns,
                                           q::kMemberColumns));
  s->setInt64(1, id);
  Rows rows(s->executeQuery());
  if (!rows->next()) return absl::NotFoundError(absl::StrCat("org node ", id, " does not exist"));
  constexpr int kLeaderFirst = 12;  // after the node's eleven columns
  constexpr int kMemberFirst = 21;  // after the leader's nine
  GroupRead found;
  found.node = ReadNode(*rows);
  if (!rows->isNull(kLeaderFirst)) found.leader = ReadLeaderTerm(*rows, kLeaderFirst);
  do {
    if (!rows->isNull(kMemberFirst)) found.members.push_back(ReadMember(*rows, kMemberFirst));
  } while (rows->next());
  return found;
}

std::vector<v1::LeaderTerm> CurrentLeadersUnder(sql::Connection& c,
                                                const std::string& path_prefix) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectCurrentLeadersUnder, q::kLeaderColumns));
  s->setString(1, Like(path_prefix));
  return ReadLeaderTerms(*s);
}

std::vector<v1::LeaderTerm> ListLeaderTerms(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, absl::StrFormat(q::kSelectLeaderTerms, q::kLeaderColumns));
  s->setInt64(1, group_id);
  return ReadLeaderTerms(*s);
}

v1::LeaderTerm InsertLeaderTerm(sql::Connection& c, int64_t group_id, int64_t member_id,
                                v1::AppointmentMethod method, const std::string& record_ref,
                                absl::CivilDay appointed_on) {
  Statement s = Prepare(c, q::kInsertLeaderTerm);
  s->setInt64(1, group_id);
  s->setInt64(2, member_id);
  s->setString(3, method == v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION ? "BRANCH_DESIGNATION"
                                                                      : "MEMBER_RECOMMENDATION");
  s->setString(4, record_ref);
  s->setString(5, proto::FormatSqlDate(appointed_on));
  s->execute();
  return *CurrentLeader(c, group_id);
}

void EndLeaderTerm(sql::Connection& c, int64_t term_id, absl::CivilDay ended_on,
                   const std::string& reason) {
  Statement s = Prepare(c, q::kEndLeaderTerm);
  s->setString(1, proto::FormatSqlDate(ended_on));
  s->setString(2, reason);
  s->setInt64(3, term_id);
  s->execute();
}

v1::Admonition InsertAdmonition(sql::Connection& c, const v1::Admonition& admonition) {
  Statement s = Prepare(c, q::kInsertAdmonition);
  s->setInt64(1, admonition.group_id());
  s->setInt64(2, admonition.leader_member_id());
  s->setString(3, proto::FormatSqlDate(*proto::ToCivilDay(admonition.date(), "date")));
  s->setString(4, admonition.reason());
  s->setString(5, admonition.admonished_by());
  s->execute();
  v1::Admonition stored = admonition;
  stored.set_id(LastInsertId(c));
  return stored;
}

std::vector<v1::Admonition> ListAdmonitions(sql::Connection& c, int64_t group_id) {
  Statement s = Prepare(c, q::kSelectAdmonitions);
  s->setInt64(1, group_id);
  std::vector<v1::Admonition> admonitions;
  Rows rows(s->executeQuery());
  while (rows->next()) {
    v1::Admonition admonition;
    admonition.set_id(rows->getInt64(1));
    admonition.set_group_id(rows->getInt64(2));
    admonition.set_leader_member_id(rows->getInt64(3));
    if (auto d = ReadDate(rows->getString(4))) *admonition.mutable_date() = *d;
    admonition.set_reason(rows->getString(5));
    admonition.set_admonished_by(rows->getString(6));
    admonitions.push_back(std::move(admonition));
  }
  return admonitions;
}

}  // namespace partygroup::org::store
