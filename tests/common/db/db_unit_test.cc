#include "absl/status/status.h"
#include "common/db/migrations.h"
#include "common/db/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace partygroup::db {
namespace {

using ::testing::ElementsAre;

TEST(MysqlErrorTest, ErrorsMapToTheMostSpecificCode) {
  EXPECT_EQ(StatusCodeForMysqlError(1062), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(StatusCodeForMysqlError(1213), absl::StatusCode::kAborted);
  EXPECT_EQ(StatusCodeForMysqlError(1205), absl::StatusCode::kAborted);
  for (int gone : {2002, 2003, 2006, 2013}) {
    EXPECT_EQ(StatusCodeForMysqlError(gone), absl::StatusCode::kUnavailable) << gone;
    EXPECT_TRUE(IsConnectionLost(gone)) << gone;
  }
  EXPECT_EQ(StatusCodeForMysqlError(1452), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(StatusCodeForMysqlError(1406), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(StatusCodeForMysqlError(1045), absl::StatusCode::kInternal);
  EXPECT_FALSE(IsConnectionLost(1062));
}

TEST(SplitSqlStatementsTest, SplitsAtSemicolonsThatEndALine) {
  const char* sql =
      "-- a comment; with a semicolon\n"
      "CREATE TABLE a (\n"
      "  note VARCHAR(10) DEFAULT 'x;y'\n"
      ");\n"
      "\n"
      "INSERT INTO a VALUES ('1');  \n"
      "INSERT INTO a VALUES ('2')";
  EXPECT_THAT(SplitSqlStatements(sql),
              ElementsAre("CREATE TABLE a (\n  note VARCHAR(10) DEFAULT 'x;y'\n)",
                          "INSERT INTO a VALUES ('1')", "INSERT INTO a VALUES ('2')"));
  EXPECT_THAT(SplitSqlStatements("-- only a comment\n"), ElementsAre());
}

TEST(MigrationChecksumTest, IsTheSha256OfTheText) {
  // sha256("") is well known.
  EXPECT_EQ(MigrationChecksum(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_NE(MigrationChecksum("CREATE TABLE a (x INT);"),
            MigrationChecksum("CREATE TABLE a (x BIGINT);"));
}

}  // namespace
}  // namespace partygroup::db
