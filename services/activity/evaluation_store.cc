#include "services/activity/evaluation_store.h"

#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
v1::EvaluationCampaign ReadCampaignRow(sql::ResultSet& r, std::string* path) {
  v1::EvaluationCampaign campaign;
  campaign.set_id(r.getInt64(1));
  campaign.set_group_id(r.getInt64(2));
  ReadDay(r.getString(3), campaign.mutable_opened_on());
  ReadDay(r.getString(4), campaign.mutable_deadline());
  campaign.set_summary(r.getString(5));
  if (!r.getString(6).asStdString().empty()) {
    ReadDay(r.getString(6), campaign.mutable_reported_on());
  }
  if (path != nullptr) *path = r.getString(7);
  return campaign;
}

void ReadSelfEvaluation(sql::ResultSet& r, int first, v1::SelfEvaluation* e) {
  e->set_member_id(r.getInt64(first));
  e->set_self_evaluation(r.getString(first + 1));
  e->set_party_spirit_analysis(r.getString(first + 2));
  e->set_self_evaluated(!e->self_evaluation().empty());
  e->set_party_spirit_analysed(!e->party_spirit_analysis().empty());
}

void ReadVote(sql::ResultSet& r, int first, v1::MutualEvaluation* vote) {
  vote->set_voter_member_id(r.getInt64(first));
  vote->set_target_member_id(r.getInt64(first + 1));
  v1::EvaluationRating rating = v1::EVALUATION_RATING_UNSPECIFIED;
  v1::EvaluationRating_Parse("EVALUATION_RATING_" + r.getString(first + 2).asStdString(), &rating);
  vote->set_rating(rating);
}

absl::StatusOr<int64_t> InsertCampaign(sql::Connection& c, int64_t group_id,
                                       const std::string& group_path, absl::CivilDay opened_on,
                                       absl::CivilDay deadline) {
  return db::Guarded("insert evaluation campaign", [&] {
    Statement s = Prepare(c, q::kInsertCampaign);
    s->setInt64(1, group_id);
    s->setString(2, group_path);
    s->setString(3, proto::FormatSqlDate(opened_on));
    s->setString(4, proto::FormatSqlDate(deadline));
    s->execute();
    return LastInsertId(c);
  });
}

absl::StatusOr<StoredCampaign> GetCampaignForUpdate(sql::Connection& c, int64_t id) {
  return db::Guarded("read evaluation campaign", [&]() -> absl::StatusOr<StoredCampaign> {
    Statement s = Prepare(c, q::kSelectCampaignForUpdate);
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) {
      return absl::NotFoundError(absl::StrFormat("evaluation campaign %d does not exist", id));
    }
    StoredCampaign stored;
    v1::EvaluationCampaign& campaign = stored.campaign;
    campaign = ReadCampaignRow(*rows, &stored.group_path);
    Statement selves = Prepare(c, q::kSelectSelfEvaluations);
    selves->setInt64(1, id);
    Rows self_rows(selves->executeQuery());
    while (self_rows->next()) ReadSelfEvaluation(*self_rows, 1, campaign.add_self_evaluations());
    Statement votes = Prepare(c, q::kSelectVotes);
    votes->setInt64(1, id);
    Rows vote_rows(votes->executeQuery());
    while (vote_rows->next()) ReadVote(*vote_rows, 1, campaign.add_mutual_evaluations());
    return stored;
  });
}

absl::Status UpsertSelfEvaluation(sql::Connection& c, int64_t campaign_id,
                                  const v1::SelfEvaluation& e) {
  return db::Guarded("record self-evaluation", [&] {
    Statement s = Prepare(c, q::kUpsertSelfEvaluation);
    s->setInt64(1, campaign_id);
    s->setInt64(2, e.member_id());
    s->setString(3, e.self_evaluation());
    s->setString(4, e.party_spirit_analysis());
    s->execute();
  });
}

absl::Status UpsertVote(sql::Connection& c, int64_t campaign_id, const v1::MutualEvaluation& vote) {
  return db::Guarded("record mutual evaluation", [&] {
    Statement s = Prepare(c, q::kUpsertVote);
    s->setInt64(1, campaign_id);
    s->setInt64(2, vote.voter_member_id());
    s->setInt64(3, vote.target_member_id());
    s->setString(
        4,
        v1::EvaluationRating_Name(vote.rating()).substr(std::string("EVALUATION_RATING_").size()));
    s->execute();
  });
}

absl::Status ReportCampaign(sql::Connection& c, int64_t id, const std::string& summary,
                            absl::CivilDay reported_on) {
  return db::Guarded("report evaluation campaign", [&] {
    Statement s = Prepare(c, q::kReportCampaign);
    s->setString(1, summary);
    s->setString(2, proto::FormatSqlDate(reported_on));
    s->setInt64(3, id);
    s->execute();
  });
}

}  // namespace partygroup::activity::store
