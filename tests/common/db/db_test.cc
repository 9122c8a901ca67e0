// The database layer against the private MariaDB of tests/run.sh.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/db/transaction.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_db.h"

namespace partygroup::db {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::HasSubstr;

absl::Status Execute(sql::Connection& connection, const std::string& statement) {
  std::unique_ptr<sql::Statement> s(connection.createStatement());
  s->execute(statement);
  return absl::OkStatus();
}

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::TestDbConfig();
    config_.pool_size = 2;
    ASSERT_OK_AND_ASSIGN(pool_, ConnectionPool::Create(config_));
    ASSERT_THAT(RunWithConnection(*pool_, "create table",
                                  [](sql::Connection& c) {
                                    return Execute(c,
                                                   "CREATE TABLE note (id INT PRIMARY KEY, "
                                                   "text VARCHAR(20) NOT NULL) ENGINE=InnoDB");
                                  }),
                IsOk());
  }
  void TearDown() override {
    pool_.reset();
    testing::DropSchema(config_);
  }

  int64_t CountNotes() {
    int64_t count = -1;
    EXPECT_THAT(RunWithConnection(*pool_, "count",
                                  [&](sql::Connection& c) {
                                    std::unique_ptr<sql::Statement> s(c.createStatement());
                                    std::unique_ptr<sql::ResultSet> rows(
                                        s->executeQuery("SELECT COUNT(*) FROM note"));
                                    rows->next();
                                    count = rows->getInt64(1);
                                    return absl::OkStatus();
                                  }),
                IsOk());
    return count;
  }

  DbConfig config_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(DbTest, CreateMakesTheSchemaWithUtf8mb4) {
  std::string charset;
  ASSERT_THAT(RunWithConnection(*pool_, "charset",
                                [&](sql::Connection& c) {
                                  std::unique_ptr<sql::Statement> s(c.createStatement());
                                  std::unique_ptr<sql::ResultSet> rows(s->executeQuery(
                                      "SELECT DEFAULT_CHARACTER_SET_NAME FROM "
                                      "information_schema.SCHEMATA WHERE SCHEMA_NAME = "
                                      "DATABASE()"));
                                  rows->next();
                                  charset = rows->getString(1);
                                  return absl::OkStatus();
                                }),
              IsOk());
  EXPECT_EQ(charset, "utf8mb4");
}

TEST_F(DbTest, ChineseTextRoundTrips) {
  ASSERT_THAT(RunInTransaction(*pool_, "insert",
                               [](sql::Connection& c) {
                                 return Execute(c, "INSERT INTO note VALUES (1, '党小组会')");
                               }),
              IsOk());
  std::string text;
  ASSERT_THAT(RunWithConnection(*pool_, "read",
                                [&](sql::Connection& c) {
                                  std::unique_ptr<sql::Statement> s(c.createStatement());
                                  std::unique_ptr<sql::ResultSet> rows(
                                      s->executeQuery("SELECT text FROM note WHERE id = 1"));
                                  rows->next();
                                  text = rows->getString(1);
                                  return absl::OkStatus();
                                }),
              IsOk());
  EXPECT_EQ(text, "党小组会");
}

TEST_F(DbTest, PoolIsBoundedAndAnswersUnavailableWhenExhausted) {
  config_.acquire_timeout = absl::Milliseconds(200);
  ASSERT_OK_AND_ASSIGN(auto small_pool, ConnectionPool::Create(config_));
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease first, small_pool->Acquire());
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease second, small_pool->Acquire());
  EXPECT_EQ(small_pool->open_connections(), 2);
  EXPECT_THAT(small_pool->Acquire(), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("busy")));
  { ConnectionPool::Lease returned = std::move(first); }
  EXPECT_THAT(small_pool->Acquire(), IsOk());
  EXPECT_EQ(small_pool->open_connections(), 2);
}

TEST_F(DbTest, PoolReplacesAConnectionTheServerKilled) {
  int64_t victim_id = 0;
  {
    ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease lease, pool_->Acquire());
    std::unique_ptr<sql::Statement> s(lease->createStatement());
    std::unique_ptr<sql::ResultSet> rows(s->executeQuery("SELECT CONNECTION_ID()"));
    rows->next();
    victim_id = rows->getInt64(1);
  }
  // Kill it from another connection while it sits idle in the pool, longer than a moment: the
  // pool pings it, finds it dead and lends a new one.
  {
    auto killer = OpenConnection(config_, /*use_schema=*/true);
    ASSERT_THAT(killer, IsOk());
    ASSERT_THAT(Execute(**killer, absl::StrCat("KILL ", victim_id)), IsOk());
  }
  absl::SleepFor(config_.ping_idle_after + absl::Milliseconds(100));
  EXPECT_THAT(
      RunWithConnection(*pool_, "select", [](sql::Connection& c) { return Execute(c, "DO 1"); }),
      IsOk());
  EXPECT_LE(pool_->open_connections(), config_.pool_size);
}

