#include "services/org/tenure.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"

namespace partygroup::org {
namespace {

bool Holds(const Spell& spell, absl::CivilDay day) {
  return (!spell.from.has_value() || *spell.from <= day) &&
         (!spell.until.has_value() || day < *spell.until);
}

bool SamePlace(const Spell& a, const Spell& b) {
  return a.branch_id == b.branch_id && a.group_id == b.group_id;
}

std::string DayText(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? proto::FormatSqlDate(*day) : "the start of the records";
}

// The index of the spell holding `day`, split there so that a spell begins on `day`; nullopt
// when no spell holds it.
std::optional<size_t> SplitAt(std::vector<Spell>& spells, absl::CivilDay day) {
  for (size_t i = 0; i < spells.size(); ++i) {
    if (!Holds(spells[i], day)) continue;
    if (spells[i].from == day) return i;
    Spell rest = spells[i];
    rest.from = day;
    spells[i].until = day;
    spells.insert(spells.begin() + static_cast<std::ptrdiff_t>(i) + 1, rest);
    return i + 1;
  }
  return std::nullopt;
}

// Spells that meet and agree in everything become one.
std::vector<Spell> Joined(std::vector<Spell> spells) {
  std::vector<Spell> joined;
  for (Spell& spell : spells) {
    if (!joined.empty()) {
      Spell& last = joined.back();
      if (last.until.has_value() && spell.from == last.until && SamePlace(last, spell) &&
          last.status == spell.status && last.leading_cadre == spell.leading_cadre) {
        last.until = spell.until;
        continue;
      }
    }
    joined.push_back(std::move(spell));
  }
  return joined;
}

// The spells from `first` on must share one place: a change of place before a later one would
// rewrite what was recorded after it.
absl::Status RequireNoLaterMove(const std::vector<Spell>& spells, size_t first,
                                absl::CivilDay day) {
  for (size_t i = first + 1; i < spells.size(); ++i) {
    if (!SamePlace(spells[i], spells[first])) {
      return absl::FailedPreconditionError(
          absl::StrCat("the member was placed in branch ", spells[i].branch_id,
                       spells[i].group_id != 0 ? absl::StrCat(", group ", spells[i].group_id) : "",
                       " on ", DayText(spells[i].from), ", after ", proto::FormatSqlDate(day),
                       ": a change of place is recorded on or after the member's latest one"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Spell>> PlacedFrom(std::vector<Spell> spells, absl::CivilDay day,
                                              int64_t branch_id, int64_t group_id,
                                              v1::MemberStatus status, bool leading_cadre) {
  std::optional<size_t> at = SplitAt(spells, day);
  if (!at.has_value()) {
    // Out of the committee's branches on `day`: back (or in) from it, after every spell.
    const bool after_all = std::all_of(spells.begin(), spells.end(), [&](const Spell& s) {
      return s.until.has_value() && *s.until <= day;
    });
    if (!after_all) {
      return absl::FailedPreconditionError(absl::StrCat("the member's records begin on ",
                                                        DayText(spells.front().from), ", after ",
                                                        proto::FormatSqlDate(day)));
    }
    spells.push_back({branch_id, group_id, status, leading_cadre, day, std::nullopt});
    return Joined(std::move(spells));
  }
  RETURN_IF_ERROR(RequireNoLaterMove(spells, *at, day));
  for (size_t i = *at; i < spells.size(); ++i) {
    spells[i].branch_id = branch_id;
    spells[i].group_id = group_id;
  }
  return Joined(std::move(spells));
}

absl::StatusOr<std::vector<Spell>> DepartedFrom(std::vector<Spell> spells, absl::CivilDay day) {
  std::optional<size_t> at = SplitAt(spells, day);
  if (!at.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("effective_on: the member was in none of the committee's branches on ",
                     proto::FormatSqlDate(day)));
  }
  RETURN_IF_ERROR(RequireNoLaterMove(spells, *at, day));
  spells.erase(spells.begin() + static_cast<std::ptrdiff_t>(*at), spells.end());
  return Joined(std::move(spells));
}

namespace {

template <typename Set>
std::vector<Spell> ChangeFrom(std::vector<Spell> spells, absl::CivilDay day, Set set) {
  std::optional<size_t> at = SplitAt(spells, day);
  for (size_t i = 0; i < spells.size(); ++i) {
    // The spells from `day` on (no spell holds it: those that begin after it).
    const bool from_day =
        at.has_value() ? i >= *at : spells[i].from.has_value() && *spells[i].from >= day;
    if (from_day) set(spells[i]);
  }
  return Joined(std::move(spells));
}

}  // namespace

std::vector<Spell> StatusFrom(std::vector<Spell> spells, absl::CivilDay day,
                              v1::MemberStatus status) {
  return ChangeFrom(std::move(spells), day, [&](Spell& s) { s.status = status; });
}

std::vector<Spell> CadreFrom(std::vector<Spell> spells, absl::CivilDay day, bool leading_cadre) {
  return ChangeFrom(std::move(spells), day, [&](Spell& s) { s.leading_cadre = leading_cadre; });
}

absl::Status RecordPlacement(sql::Connection& c, const v1::Member& member, absl::CivilDay day,
                             int64_t branch_id, int64_t group_id) {
  ASSIGN_OR_RETURN(std::vector<Spell> spells, store::ListSpells(c, member.id()));
  ASSIGN_OR_RETURN(spells, PlacedFrom(std::move(spells), day, branch_id, group_id, member.status(),
                                      member.leading_cadre()));
  return store::ReplaceSpells(c, member.id(), spells);
}

absl::Status RecordDeparture(sql::Connection& c, int64_t member_id, absl::CivilDay day) {
  ASSIGN_OR_RETURN(std::vector<Spell> spells, store::ListSpells(c, member_id));
  ASSIGN_OR_RETURN(spells, DepartedFrom(std::move(spells), day));
  return store::ReplaceSpells(c, member_id, spells);
}

absl::Status RecordStatus(sql::Connection& c, int64_t member_id, absl::CivilDay day,
                          v1::MemberStatus status) {
  ASSIGN_OR_RETURN(std::vector<Spell> spells, store::ListSpells(c, member_id));
  return store::ReplaceSpells(c, member_id, StatusFrom(std::move(spells), day, status));
}

absl::Status RecordCadreFlag(sql::Connection& c, int64_t member_id, absl::CivilDay day,
                             bool leading_cadre) {
  ASSIGN_OR_RETURN(std::vector<Spell> spells, store::ListSpells(c, member_id));
  return store::ReplaceSpells(c, member_id, CadreFrom(std::move(spells), day, leading_cadre));
}

}  // namespace partygroup::org
