// 第七条: the evaluation campaigns' rows (evaluation_campaign, self_evaluation,
// mutual_evaluation). Every function returns a status and keeps its exceptions
// (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

// A campaign with its self-evaluations and votes (what each member lacks is the domain's).
struct StoredCampaign {
  v1::EvaluationCampaign campaign;
  std::string group_path;
};
// An opened campaign; its id.
absl::StatusOr<int64_t> InsertCampaign(sql::Connection& c, int64_t group_id,
                                       const std::string& group_path, absl::CivilDay opened_on,
                                       absl::CivilDay deadline);
// NOT_FOUND when there is no such campaign.
absl::StatusOr<StoredCampaign> GetCampaignForUpdate(sql::Connection& c, int64_t id);
// A member's self-evaluation and party-spirit analysis, replacing an earlier one.
absl::Status UpsertSelfEvaluation(sql::Connection& c, int64_t campaign_id,
                                  const v1::SelfEvaluation& e);
// A vote, replacing the voter's earlier one for the same member.
absl::Status UpsertVote(sql::Connection& c, int64_t campaign_id, const v1::MutualEvaluation& vote);
absl::Status ReportCampaign(sql::Connection& c, int64_t id, const std::string& summary,
                            absl::CivilDay reported_on);

// The row readers the period read model shares (the columns of sql_text::kSelectCampaignForUpdate
// but the path, and a self-evaluation or vote from column `first`). They throw as Connector/C++
// does.
v1::EvaluationCampaign ReadCampaignRow(sql::ResultSet& r, std::string* path);
void ReadSelfEvaluation(sql::ResultSet& r, int first, v1::SelfEvaluation* e);
void ReadVote(sql::ResultSet& r, int first, v1::MutualEvaluation* vote);

}  // namespace partygroup::activity::store