TEST_F(DbTest, AConnectionDroppedAMomentAfterUseFailsOneCallAndIsReplaced) {
  int64_t victim_id = 0;
  ASSERT_THAT(RunWithConnection(*pool_, "id",
                                [&](sql::Connection& c) {
                                  std::unique_ptr<sql::Statement> s(c.createStatement());
                                  std::unique_ptr<sql::ResultSet> rows(
                                      s->executeQuery("SELECT CONNECTION_ID()"));
                                  rows->next();
                                  victim_id = rows->getInt64(1);
                                  return absl::OkStatus();
                                }),
              IsOk());
  auto killer = OpenConnection(config_, /*use_schema=*/true);
  ASSERT_THAT(killer, IsOk());
  ASSERT_THAT(Execute(**killer, absl::StrCat("KILL ", victim_id)), IsOk());
  // Lent without a ping: the call answers UNAVAILABLE (a client may retry it) ...
  EXPECT_THAT(
      RunWithConnection(*pool_, "select", [](sql::Connection& c) { return Execute(c, "DO 1"); }),
      StatusIs(absl::StatusCode::kUnavailable));
  // ... and the next one gets a new connection.
  EXPECT_THAT(
      RunWithConnection(*pool_, "select", [](sql::Connection& c) { return Execute(c, "DO 1"); }),
      IsOk());
}

TEST_F(DbTest, TransactionCommitsWhenTheBodySucceeds) {
  EXPECT_THAT(RunInTransaction(*pool_, "insert two",
                               [](sql::Connection& c) {
                                 RETURN_IF_ERROR(Execute(c, "INSERT INTO note VALUES (1, 'a')"));
                                 return Execute(c, "INSERT INTO note VALUES (2, 'b')");
                               }),
              IsOk());
  EXPECT_EQ(CountNotes(), 2);
}

TEST_F(DbTest, FailingBodyLeavesNoRow) {
  EXPECT_THAT(RunInTransaction(*pool_, "insert then fail",
                               [](sql::Connection& c) {
                                 RETURN_IF_ERROR(Execute(c, "INSERT INTO note VALUES (1, 'a')"));
                                 return absl::FailedPreconditionError("GROUP_TOO_SMALL (第一条)");
                               }),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("第一条")));
  EXPECT_EQ(CountNotes(), 0);
}

TEST_F(DbTest, SqlErrorHalfWayRollsBackAndMapsTheCode) {
  EXPECT_THAT(RunInTransaction(*pool_, "insert duplicate",
                               [](sql::Connection& c) {
                                 RETURN_IF_ERROR(Execute(c, "INSERT INTO note VALUES (1, 'a')"));
                                 return Execute(c, "INSERT INTO note VALUES (1, 'again')");
                               }),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("insert duplicate")));
  EXPECT_EQ(CountNotes(), 0);
  // The connection went back to the pool in autocommit mode and still works.
  EXPECT_THAT(RunInTransaction(*pool_, "insert",
                               [](sql::Connection& c) {
                                 return Execute(c, "INSERT INTO note VALUES (1, 'a')");
                               }),
              IsOk());
  EXPECT_EQ(CountNotes(), 1);
}

TEST_F(DbTest, SavepointUndoesOnlyTheFailingPart) {
  absl::Status part;
  EXPECT_THAT(RunInTransaction(*pool_, "import",
                               [&](sql::Connection& c) {
                                 RETURN_IF_ERROR(Execute(c, "INSERT INTO note VALUES (1, 'a')"));
                                 part = RunInSavepoint(c, "row 2", [](sql::Connection& c) {
                                   RETURN_IF_ERROR(Execute(c, "INSERT INTO note VALUES (2, 'b')"));
                                   return Execute(c, "INSERT INTO note VALUES (1, 'dup')");
                                 });
                                 RETURN_IF_ERROR(RunInSavepoint(c, "row 3", [](sql::Connection& c) {
                                   return Execute(c, "INSERT INTO note VALUES (3, 'c')");
                                 }));
                                 return absl::OkStatus();
                               }),
              IsOk());
  EXPECT_THAT(part, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("row 2")));
  // Rows 1 and 3 committed; row 2, written before its part failed, is gone.
  EXPECT_EQ(CountNotes(), 2);
}

