// The assessment's ResultWriter against the private MariaDB of tests/run.sh: results written a
// statement's worth at a time from threads of their own land whole, and a statement that fails
// fails the transaction it is part of.
#include "services/assessment/result_writer.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "common/db/transaction.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/assessment/assessment_definition.h"
#include "tests/support/test_db.h"

namespace partygroup::assessment {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::HasSubstr;

v1::Result GroupResult(int64_t group_id) {
  v1::Result result;
  result.set_subject_kind(v1::SUBJECT_KIND_GROUP);
  result.set_subject_id(group_id);
  result.set_subject_name(absl::StrCat("第", group_id, "党小组"));
  result.set_unit_id(2);
  result.set_branch_id(3);
  result.set_path(absl::StrCat("/1/2/3/", group_id, "/"));
  result.set_complete(true);
  result.set_score_centi(9000 + group_id % 1000);
  result.set_grade("好");
  return result;
}

class ResultWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = partygroup::testing::TestDbConfig();
    config_.pool_size = 2;
    ASSERT_OK_AND_ASSIGN(pool_, db::ConnectionPool::Create(config_));
    ASSERT_THAT(db::RunWithConnection(*pool_, "migrate",
                                      [](sql::Connection& c) -> absl::Status {
                                        return db::ApplyMigrations(c, Migrations()).status();
                                      }),
                IsOk());
  }
  void TearDown() override {
    pool_.reset();
    partygroup::testing::DropSchema(config_);
  }

  // The stored results of cycle 7, revision 1: "<subject_id>:<score_centi>:<name>" in id order.
  std::vector<std::string> Stored() {
    std::vector<std::string> stored;
    EXPECT_THAT(db::RunWithConnection(
                    *pool_, "read",
                    [&](sql::Connection& c) {
                      std::unique_ptr<sql::Statement> s(c.createStatement());
                      std::unique_ptr<sql::ResultSet> rows(s->executeQuery(
                          "SELECT subject_id, score_centi, result_pb FROM cycle_result "
                          "WHERE cycle_id = 7 AND revision = 1 ORDER BY subject_id"));
                      while (rows->next()) {
                        v1::Result result;
                        EXPECT_TRUE(result.ParseFromString(rows->getString(3)));
                        // Byte for byte what was written (its varints are no valid UTF-8).
                        v1::Result expected = GroupResult(rows->getInt64(1));
                        expected.set_cycle_id(7);
                        expected.set_revision(1);
                        EXPECT_EQ(result.SerializeAsString(), expected.SerializeAsString());
                        stored.push_back(absl::StrCat(rows->getInt64(1), ":", rows->getInt64(2),
                                                      ":", result.subject_name()));
                      }
                      return absl::OkStatus();
                    }),
                IsOk());
    return stored;
  }

  db::DbConfig config_;
  std::unique_ptr<db::ConnectionPool> pool_;
};

TEST_F(ResultWriterTest, EveryResultLandsWithItsValuesAcrossStatements) {
  // Two full statements and a short one.
  const int64_t count = 2 * static_cast<int64_t>(store::kResultsPerStatement) + 37;
  ASSERT_THAT(db::RunInTransaction(*pool_, "write",
                                   [&](sql::Connection& c) {
                                     ResultWriter writer(c, 7, 1);
                                     for (int64_t id = 1; id <= count; ++id) {
                                       writer.Add(GroupResult(id), "{}");
                                     }
                                     RETURN_IF_ERROR(writer.Flush());
                                     EXPECT_EQ(writer.written(), count);
                                     return absl::OkStatus();
                                   }),
              IsOk());
  const std::vector<std::string> stored = Stored();
  ASSERT_EQ(stored.size(), static_cast<size_t>(count));
  EXPECT_EQ(stored.front(), "1:9001:第1党小组");
  EXPECT_EQ(stored[200], "201:9201:第201党小组");
  EXPECT_EQ(stored.back(), absl::StrCat(count, ":", 9000 + count, ":第", count, "党小组"));
}

TEST_F(ResultWriterTest, ARecomputationReplacesWhatTheRevisionHeld) {
  // A first computation with groups 1-3, then one with groups 2 and 4: 1 and 3 are gone, 2 is
  // written again; another revision of the cycle is left alone.
  auto write = [&](int revision, const std::vector<int64_t>& ids) {
    return db::RunInTransaction(*pool_, "write", [&](sql::Connection& c) {
      ResultWriter writer(c, 7, revision);
      for (int64_t id : ids) writer.Add(GroupResult(id), "{}");
      RETURN_IF_ERROR(writer.Flush());
      return absl::OkStatus();
    });
  };
  ASSERT_THAT(write(1, {1, 2, 3}), IsOk());
  ASSERT_THAT(write(2, {5}), IsOk());
  ASSERT_THAT(write(1, {2, 4}), IsOk());
  EXPECT_THAT(Stored(), ::testing::ElementsAre("2:9002:第2党小组", "4:9004:第4党小组"));
  int64_t other_revision = 0;
  ASSERT_THAT(db::RunWithConnection(*pool_, "count",
                                    [&](sql::Connection& c) {
                                      std::unique_ptr<sql::Statement> s(c.createStatement());
                                      std::unique_ptr<sql::ResultSet> rows(
                                          s->executeQuery("SELECT COUNT(*) FROM cycle_result "
                                                          "WHERE cycle_id = 7 AND revision = 2"));
                                      rows->next();
                                      other_revision = rows->getInt64(1);
                                      return absl::OkStatus();
                                    }),
              IsOk());
  EXPECT_EQ(other_revision, 1);
}

TEST_F(ResultWriterTest, AStatementThatFailsFailsTheTransactionAndNothingIsLeft) {
  // The same group twice, in the second statement: its insert fails on the writer's thread and
  // the failure reaches the transaction, which is rolled back whole.
  const auto kPerStatement = static_cast<int64_t>(store::kResultsPerStatement);
  absl::Status status = db::RunInTransaction(*pool_, "write", [&](sql::Connection& c) {
    ResultWriter writer(c, 7, 1);
    for (int64_t id = 1; id <= 2 * kPerStatement + 10; ++id) {
      writer.Add(GroupResult(id == kPerStatement + 5 ? kPerStatement + 4 : id), "{}");
    }
    RETURN_IF_ERROR(writer.Flush());
    return absl::OkStatus();
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(Stored(), ::testing::IsEmpty());
}

TEST_F(ResultWriterTest, AWriterLeftWithoutFlushWaitsForItsStatementBeforeTheRollback) {
  // The computation failed (a peer went down) with a statement in flight: the transaction is
  // rolled back after the writer is gone, and nothing of it stays.
  absl::Status status = db::RunInTransaction(*pool_, "write", [&](sql::Connection& c) {
    ResultWriter writer(c, 7, 1);
    for (int64_t id = 1; id <= static_cast<int64_t>(store::kResultsPerStatement) + 1; ++id) {
      writer.Add(GroupResult(id), "{}");
    }
    return absl::UnavailableError("the activity service could not answer");
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("activity")));
  EXPECT_THAT(Stored(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace partygroup::assessment
