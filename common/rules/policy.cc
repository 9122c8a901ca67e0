#include "common/rules/policy.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/rules/catalogue.h"

namespace partygroup::rules {
namespace {

absl::Status RequireBetween(absl::string_view setting, int value, int low, int high) {
  if (value >= low && value <= high) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("policy.", setting, ": ", value, " is outside ", low, "-", high));
}

}  // namespace

bool Policy::IsOn(absl::string_view code) const {
  return std::find(rules_off.begin(), rules_off.end(), code) == rules_off.end();
}

absl::Status ValidatePolicy(const Policy& policy) {
  for (const auto& [setting, days] :
       {std::pair<absl::string_view, int>{"filing_deadline_days", policy.filing_deadline_days},
        {"opinion_report_days", policy.opinion_report_days},
        {"rectification_report_days", policy.rectification_report_days},
        {"evaluation_report_days", policy.evaluation_report_days}}) {
    if (absl::Status status = RequireBetween(setting, days, 1, 366); !status.ok()) return status;
  }
  for (const auto& [setting, count] :
       {std::pair<absl::string_view, int>{"leader_talks_per_member_per_year",
                                          policy.leader_talks_per_member_per_year},
        {"leader_trainings_per_year", policy.leader_trainings_per_year}}) {
    if (absl::Status status = RequireBetween(setting, count, 1, 52); !status.ok()) return status;
  }
  if (absl::Status status = RequireBetween("cadre_unexcused_absences_allowed",
                                           policy.cadre_unexcused_absences_allowed, 0, 31);
      !status.ok()) {
    return status;
  }
  if (absl::Status status =
          RequireBetween("annual_report_month", policy.annual_report_month, 1, 12);
      !status.ok()) {
    return status;
  }
  // A day every year has: 29 February is not.
  const absl::CivilDay due(2023, policy.annual_report_month, policy.annual_report_day);
  if (policy.annual_report_day < 1 || due.month() != policy.annual_report_month ||
      due.day() != policy.annual_report_day) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy.annual_report_day: ", policy.annual_report_day,
                     " is not a day of month ", policy.annual_report_month, " in every year"));
  }
  std::set<std::string> seen;
  for (const std::string& code : policy.rules_off) {
    const RuleInfo* rule = FindRule(code);
    if (rule == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("policy.rules_off: ", code, " is no rule"));
    }
    if (!IsOptional(*rule)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy.rules_off: ", code, " is drawn by ", Citation(*rule),
          ", not by the committee's policy; only rules whose basis is LOCAL_POLICY can be off"));
    }
    if (!seen.insert(code).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy.rules_off: ", code, " is given twice"));
    }
  }
  return absl::OkStatus();
}

}  // namespace partygroup::rules
