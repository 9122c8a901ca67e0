// The org service's store: nodes (tree_store.cc), members with their history and activists
// (member_store.cc), filings, leaders and admonitions (group_store.cc). Functions run on a
// connection of db::RunInTransaction or db::RunWithConnection. Every function returns a status
// and keeps its exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::org::store {

// Nodes. NOT_FOUND when there is no such node.
absl::StatusOr<v1::Node> GetNode(sql::Connection& c, int64_t id, bool for_update = false);
absl::StatusOr<std::vector<v1::Node>> ListChildren(sql::Connection& c, int64_t parent_id,
                                                   bool include_dissolved, int64_t after_id,
                                                   int limit);
// Active nodes of `kind` whose path starts with `path_prefix`.
absl::StatusOr<std::vector<v1::Node>> ListActiveNodesUnder(sql::Connection& c,
                                                           const std::string& path_prefix,
                                                           v1::NodeKind kind);
// The subtree under (and including) the node at `path_prefix`, parents before children.
absl::StatusOr<std::vector<v1::Node>> ListTreeUnder(sql::Connection& c,
                                                    const std::string& path_prefix,
                                                    bool include_dissolved);
// Inserts the node under `parent`, sets its path and its first place (tenure_store.h: a group's
// from the day it was founded, another's as far back as the records go); returns it as stored.
absl::StatusOr<v1::Node> InsertNode(sql::Connection& c, const v1::Node& parent, v1::NodeKind kind,
                                    const std::string& name, const std::string& code,
                                    const std::string& external_id,
                                    std::optional<absl::CivilDay> created_on = std::nullopt);
absl::Status RenameNode(sql::Connection& c, int64_t id, const std::string& name);
// The node or member an OA system knows by `external_id`, locked for update.
absl::StatusOr<std::optional<v1::Node>> FindNodeByExternalId(sql::Connection& c,
                                                             const std::string& external_id);
absl::StatusOr<std::optional<v1::Member>> FindMemberByExternalId(sql::Connection& c,
                                                                 const std::string& external_id);
// The nodes known by these external ids, by external id, locked for update (an import's chunk
// in one query).
absl::StatusOr<absl::flat_hash_map<std::string, v1::Node>> FindNodesByExternalIds(
    sql::Connection& c, const std::vector<std::string>& external_ids);
// Which of these external ids are members' already.
absl::StatusOr<absl::flat_hash_set<std::string>> KnownMemberExternalIds(
    sql::Connection& c, const std::vector<std::string>& external_ids);
absl::Status UpdateNodeDetails(sql::Connection& c, int64_t id, const std::string& name,
                               const std::string& code);
// Re-parents `node` under `new_parent`, rewriting the paths of its subtree, members, filings and
// events, and placing the subtree there from `day` on (FAILED_PRECONDITION when one of its nodes
// took its place after `day`).
absl::Status MoveNode(sql::Connection& c, const v1::Node& node, const v1::Node& new_parent,
                      absl::CivilDay day);
// Dissolves the node as of `day` (for a group, the day of the branch's decision).
absl::Status DissolveNode(sql::Connection& c, int64_t id, absl::CivilDay day);
absl::StatusOr<int64_t> CountActiveChildren(sql::Connection& c, int64_t id);
absl::StatusOr<int64_t> CountActiveMembersUnder(sql::Connection& c, const std::string& path);

// Members. Each member row carries the path of its group, or of its branch when in no group.
// With `path`, also the member's path (of their group, or of their branch when in no group).
absl::StatusOr<v1::Member> GetMember(sql::Connection& c, int64_t id, bool for_update = false,
                                     std::string* path = nullptr);
absl::StatusOr<std::string> MemberPath(sql::Connection& c,
                                       int64_t id);  // "" when there is no such member
absl::StatusOr<std::vector<v1::Member>> ListMembersUnder(sql::Connection& c,
                                                         const std::string& path_prefix,
                                                         bool include_transferred_out,
                                                         int64_t after_id, int limit);
absl::StatusOr<std::vector<v1::Member>> ListActiveMembersUnder(sql::Connection& c,
                                                               const std::string& path_prefix);
