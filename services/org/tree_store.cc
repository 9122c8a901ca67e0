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
std::string NodeKindName(v1::NodeKind kind) {
  std::string name = v1::NodeKind_Name(kind);
  return name.substr(std::string("NODE_KIND_").size());
}

std::string MemberStatusName(v1::MemberStatus status) {
  return status == v1::MEMBER_STATUS_FORMAL ? "FORMAL" : "PROBATIONARY";
}

absl::StatusOr<v1::Node> GetNode(sql::Connection& c, int64_t id, bool for_update) {
  return db::Guarded("get node", [&]() -> absl::StatusOr<v1::Node> {
    Statement s = Prepare(
        c, absl::StrFormat(for_update ? q::kSelectNodeForUpdate : q::kSelectNode, q::kNodeColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) return absl::NotFoundError(absl::StrCat("org node ", id, " does not exist"));
    return ReadNode(*rows);
  });
}

absl::StatusOr<std::vector<v1::Node>> ListChildren(sql::Connection& c, int64_t parent_id,
                                                   bool include_dissolved, int64_t after_id,
                                                   int limit) {
  return db::Guarded("list children", [&]() -> std::vector<v1::Node> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectChildren, q::kNodeColumns));
    s->setInt64(1, parent_id);
    s->setInt64(2, after_id);
    s->setBoolean(3, include_dissolved);
    s->setInt(4, limit);
    std::vector<v1::Node> nodes;
    Rows rows(s->executeQuery());
    while (rows->next()) nodes.push_back(ReadNode(*rows));
    return nodes;
  });
}

absl::StatusOr<std::vector<v1::Node>> ListActiveNodesUnder(sql::Connection& c,
                                                           const std::string& path_prefix,
                                                           v1::NodeKind kind) {
  return db::Guarded("list active nodes under", [&]() -> std::vector<v1::Node> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectNodesUnder, q::kNodeColumns));
    s->setString(1, Like(path_prefix));
    s->setString(2, NodeKindName(kind));
    std::vector<v1::Node> nodes;
    Rows rows(s->executeQuery());
    while (rows->next()) nodes.push_back(ReadNode(*rows));
    return nodes;
  });
}

absl::StatusOr<std::vector<v1::Node>> ListTreeUnder(sql::Connection& c,
                                                    const std::string& path_prefix,
                                                    bool include_dissolved) {
  return db::Guarded("list tree under", [&]() -> std::vector<v1::Node> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectTreeUnder, q::kNodeColumns));
    s->setString(1, Like(path_prefix));
    s->setBoolean(2, include_dissolved);
    std::vector<v1::Node> nodes;
    Rows rows(s->executeQuery());
    while (rows->next()) nodes.push_back(ReadNode(*rows));
    return nodes;
  });
}

absl::StatusOr<v1::Node> InsertNode(sql::Connection& c, const v1::Node& parent, v1::NodeKind kind,
                                    const std::string& name, const std::string& code,
                                    const std::string& external_id,
                                    std::optional<absl::CivilDay> created_on) {
  return db::Guarded("insert node", [&]() -> absl::StatusOr<v1::Node> {
    Statement insert = Prepare(c, q::kInsertNode);
    insert->setString(1, NodeKindName(kind));
    insert->setInt64(2, parent.id());
    insert->setString(3, name);
    insert->setString(4, code);
    SetOptionalString(*insert, 5, external_id);
    SetOptionalDay(*insert, 6, created_on);
    insert->execute();
    const int64_t id = LastInsertId(c);
    const std::string node_path = absl::StrCat(parent.path(), id, "/");
    Statement path = Prepare(c, q::kSetNodePath);
    path->setString(1, node_path);
    path->setInt64(2, id);
    path->execute();
    RETURN_IF_ERROR(InsertPlace(c, id, parent.id(), node_path, created_on));
    return GetNode(c, id);
  });
}

absl::Status RenameNode(sql::Connection& c, int64_t id, const std::string& name) {
  return db::Guarded("rename node", [&] {
    Statement s = Prepare(c, q::kRenameNode);
    s->setString(1, name);
    s->setInt64(2, id);
    s->execute();
  });
}

