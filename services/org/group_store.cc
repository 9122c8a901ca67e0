#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "services/org/org_store.h"
#include "services/org/sql.h"
#include "services/org/store_rows.h"

namespace partygroup::org::store {
absl::StatusOr<v1::Filing> InsertFiling(sql::Connection& c, const v1::Node& branch,
                                        int64_t group_id, const std::string& group_name,
                                        v1::GroupChangeKind change, absl::CivilDay decided_on,
                                        const std::string& document_ref, absl::CivilDay due_on) {
  return db::Guarded("insert filing", [&]() -> absl::StatusOr<v1::Filing> {
    Statement s = Prepare(c, q::kInsertFiling);
    s->setInt64(1, branch.id());
    s->setInt64(2, group_id);
    s->setString(3, group_name);
    s->setString(4, ChangeName(change));
    s->setString(5, proto::FormatSqlDate(decided_on));
    s->setString(6, document_ref);
    s->setString(7, proto::FormatSqlDate(due_on));
    s->setString(8, branch.path());
    s->execute();
    return GetFilingForUpdate(c, LastInsertId(c));
  });
}

absl::StatusOr<v1::Filing> GetFilingForUpdate(sql::Connection& c, int64_t id) {
  return db::Guarded("get filing for update", [&]() -> absl::StatusOr<v1::Filing> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectFilingForUpdate, q::kFilingColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) return absl::NotFoundError(absl::StrCat("filing ", id, " does not exist"));
    return ReadFiling(*rows);
  });
}

absl::StatusOr<std::vector<v1::Filing>> ListFilingsUnder(sql::Connection& c,
                                                         const std::string& path_prefix) {
  return db::Guarded("list filings under", [&]() -> std::vector<v1::Filing> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectFilingsUnder, q::kFilingColumns));
    s->setString(1, Like(path_prefix));
    std::vector<v1::Filing> filings;
    Rows rows(s->executeQuery());
    while (rows->next()) filings.push_back(ReadFiling(*rows));
    return filings;
  });
}

absl::Status MarkFiled(sql::Connection& c, int64_t id, absl::CivilDay filed_on) {
  return db::Guarded("mark filed", [&] {
    Statement s = Prepare(c, q::kMarkFiled);
    s->setString(1, proto::FormatSqlDate(filed_on));
    s->setInt64(2, id);
    s->execute();
  });
}

absl::StatusOr<std::optional<v1::LeaderTerm>> CurrentLeader(sql::Connection& c, int64_t group_id) {
  return db::Guarded("current leader", [&]() -> std::optional<v1::LeaderTerm> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectCurrentLeader, q::kLeaderColumns));
    s->setInt64(1, group_id);
    std::vector<v1::LeaderTerm> terms = ReadLeaderTerms(*s);
    if (terms.empty()) return std::nullopt;
    return terms.front();
  });
}

absl::StatusOr<GroupRead> ReadGroup(sql::Connection& c, int64_t id) {
  return db::Guarded("read group", [&]() -> absl::StatusOr<GroupRead> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectGroupRead, q::kNodeColumns,
                                             q::kLeaderColumns, q::kMemberColumns));
    s->setInt64(1, id);
    Rows rows(s->executeQuery());
    if (!rows->next()) return absl::NotFoundError(absl::StrCat("org node ", id, " does not exist"));
    constexpr int kLeaderFirst = 13;  // after the node's twelve columns
    constexpr int kMemberFirst = 22;  // after the leader's nine
    GroupRead found;
    found.node = ReadNode(*rows);
    if (!rows->isNull(kLeaderFirst)) found.leader = ReadLeaderTerm(*rows, kLeaderFirst);
    do {
      if (!rows->isNull(kMemberFirst)) found.members.push_back(ReadMember(*rows, kMemberFirst));
    } while (rows->next());
    return found;
  });
}

