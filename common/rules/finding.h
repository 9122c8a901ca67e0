// What a rule of the regulation says about one subject: a Finding.
//
// Two severities (DESIGN.md): a violation is a deliberate act the regulation forbids, which the
// services refuse with FAILED_PRECONDITION; a finding is a state that falls short, recorded and
// counted by the assessment until it is put right.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace partygroup::rules {

enum class Severity { kViolation, kFinding };

absl::string_view SeverityName(Severity severity);  // "VIOLATION" / "FINDING"

// What a finding is about: kind is "group", "branch", "member", "meeting", "month", ...
struct Subject {
  std::string kind;
  std::string id;
  std::string name;

  friend bool operator==(const Subject& a, const Subject& b) {
    return a.kind == b.kind && a.id == b.id && a.name == b.name;
  }
};

// One number or fact that fell short, for instance {"meetings", "0"}.
struct Evidence {
  std::string name;
  std::string value;

  friend bool operator==(const Evidence& a, const Evidence& b) {
    return a.name == b.name && a.value == b.value;
  }
};

struct Finding {
  std::string code;  // stable, for instance GROUP_TOO_SMALL
  Severity severity = Severity::kFinding;
  std::string article;  // as written in the regulation, for instance 第一条
  // From the catalogue: what draws the rule's line and where it is written (catalogue.h).
  std::string basis;   // REGULATION, PARTY_CONSTITUTION, NATIONAL_RULE or LOCAL_POLICY
  std::string source;  // 第一条, 党章第九条, 本委政策, ...
  Subject subject;
  std::string message;  // Chinese, for an administrator
  std::vector<Evidence> evidence;
  // Where the subject sits in the tree, so that findings can be counted per group and branch
  // (0 when it does not apply).
  int64_t group_id = 0;
  int64_t branch_id = 0;
};

// A finding of rule `code` (see catalogue.h), its article, basis and source taken from the
// catalogue.
Finding MakeFinding(absl::string_view code, Severity severity, Subject subject, std::string message,
                    std::vector<Evidence> evidence = {});

// "GROUP_TOO_SMALL (第一条): 党小组不少于3名党员，调整后为2名": the text a refusal carries, citing
// the article, or the source when the regulation does not draw the line (党章第七条).
std::string FormatViolation(const Finding& finding);

// How a service refuses a deliberate act: FAILED_PRECONDITION carrying every violation among
// `findings` with its code and citation ("GROUP_TOO_SMALL (第一条): ..."), joined by "; ";
// OK when there is none (findings of the other severity do not refuse anything).
// The status also carries each violation as a payload (ViolationsOf), so that the servers can
// send them as structured error details without parsing the text.
absl::Status RefuseViolations(const std::vector<Finding>& findings);

// One violation a refusal carries: the rule, where it is written and what it is about.
struct RefusedRule {
  std::string code;         // GROUP_TOO_SMALL
  std::string article;      // 第一条
  std::string basis;        // REGULATION
  std::string source;       // 第一条, 党章第九条
  std::string subject;      // "group:12"
  std::string description;  // FormatViolation's text
};

// The violations a status made by RefuseViolations carries; empty for any other status.
std::vector<RefusedRule> ViolationsOf(const absl::Status& status);

// The findings of `findings` with the given severity.
std::vector<Finding> OfSeverity(const std::vector<Finding>& findings, Severity severity);

}  // namespace partygroup::rules