TEST_F(DbTest, InsertRowsWritesEveryRowAcrossStatementsWithItsOwnValues) {
  // 1,201 rows, 500 a statement: two full statements and a short one.
  ASSERT_THAT(RunInTransaction(*pool_, "insert rows",
                               [](sql::Connection& c) {
                                 InsertRows(c, "INSERT INTO note (id, text) VALUES", "(?, ?)", 1201,
                                            [](sql::PreparedStatement& s, int p, size_t i) {
                                              s.setInt(p, static_cast<int>(i) + 1);
                                              s.setString(p + 1, absl::StrCat("第", i + 1, "行"));
                                            });
                                 return absl::OkStatus();
                               }),
              IsOk());
  EXPECT_EQ(CountNotes(), 1201);
  std::string last;
  ASSERT_THAT(RunWithConnection(*pool_, "read",
                                [&](sql::Connection& c) {
                                  std::unique_ptr<sql::Statement> s(c.createStatement());
                                  std::unique_ptr<sql::ResultSet> rows(
                                      s->executeQuery("SELECT text FROM note WHERE id = 1201"));
                                  if (rows->next()) last = rows->getString(1);
                                  return absl::OkStatus();
                                }),
              IsOk());
  EXPECT_EQ(last, "第1201行");
  // A failing row undoes the whole insert inside its transaction.
  EXPECT_THAT(RunInTransaction(*pool_, "insert a duplicate among new rows",
                               [](sql::Connection& c) {
                                 InsertRows(c, "INSERT INTO note (id, text) VALUES", "(?, ?)", 3,
                                            [](sql::PreparedStatement& s, int p, size_t i) {
                                              s.setInt(p, i == 2 ? 1 : 5000 + static_cast<int>(i));
                                              s.setString(p + 1, "x");
                                            });
                                 return absl::OkStatus();
                               }),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(CountNotes(), 1201);
  EXPECT_EQ(ParametersOf("(?, ?, NOW(6), ?)"), 3);
  EXPECT_EQ(Placeholders(3), "?, ?, ?");
}

TEST_F(DbTest, APooledConnectionKeepsItsStatementsPreparedAndLendsEachToOneUseAtATime) {
  ASSERT_THAT(RunWithConnection(*pool_, "statements",
                                [](sql::Connection& c) {
                                  const std::string text = "SELECT ? + 1";
                                  sql::PreparedStatement* first = nullptr;
                                  {
                                    Statement s = Prepare(c, text);
                                    first = s.get();
                                    s->setInt(1, 1);
                                    std::unique_ptr<sql::ResultSet> rows(s->executeQuery());
                                    EXPECT_TRUE(rows->next());
                                    EXPECT_EQ(rows->getInt(1), 2);
                                  }
                                  {
                                    // The same text again: the statement kept, its parameters
                                    // cleared.
                                    Statement again = Prepare(c, text);
                                    EXPECT_EQ(again.get(), first);
                                    // Nested: while it is out, the same text is prepared afresh,
                                    // and both read their rows.
                                    Statement nested = Prepare(c, text);
                                    EXPECT_NE(nested.get(), first);
                                    again->setInt(1, 10);
                                    nested->setInt(1, 20);
                                    std::unique_ptr<sql::ResultSet> outer(again->executeQuery());
                                    std::unique_ptr<sql::ResultSet> inner(nested->executeQuery());
                                    EXPECT_TRUE(outer->next() && inner->next());
                                    EXPECT_EQ(outer->getInt(1), 11);
                                    EXPECT_EQ(inner->getInt(1), 21);
                                  }
                                  // A long text (an IN list of a batch) is prepared per use,
                                  // unless it is one that recurs as it is: the server counts.
                                  auto prepared = [&c] {
                                    std::unique_ptr<sql::Statement> q(c.createStatement());
                                    std::unique_ptr<sql::ResultSet> r(q->executeQuery(
                                        "SHOW SESSION STATUS LIKE 'Com_stmt_prepare'"));
                                    r->next();
                                    return r->getInt64(2);
                                  };
                                  std::string long_text = "SELECT ? + 0";
                                  while (long_text.size() <= 2000) long_text += " + 0";
                                  for (const Keep keep : {Keep::kIfShort, Keep::kAlways}) {
                                    const int64_t before = prepared();
                                    for (int use = 0; use < 3; ++use) {
                                      Statement s = Prepare(c, long_text, keep);
                                      s->setInt(1, 7);
                                      std::unique_ptr<sql::ResultSet> rows(s->executeQuery());
                                      EXPECT_TRUE(rows->next());
                                      EXPECT_EQ(rows->getInt(1), 7);
                                    }
                                    EXPECT_EQ(prepared() - before, keep == Keep::kAlways ? 1 : 3);
                                  }
                                  // Many texts: the least recently used give way, every one still
                                  // answers.
                                  for (int i = 0; i < 100; ++i) {
                                    Statement s = Prepare(c, absl::StrCat("SELECT ", i, " + ?"));
                                    s->setInt(1, 1);
                                    std::unique_ptr<sql::ResultSet> rows(s->executeQuery());
                                    EXPECT_TRUE(rows->next());
                                    EXPECT_EQ(rows->getInt(1), i + 1);
                                  }
                                  return absl::OkStatus();
                                }),
              IsOk());
  // A connection of its own, outside the pool, has no cache: every use is prepared for it.
  auto own = OpenConnection(config_, /*use_schema=*/true);
  ASSERT_THAT(own, IsOk());
  Statement s = Prepare(**own, "SELECT 1");
  std::unique_ptr<sql::ResultSet> rows(s->executeQuery());
  EXPECT_TRUE(rows->next());
}

TEST_F(DbTest, DeadlockVictimIsRetriedOnceAndBothCommit) {
  ASSERT_THAT(RunInTransaction(*pool_, "seed",
                               [](sql::Connection& c) {
                                 RETURN_IF_ERROR(Execute(c, "INSERT INTO note VALUES (1, 'a')"));
                                 return Execute(c, "INSERT INTO note VALUES (2, 'b')");
                               }),
              IsOk());
  config_.pool_size = 4;
  ASSERT_OK_AND_ASSIGN(auto pool, ConnectionPool::Create(config_));
  // Two transactions lock rows 1 and 2 in opposite orders; each waits until the other holds
  // its first lock, so one of them must be chosen as the deadlock victim.
  std::atomic<int> first_locks{0};
  std::atomic<int> attempts_a{0}, attempts_b{0};
  auto locker = [&](int first, int second, std::atomic<int>& attempts) {
    return [&, first, second](sql::Connection& c) -> absl::Status {
      const int attempt = ++attempts;
      RETURN_IF_ERROR(Execute(c, absl::StrCat("UPDATE note SET text = CONCAT(text, 'x') "
                                              "WHERE id = ",
                                              first)));
      if (attempt == 1) {
        ++first_locks;
        while (first_locks.load() < 2) std::this_thread::yield();
      }
      return Execute(c,
                     absl::StrCat("UPDATE note SET text = CONCAT(text, 'y') WHERE id = ", second));
    };
  };
  absl::Status status_a, status_b;
  std::thread a([&] { status_a = RunInTransaction(*pool, "a", locker(1, 2, attempts_a)); });
  std::thread b([&] { status_b = RunInTransaction(*pool, "b", locker(2, 1, attempts_b)); });
  a.join();
  b.join();
  EXPECT_THAT(status_a, IsOk());
  EXPECT_THAT(status_b, IsOk());
  // Exactly one of them ran twice: the victim, retried by RunInTransaction.
  EXPECT_EQ(attempts_a + attempts_b, 3);
  std::string texts;
  ASSERT_THAT(RunWithConnection(*pool, "read",
                                [&](sql::Connection& c) {
                                  std::unique_ptr<sql::Statement> s(c.createStatement());
                                  std::unique_ptr<sql::ResultSet> rows(
                                      s->executeQuery("SELECT text FROM note ORDER BY id"));
                                  while (rows->next())
                                    absl::StrAppend(&texts, rows->getString(1).asStdString(), ",");
                                  return absl::OkStatus();
                                }),
              IsOk());
  // Each row was changed once by each transaction, none lost, none doubled.
  EXPECT_EQ(texts.size(), std::string("axy,bxy,").size()) << texts;
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::TestDbConfig();
    ASSERT_OK_AND_ASSIGN(pool_, ConnectionPool::Create(config_));
    ASSERT_OK_AND_ASSIGN(connection_, OpenConnection(config_, /*use_schema=*/true));
  }
  void TearDown() override {
    connection_.reset();
    pool_.reset();
    testing::DropSchema(config_);
  }

  std::vector<std::string> AppliedNames() {
    std::vector<std::string> names;
    std::unique_ptr<sql::Statement> s(connection_->createStatement());
    std::unique_ptr<sql::ResultSet> rows(
        s->executeQuery("SELECT name FROM schema_migrations ORDER BY version"));
    while (rows->next()) names.push_back(rows->getString(1));
    return names;
  }
  int64_t Count(const std::string& table) {
    std::unique_ptr<sql::Statement> s(connection_->createStatement());
    std::unique_ptr<sql::ResultSet> rows(
        s->executeQuery(absl::StrCat("SELECT COUNT(*) FROM ", table)));
    rows->next();
    return rows->getInt64(1);
  }

  DbConfig config_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<sql::Connection> connection_;
};

