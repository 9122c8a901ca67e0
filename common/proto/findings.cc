#include "common/proto/findings.h"

#include "absl/strings/str_cat.h"
#include "common/proto/convert.h"

namespace partygroup::proto {

common::v1::RuleFinding ToProto(const rules::Finding& finding, absl::Time observed) {
  common::v1::RuleFinding out;
  out.set_code(finding.code);
  out.set_severity(finding.severity == rules::Severity::kViolation ? common::v1::SEVERITY_VIOLATION
                                                                   : common::v1::SEVERITY_FINDING);
  out.set_article(finding.article);
  out.mutable_subject()->set_kind(finding.subject.kind);
  out.mutable_subject()->set_id(finding.subject.id);
  out.mutable_subject()->set_name(finding.subject.name);
  out.set_message(finding.message);
  for (const rules::Evidence& evidence : finding.evidence) {
    common::v1::Evidence* e = out.add_evidence();
    e->set_name(evidence.name);
    e->set_value(evidence.value);
  }
  *out.mutable_observed_time() = ToTimestamp(observed);
  out.set_group_id(finding.group_id);
  out.set_branch_id(finding.branch_id);
  out.set_basis(RuleBasisNamed(finding.basis));
  out.set_source(finding.source);
  return out;
}

common::v1::RuleBasis ToProto(rules::Basis basis) {
  switch (basis) {
    case rules::Basis::kRegulation:
      return common::v1::RULE_BASIS_REGULATION;
    case rules::Basis::kPartyConstitution:
      return common::v1::RULE_BASIS_PARTY_CONSTITUTION;
    case rules::Basis::kNationalRule:
      return common::v1::RULE_BASIS_NATIONAL_RULE;
    case rules::Basis::kLocalPolicy:
      return common::v1::RULE_BASIS_LOCAL_POLICY;
  }
  return common::v1::RULE_BASIS_UNSPECIFIED;
}

common::v1::RuleBasis RuleBasisNamed(absl::string_view name) {
  common::v1::RuleBasis basis = common::v1::RULE_BASIS_UNSPECIFIED;
  common::v1::RuleBasis_Parse(absl::StrCat("RULE_BASIS_", name), &basis);
  return basis;
}

}  // namespace partygroup::proto
