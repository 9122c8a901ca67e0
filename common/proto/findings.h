// A rules-library finding as the API carries it (partygroup.common.v1.RuleFinding).
#pragma once

#include "absl/time/time.h"
#include "common/rules/finding.h"
#include "partygroup/common/v1/common.pb.h"

namespace partygroup::proto {

common::v1::RuleFinding ToProto(const rules::Finding& finding, absl::Time observed);

}  // namespace partygroup::proto
