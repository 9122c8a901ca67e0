// What the activity service records, as the rules library reads it. The activity service checks
// its own steps with these; the assessment reads a period's records from the activity stream and
// judges them the same way, so both come to the same findings.
#pragma once

#include "common/rules/model.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::clients {

rules::GroupMeeting ToRulesMeeting(const activity::v1::GroupMeeting& meeting);
rules::OrgLifeMeeting ToRulesOrgLife(const activity::v1::OrgLifeMeeting& meeting);
rules::EvaluationCampaign ToRulesCampaign(const activity::v1::EvaluationCampaign& campaign);
// A month of dues as stored: paid (or waived) when, late or not.
rules::DuesPayment ToRulesDues(const activity::v1::DuesEntry& entry);

// A group (from the org service) with the records of a period (from the activity service).
rules::GroupActivity ToRulesActivity(rules::Group group,
                                     const activity::v1::GroupPeriodRecords& records);

}  // namespace partygroup::clients
