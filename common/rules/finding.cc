#include "common/rules/finding.h"

#include <optional>

#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/rules/catalogue.h"

namespace partygroup::rules {

absl::string_view SeverityName(Severity severity) {
  return severity == Severity::kViolation ? "VIOLATION" : "FINDING";
}

Finding MakeFinding(absl::string_view code, Severity severity, Subject subject, std::string message,
                    std::vector<Evidence> evidence) {
  Finding finding;
  finding.code = std::string(code);
  finding.severity = severity;
  const RuleInfo* rule = FindRule(code);
  if (rule != nullptr) {
    finding.article = std::string(rule->article);
    finding.basis = std::string(BasisName(rule->basis));
    finding.source = std::string(rule->source);
  }
  finding.subject = std::move(subject);
  finding.message = std::move(message);
  finding.evidence = std::move(evidence);
  return finding;
}

std::string FormatViolation(const Finding& finding) {
  const RuleInfo* rule = FindRule(finding.code);
  const absl::string_view citation = rule != nullptr ? Citation(*rule) : finding.article;
  return absl::StrCat(finding.code, " (", citation, "): ", finding.message);
}

namespace {

// The payload of a refusal: one line per violation, its fields C-escaped and joined by tabs.
constexpr absl::string_view kViolationsPayload = "type.partygroup/rules.Violations";

std::string EncodeViolation(const Finding& finding) {
  const std::string subject = absl::StrCat(finding.subject.kind, ":", finding.subject.id);
  const std::vector<std::string> fields = {finding.code,  finding.article,
                                           finding.basis, finding.source,
                                           subject,       FormatViolation(finding)};
  std::vector<std::string> escaped;
  for (const std::string& field : fields) escaped.push_back(absl::CEscape(field));
  return absl::StrJoin(escaped, "\t");
}

}  // namespace

absl::Status RefuseViolations(const std::vector<Finding>& findings) {
  std::vector<std::string> messages;
  std::vector<std::string> encoded;
  for (const Finding& finding : findings) {
    if (finding.severity != Severity::kViolation) continue;
    messages.push_back(FormatViolation(finding));
    encoded.push_back(EncodeViolation(finding));
  }
  if (messages.empty()) return absl::OkStatus();
  absl::Status refusal = absl::FailedPreconditionError(absl::StrJoin(messages, "; "));
  refusal.SetPayload(kViolationsPayload, absl::Cord(absl::StrJoin(encoded, "\n")));
  return refusal;
}

std::vector<RefusedRule> ViolationsOf(const absl::Status& status) {
  std::vector<RefusedRule> violations;
  const auto payload = status.GetPayload(kViolationsPayload);
  if (!payload.has_value()) return violations;
  for (absl::string_view line : absl::StrSplit(std::string(*payload), '\n', absl::SkipEmpty())) {
    std::vector<std::string> fields;
    for (absl::string_view field : absl::StrSplit(line, '\t')) {
      std::string unescaped;
      if (!absl::CUnescape(field, &unescaped)) unescaped = std::string(field);
      fields.push_back(std::move(unescaped));
    }
    if (fields.size() != 6) continue;
    violations.push_back(
        RefusedRule{fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]});
  }
  return violations;
}

std::vector<Finding> OfSeverity(const std::vector<Finding>& findings, Severity severity) {
  std::vector<Finding> selected;
  for (const Finding& finding : findings) {
    if (finding.severity == severity) selected.push_back(finding);
  }
  return selected;
}

}  // namespace partygroup::rules