const std::vector<Migration>& TwoMigrations() {
  // Listed out of order on purpose: the runner sorts by version.
  static const auto* const kMigrations = new std::vector<Migration>{
      {2, "0002_seed.sql", "INSERT INTO unit (name) VALUES ('市财政局');\n"},
      {1, "0001_create.sql",
       "-- the first table\n"
       "CREATE TABLE IF NOT EXISTS unit (\n"
       "  id BIGINT AUTO_INCREMENT PRIMARY KEY,\n"
       "  name VARCHAR(100) NOT NULL\n"
       ") ENGINE=InnoDB;\n"},
  };
  return *kMigrations;
}

TEST_F(MigrationsTest, ApplyInOrderAndOnlyOnce) {
  ASSERT_OK_AND_ASSIGN(int64_t version, ApplyMigrations(*connection_, TwoMigrations()));
  EXPECT_EQ(version, 2);
  EXPECT_THAT(AppliedNames(), ::testing::ElementsAre("0001_create.sql", "0002_seed.sql"));
  EXPECT_EQ(Count("unit"), 1);

  // A second start applies nothing: the seed row is not inserted again.
  ASSERT_OK_AND_ASSIGN(version, ApplyMigrations(*connection_, TwoMigrations()));
  EXPECT_EQ(version, 2);
  EXPECT_EQ(Count("unit"), 1);

  // A later release adds 0003; only it runs.
  std::vector<Migration> three = TwoMigrations();
  three.push_back({3, "0003_more.sql", "INSERT INTO unit (name) VALUES ('市教育局');"});
  ASSERT_OK_AND_ASSIGN(version, ApplyMigrations(*connection_, three));
  EXPECT_EQ(version, 3);
  EXPECT_EQ(Count("unit"), 2);
}

