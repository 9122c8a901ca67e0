// The database's dates and instants read back exactly, by the fast path and the general one.
#include "common/proto/convert.h"

#include "absl/time/civil_time.h"
#include "common/testing/status_matchers.h"
#include "gtest/gtest.h"

namespace partygroup::proto {
namespace {

using ::partygroup::testing::StatusIs;

TEST(SqlTimeTest, AnInstantRoundTripsToTheMicrosecond) {
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(2025, 3, 10, 1, 2, 3), absl::UTCTimeZone()) +
      absl::Microseconds(456789);
  ASSERT_OK_AND_ASSIGN(absl::Time back, ParseSqlTime(FormatSqlTime(t)));
  EXPECT_EQ(back, t);
}

TEST(SqlTimeTest, FractionsOfAnyLengthAndNoneAreRead) {
  const absl::Time whole =
      absl::FromCivil(absl::CivilSecond(2026, 12, 31, 23, 59, 59), absl::UTCTimeZone());
  ASSERT_OK_AND_ASSIGN(absl::Time none, ParseSqlTime("2026-12-31 23:59:59"));
  EXPECT_EQ(none, whole);
  ASSERT_OK_AND_ASSIGN(absl::Time tenth, ParseSqlTime("2026-12-31 23:59:59.5"));
  EXPECT_EQ(tenth, whole + absl::Milliseconds(500));
  ASSERT_OK_AND_ASSIGN(absl::Time micro, ParseSqlTime("2026-12-31 23:59:59.000001"));
  EXPECT_EQ(micro, whole + absl::Microseconds(1));
}

TEST(SqlTimeTest, WhatIsNotATimeIsAnError) {
  EXPECT_THAT(ParseSqlTime("2026-02-30 10:00:00"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseSqlTime("2026-12-31 24:00:00"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseSqlTime("yesterday"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseSqlTime(""), StatusIs(absl::StatusCode::kInternal));
}

TEST(SqlDateTest, ADayRoundTripsAndAnImpossibleDayIsAnError) {
  ASSERT_OK_AND_ASSIGN(absl::CivilDay day, ParseSqlDate("2024-02-29"));
  EXPECT_EQ(day, absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(FormatSqlDate(day), "2024-02-29");
  EXPECT_THAT(ParseSqlDate("2025-02-29"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseSqlDate("2025-13-01"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseSqlDate("20250101"), StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace partygroup::proto
