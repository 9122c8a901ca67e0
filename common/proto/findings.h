// A rules-library finding as the API carries it (partygroup.common.v1.RuleFinding).
#pragma once

#include "absl/time/time.h"
#include "common/rules/catalogue.h"
#include "common/rules/finding.h"
#include "partygroup/common/v1/common.pb.h"

namespace partygroup::proto {

common::v1::RuleFinding ToProto(const rules::Finding& finding, absl::Time observed);

// The API's name of a basis (catalogue.h), from the library's or the finding's spelling.
common::v1::RuleBasis ToProto(rules::Basis basis);
common::v1::RuleBasis RuleBasisNamed(absl::string_view name);

}  // namespace partygroup::proto