TEST_F(MigrationsTest, FailingMigrationIsNamedAndStopsTheRest) {
  std::vector<Migration> migrations = TwoMigrations();
  migrations.push_back(
      {3, "0003_broken.sql",
       "INSERT INTO unit (name) VALUES ('a');\nINSERT INTO no_such_table VALUES (1);"});
  migrations.push_back({4, "0004_after.sql", "INSERT INTO unit (name) VALUES ('never');"});
  EXPECT_THAT(ApplyMigrations(*connection_, migrations),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::AllOf(HasSubstr("0003_broken.sql"), HasSubstr("statement 2 of 2"),
                                        HasSubstr("no_such_table"))));
  EXPECT_THAT(AppliedNames(), ::testing::ElementsAre("0001_create.sql", "0002_seed.sql"));
  EXPECT_EQ(Count("unit"), 2);  // the seed and the first statement of 0003; 0004 never ran
}

TEST_F(MigrationsTest, EditedMigrationIsRefused) {
  ASSERT_THAT(ApplyMigrations(*connection_, TwoMigrations()), IsOk());
  std::vector<Migration> edited = TwoMigrations();
  edited[0].sql = "INSERT INTO unit (name) VALUES ('市审计局');\n";
  EXPECT_THAT(ApplyMigrations(*connection_, edited),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::AllOf(HasSubstr("0002_seed.sql"), HasSubstr("changed"))));
}

TEST_F(MigrationsTest, DuplicateVersionsAreRefused) {
  std::vector<Migration> migrations = TwoMigrations();
  migrations.push_back({2, "0002_other.sql", "SELECT 1;"});
  EXPECT_THAT(ApplyMigrations(*connection_, migrations),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("share version 2")));
}

}  // namespace
}  // namespace partygroup::db
