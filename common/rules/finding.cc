#include "common/rules/finding.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

absl::Status RefuseViolations(const std::vector<Finding>& findings) {
  std::vector<std::string> messages;
  for (const Finding& finding : findings) {
    if (finding.severity == Severity::kViolation) messages.push_back(FormatViolation(finding));
  }
  if (messages.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrJoin(messages, "; "));
}

std::vector<Finding> OfSeverity(const std::vector<Finding>& findings, Severity severity) {
  std::vector<Finding> selected;
  for (const Finding& finding : findings) {
    if (finding.severity == severity) selected.push_back(finding);
  }
  return selected;
}

}  // namespace partygroup::rules