absl::StatusOr<std::optional<v1::Node>> FindNodeByExternalId(sql::Connection& c,
                                                             const std::string& external_id) {
  return db::Guarded("find node by external id", [&]() -> std::optional<v1::Node> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectNodeByExternalId, q::kNodeColumns));
    s->setString(1, external_id);
    Rows rows(s->executeQuery());
    if (!rows->next()) return std::nullopt;
    return ReadNode(*rows);
  });
}

absl::StatusOr<std::optional<v1::Member>> FindMemberByExternalId(sql::Connection& c,
                                                                 const std::string& external_id) {
  return db::Guarded("find member by external id", [&]() -> std::optional<v1::Member> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectMemberByExternalId, q::kMemberColumns));
    s->setString(1, external_id);
    Rows rows(s->executeQuery());
    if (!rows->next()) return std::nullopt;
    return ReadMember(*rows);
  });
}

absl::StatusOr<absl::flat_hash_map<std::string, v1::Node>> FindNodesByExternalIds(
    sql::Connection& c, const std::vector<std::string>& external_ids) {
  return db::Guarded(
      "find nodes by external ids", [&]() -> absl::flat_hash_map<std::string, v1::Node> {
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
      });
}

absl::StatusOr<absl::flat_hash_set<std::string>> KnownMemberExternalIds(
    sql::Connection& c, const std::vector<std::string>& external_ids) {
  return db::Guarded("known member external ids", [&]() -> absl::flat_hash_set<std::string> {
    absl::flat_hash_set<std::string> known;
    if (external_ids.empty()) return known;
    Statement s = Prepare(
        c, absl::StrFormat(q::kSelectMemberExternalIds, db::Placeholders(external_ids.size())));
    for (size_t i = 0; i < external_ids.size(); ++i) {
      s->setString(static_cast<int>(i) + 1, external_ids[i]);
    }
    for (Rows rows(s->executeQuery()); rows->next();) known.insert(std::string(rows->getString(1)));
    return known;
  });
}

absl::Status UpdateNodeDetails(sql::Connection& c, int64_t id, const std::string& name,
                               const std::string& code) {
  return db::Guarded("update node details", [&] {
    Statement s = Prepare(c, q::kUpdateNodeDetails);
    s->setString(1, name);
    s->setString(2, code);
    s->setInt64(3, id);
    s->execute();
  });
}

absl::Status MoveNode(sql::Connection& c, const v1::Node& node, const v1::Node& new_parent,
                      absl::CivilDay day) {
  const std::string new_path = absl::StrCat(new_parent.path(), node.id(), "/");
  RETURN_IF_ERROR(MovePlaces(c, node.id(), new_parent.id(), node.path(), new_path, day));
  return db::Guarded("move node", [&] {
    Statement s = Prepare(c, q::kReparentNode);
    s->setInt64(1, new_parent.id());
    s->setInt64(2, node.id());
    s->execute();
    MovePaths(c, q::kMoveNodePaths, node.path(), new_path);
    MovePaths(c, q::kMoveMemberPaths, node.path(), new_path);
    MovePaths(c, q::kMoveFilingPaths, node.path(), new_path);
    MovePaths(c, q::kMoveEventPaths, node.path(), new_path);
  });
}

absl::Status DissolveNode(sql::Connection& c, int64_t id, absl::CivilDay day) {
  return db::Guarded("dissolve node", [&] {
    Statement s = Prepare(c, q::kDissolveNode);
    s->setString(1, proto::FormatSqlDate(day));
    s->setInt64(2, id);
    s->execute();
  });
}

absl::StatusOr<int64_t> CountActiveChildren(sql::Connection& c, int64_t id) {
  return db::Guarded("count active children", [&]() -> int64_t {
    Statement s = Prepare(c, q::kCountActiveChildren);
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    rows->next();
    return rows->getInt64(1);
  });
}

absl::StatusOr<int64_t> CountActiveMembersUnder(sql::Connection& c, const std::string& path) {
  return db::Guarded("count active members under", [&]() -> int64_t {
    Statement s = Prepare(c, q::kCountActiveMembersUnder);
    s->setString(1, Like(path));
    Rows rows(s->executeQuery());
    rows->next();
    return rows->getInt64(1);
  });
}

}  // namespace partygroup::org::store
