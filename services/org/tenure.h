// Who was where when: each member's spells (a place, a status and a leading-cadre flag from one
// day to another) and each node's place in the tree, kept beside the current rows by every change
// in the change's own transaction, so that a past period is judged by the organisation as it
// stood then (第十四条's yearly assessment; the periods of 第四条 to 第十三条).
//
// History is appended, never rewritten: a change dated in the past applies from its day on, and
// is refused (FAILED_PRECONDITION) when the member was placed elsewhere after that day. Changes
// dated in the future are refused by the slices before they get here.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "partygroup/org/v1/org_service.pb.h"
#include "services/org/tenure_store.h"

namespace partygroup::org {

using store::Spell;

// ---- a member's timeline, as plain values --------------------------------------------------

// From `day` on the member is in `branch_id` and `group_id` (0: no group); a member with no spell
// holding `day` (transferred out before it, or never placed) starts a new one with `status` and
// `leading_cadre`.
absl::StatusOr<std::vector<Spell>> PlacedFrom(std::vector<Spell> spells, absl::CivilDay day,
                                              int64_t branch_id, int64_t group_id,
                                              v1::MemberStatus status, bool leading_cadre);
// From `day` on the member is in no branch of the committee (转出).
absl::StatusOr<std::vector<Spell>> DepartedFrom(std::vector<Spell> spells, absl::CivilDay day);
// From `day` on the member has `status` (转正), or the leading-cadre flag.
std::vector<Spell> StatusFrom(std::vector<Spell> spells, absl::CivilDay day,
                              v1::MemberStatus status);
std::vector<Spell> CadreFrom(std::vector<Spell> spells, absl::CivilDay day, bool leading_cadre);

// ---- inside a change's transaction -----------------------------------------------------------

// `member` (as it stands before the change) is placed from `day` on.
absl::Status RecordPlacement(sql::Connection& c, const v1::Member& member, absl::CivilDay day,
                             int64_t branch_id, int64_t group_id);
absl::Status RecordDeparture(sql::Connection& c, int64_t member_id, absl::CivilDay day);
absl::Status RecordStatus(sql::Connection& c, int64_t member_id, absl::CivilDay day,
                          v1::MemberStatus status);
absl::Status RecordCadreFlag(sql::Connection& c, int64_t member_id, absl::CivilDay day,
                             bool leading_cadre);

}  // namespace partygroup::org