absl::StatusOr<std::vector<v1::Member>> ListGroupMembers(sql::Connection& c, int64_t group_id);
// Inserts the member with their first spell (tenure_store.h): in their branch since they joined
// the party, or as far back as the records go.
absl::StatusOr<v1::Member> InsertMember(sql::Connection& c, const v1::Member& member,
                                        const std::string& path);
// New members, each with its path and an external id, in a few statements; returns their ids
// in the order given.
struct NewMember {
  v1::Member member;
  std::string path;
};
absl::StatusOr<std::vector<int64_t>> InsertMembers(sql::Connection& c,
                                                   const std::vector<NewMember>& members);
absl::Status UpdateMemberDetails(sql::Connection& c, const v1::Member& member);
// Places the member: branch, group (0 for none), the day they joined it, state and path.
absl::Status UpdateMemberPlace(sql::Connection& c, int64_t member_id, int64_t branch_id,
                               int64_t group_id, std::optional<absl::CivilDay> joined_group_on,
                               v1::MemberState state, const std::string& path);
absl::Status AddHistory(sql::Connection& c, int64_t member_id, const std::string& kind,
                        int64_t branch_id, int64_t group_id, absl::CivilDay effective_on,
                        const std::string& note);
// One history row per member, all of one kind, branch (no group), day and note.
absl::Status AddHistories(sql::Connection& c, const std::vector<int64_t>& member_ids,
                          const std::string& kind, const std::vector<int64_t>& branch_ids,
                          absl::CivilDay effective_on, const std::string& note);
absl::StatusOr<std::vector<v1::MemberHistoryEntry>> ListHistory(sql::Connection& c,
                                                                int64_t member_id);

// Activists.
absl::StatusOr<v1::Activist> InsertActivist(sql::Connection& c, const v1::Activist& activist);
absl::StatusOr<std::vector<v1::Activist>> ListActivists(sql::Connection& c, int64_t branch_id);

// Filings (第二条).
absl::StatusOr<v1::Filing> InsertFiling(sql::Connection& c, const v1::Node& branch,
                                        int64_t group_id, const std::string& group_name,
                                        v1::GroupChangeKind change, absl::CivilDay decided_on,
                                        const std::string& document_ref, absl::CivilDay due_on);
absl::StatusOr<v1::Filing> GetFilingForUpdate(sql::Connection& c, int64_t id);
absl::StatusOr<std::vector<v1::Filing>> ListFilingsUnder(sql::Connection& c,
                                                         const std::string& path_prefix);
absl::Status MarkFiled(sql::Connection& c, int64_t id, absl::CivilDay filed_on);

// Leaders (第十条 to 第十三条).
absl::StatusOr<std::optional<v1::LeaderTerm>> CurrentLeader(sql::Connection& c, int64_t group_id);
// A node and, for a group, its current leader and active members (by id): NOT_FOUND when there
// is no such node.
struct GroupRead {
  v1::Node node;
  std::optional<v1::LeaderTerm> leader;
  std::vector<v1::Member> members;
};
absl::StatusOr<GroupRead> ReadGroup(sql::Connection& c, int64_t id);
absl::StatusOr<std::vector<v1::LeaderTerm>> CurrentLeadersUnder(sql::Connection& c,
                                                                const std::string& path_prefix);
absl::StatusOr<std::vector<v1::LeaderTerm>> ListLeaderTerms(sql::Connection& c, int64_t group_id);
absl::StatusOr<v1::LeaderTerm> InsertLeaderTerm(sql::Connection& c, int64_t group_id,
                                                int64_t member_id, v1::AppointmentMethod method,
                                                const std::string& record_ref,
                                                absl::CivilDay appointed_on);
absl::Status EndLeaderTerm(sql::Connection& c, int64_t term_id, absl::CivilDay ended_on,
                           const std::string& reason);
absl::StatusOr<v1::Admonition> InsertAdmonition(sql::Connection& c,
                                                const v1::Admonition& admonition);
absl::StatusOr<std::vector<v1::Admonition>> ListAdmonitions(sql::Connection& c, int64_t group_id);

// Names shared by the store and the domain.
std::string NodeKindName(v1::NodeKind kind);
std::string MemberStatusName(v1::MemberStatus status);

}  // namespace partygroup::org::store
