// The store of who was where when (tenure.h): members' spells and nodes' places, and the reads
// of a period's organisation over them. Days are [from, until), `until` unset while it lasts,
// `from` unset as far back as the records go. Every function returns a status and keeps its
// exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::org::store {

struct Spell {
  int64_t branch_id = 0;
  int64_t group_id = 0;  // 0: in no group
  v1::MemberStatus status = v1::MEMBER_STATUS_FORMAL;
  bool leading_cadre = false;
  std::optional<absl::CivilDay> from;
  std::optional<absl::CivilDay> until;
};

// A member's spells in order, and the replacement of all of them (a member has a handful).
absl::StatusOr<std::vector<Spell>> ListSpells(sql::Connection& c, int64_t member_id);
absl::Status ReplaceSpells(sql::Connection& c, int64_t member_id, const std::vector<Spell>& spells);
// New members' first spells, in a few statements: (member id, spell) pairs.
absl::Status InsertSpells(sql::Connection& c,
                          const std::vector<std::pair<int64_t, Spell>>& member_spells);

// A node's first place (InsertNode), and a subtree's move on `day`: every node under `old_path`
// sits under `new_path` from `day` on (the moved node under `new_parent_id`). FAILED_PRECONDITION
// when a node of the subtree took its place after `day`.
absl::Status InsertPlace(sql::Connection& c, int64_t node_id, int64_t parent_id,
                         const std::string& path, std::optional<absl::CivilDay> from);
absl::Status MovePlaces(sql::Connection& c, int64_t node_id, int64_t new_parent_id,
                        const std::string& old_path, const std::string& new_path,
                        absl::CivilDay day);

// The path `node_id` had on `day`; nullopt when it had no place then.
absl::StatusOr<std::optional<std::string>> PathOn(sql::Connection& c, int64_t node_id,
                                                  absl::CivilDay day);

// The period [first, last] of the subtree at `path` as it stood, each node in its place on
// `place_day`: the nodes that existed at some time in the period, parents before children.
absl::StatusOr<std::vector<v1::Node>> TreeInPeriod(sql::Connection& c, const std::string& path,
                                                   absl::CivilDay place_day, absl::CivilDay first,
                                                   absl::CivilDay last);
// The leader terms of the subtree's groups that overlap the period, by group and in order.
absl::StatusOr<std::vector<v1::LeaderTerm>> LeaderTermsInPeriod(sql::Connection& c,
                                                                const std::string& path,
                                                                absl::CivilDay place_day,
                                                                absl::CivilDay first,
                                                                absl::CivilDay last);
// Every member with a spell during the period [first, last] in one of `nodes` (the groups and
// branches of a subtree of the period, TreeInPeriod), by id, each with those spells
// (Member.spells), the rest as the member stands now, and the member's path now. `path_now`: the
// subtree's path now, where most of its members still are.
struct MemberOfPeriod {
  v1::Member member;
  std::string path;
};
absl::StatusOr<std::vector<MemberOfPeriod>> MembersInPeriod(
    sql::Connection& c, const absl::flat_hash_set<int64_t>& nodes, const std::string& path_now,
    absl::CivilDay first, absl::CivilDay last);

// A spell as the API shows it.
v1::MemberSpell ToProto(const Spell& spell);

}  // namespace partygroup::org::store
