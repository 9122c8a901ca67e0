// 第四条: dues by the national brackets, in fen, at the bracket edges.
#include "common/rules/dues.h"

#include "common/testing/status_matchers.h"
#include "gtest/gtest.h"

namespace partygroup::rules {
namespace {

using ::partygroup::testing::StatusIs;

struct DuesCase {
  const char* name;
  DuesCategory category;
  int64_t base_pay_fen;
  int64_t dues_fen;
};

class DuesBracketTest : public ::testing::TestWithParam<DuesCase> {};

TEST_P(DuesBracketTest, AmountIsTheBracketRateOfTheWholeBaseRoundedToTheFen) {
  auto dues = MonthlyDuesFen(GetParam().category, GetParam().base_pay_fen);
  ASSERT_TRUE(dues.ok()) << dues.status();
  EXPECT_EQ(*dues, GetParam().dues_fen);
}

INSTANTIATE_TEST_SUITE_P(
    Article4, DuesBracketTest,
    ::testing::Values(
        DuesCase{"employed_zero", DuesCategory::kEmployed, 0, 0},
        DuesCase{"employed_3000_is_half_percent", DuesCategory::kEmployed, 300000, 1500},
        DuesCase{"employed_3000_01_is_one_percent", DuesCategory::kEmployed, 300001, 3000},
        DuesCase{"employed_5000_is_one_percent", DuesCategory::kEmployed, 500000, 5000},
        DuesCase{"employed_5000_01_is_one_and_half", DuesCategory::kEmployed, 500001, 7500},
        DuesCase{"employed_10000_is_one_and_half", DuesCategory::kEmployed, 1000000, 15000},
        DuesCase{"employed_10000_01_is_two_percent", DuesCategory::kEmployed, 1000001, 20000},
        DuesCase{"employed_rounds_half_up", DuesCategory::kEmployed, 100, 1},  // 0.5 fen
        DuesCase{"employed_rounds_down", DuesCategory::kEmployed, 99, 0},      // 0.495 fen
        DuesCase{"employed_4321_50", DuesCategory::kEmployed, 432150, 4322},   // 4321.5 fen
        DuesCase{"retired_5000_is_half_percent", DuesCategory::kRetired, 500000, 2500},
        DuesCase{"retired_5000_01_is_one_percent", DuesCategory::kRetired, 500001, 5000},
        DuesCase{"no_income_pays_twenty_fen", DuesCategory::kNoIncome, 0, 20},
        DuesCase{"no_income_ignores_pay", DuesCategory::kNoIncome, 123456, 20}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(DuesTest, NegativeOrAbsurdPayIsInvalid) {
  EXPECT_THAT(MonthlyDuesFen(DuesCategory::kEmployed, -1),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MonthlyDuesFen(DuesCategory::kEmployed, int64_t{1} << 62),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(DuesTest, RatesInBasisPoints) {
  EXPECT_EQ(DuesRateBasisPoints(DuesCategory::kEmployed, 300000), 50);
  EXPECT_EQ(DuesRateBasisPoints(DuesCategory::kEmployed, 1000001), 200);
  EXPECT_EQ(DuesRateBasisPoints(DuesCategory::kRetired, 800000), 100);
  EXPECT_EQ(DuesRateBasisPoints(DuesCategory::kNoIncome, 800000), 0);
}

}  // namespace
}  // namespace partygroup::rules