absl::StatusOr<std::vector<v1::LeaderTerm>> CurrentLeadersUnder(sql::Connection& c,
                                                                const std::string& path_prefix) {
  return db::Guarded("current leaders under", [&]() -> std::vector<v1::LeaderTerm> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectCurrentLeadersUnder, q::kLeaderColumns));
    s->setString(1, Like(path_prefix));
    return ReadLeaderTerms(*s);
  });
}

absl::StatusOr<std::vector<v1::LeaderTerm>> ListLeaderTerms(sql::Connection& c, int64_t group_id) {
  return db::Guarded("list leader terms", [&]() -> std::vector<v1::LeaderTerm> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectLeaderTerms, q::kLeaderColumns));
    s->setInt64(1, group_id);
    return ReadLeaderTerms(*s);
  });
}

absl::StatusOr<v1::LeaderTerm> InsertLeaderTerm(sql::Connection& c, int64_t group_id,
                                                int64_t member_id, v1::AppointmentMethod method,
                                                const std::string& record_ref,
                                                absl::CivilDay appointed_on) {
  return db::Guarded("insert leader term", [&]() -> absl::StatusOr<v1::LeaderTerm> {
    Statement s = Prepare(c, q::kInsertLeaderTerm);
    s->setInt64(1, group_id);
    s->setInt64(2, member_id);
    s->setString(3, method == v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION ? "BRANCH_DESIGNATION"
                                                                        : "MEMBER_RECOMMENDATION");
    s->setString(4, record_ref);
    s->setString(5, proto::FormatSqlDate(appointed_on));
    s->execute();
    ASSIGN_OR_RETURN(std::optional<v1::LeaderTerm> term, CurrentLeader(c, group_id));
    if (!term.has_value()) {
      return absl::InternalError("insert leader term: the term written was not read back");
    }
    return *std::move(term);
  });
}

absl::Status EndLeaderTerm(sql::Connection& c, int64_t term_id, absl::CivilDay ended_on,
                           const std::string& reason) {
  return db::Guarded("end leader term", [&] {
    Statement s = Prepare(c, q::kEndLeaderTerm);
    s->setString(1, proto::FormatSqlDate(ended_on));
    s->setString(2, reason);
    s->setInt64(3, term_id);
    s->execute();
  });
}

absl::StatusOr<v1::Admonition> InsertAdmonition(sql::Connection& c,
                                                const v1::Admonition& admonition) {
  return db::Guarded("insert admonition", [&]() -> v1::Admonition {
    Statement s = Prepare(c, q::kInsertAdmonition);
    s->setInt64(1, admonition.group_id());
    s->setInt64(2, admonition.leader_member_id());
    s->setString(3, proto::FormatSqlDate(*proto::ToCivilDay(admonition.date(), "date")));
    s->setString(4, admonition.reason());
    s->setString(5, admonition.admonished_by());
    s->execute();
    v1::Admonition stored = admonition;
    stored.set_id(LastInsertId(c));
    return stored;
  });
}

absl::StatusOr<std::vector<v1::Admonition>> ListAdmonitions(sql::Connection& c, int64_t group_id) {
  return db::Guarded("list admonitions", [&]() -> std::vector<v1::Admonition> {
    Statement s = Prepare(c, q::kSelectAdmonitions);
    s->setInt64(1, group_id);
    std::vector<v1::Admonition> admonitions;
    Rows rows(s->executeQuery());
    while (rows->next()) {
      v1::Admonition admonition;
      admonition.set_id(rows->getInt64(1));
      admonition.set_group_id(rows->getInt64(2));
      admonition.set_leader_member_id(rows->getInt64(3));
      if (auto d = ReadDate(rows->getString(4))) *admonition.mutable_date() = *d;
      admonition.set_reason(rows->getString(5));
      admonition.set_admonished_by(rows->getString(6));
      admonitions.push_back(std::move(admonition));
    }
    return admonitions;
  });
}

}  // namespace partygroup::org::store
