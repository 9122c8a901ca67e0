// 第四条: dues by the national brackets, in fen, at the bracket edges.
#include "common/rules/dues.h"

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
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

// 中组发〔2008〕3号: the amount a month records — the national one, more freely, less or nothing
// only as approved, a farmer's as chosen.
TEST(DuesTest, TheRecordedAmountIsTheNationalOneOrMoreOrWhatTheSuperiorApproved) {
  const int64_t base = 500000;  // 5000 元: 1%, 50 元
  EXPECT_EQ(*RecordedDuesFen(DuesCategory::kEmployed, base, 0, DuesExemption::kNone), 5000);
  EXPECT_EQ(*RecordedDuesFen(DuesCategory::kEmployed, base, 10000, DuesExemption::kNone), 10000);
  const absl::StatusOr<int64_t> less =
      RecordedDuesFen(DuesCategory::kEmployed, base, 4000, DuesExemption::kNone);
  EXPECT_EQ(less.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(less.status().message()), ::testing::HasSubstr("amount_fen"));
  EXPECT_EQ(*RecordedDuesFen(DuesCategory::kEmployed, base, 1000, DuesExemption::kReduced), 1000);
  EXPECT_FALSE(RecordedDuesFen(DuesCategory::kEmployed, base, 5000, DuesExemption::kReduced).ok());
  EXPECT_FALSE(RecordedDuesFen(DuesCategory::kEmployed, base, 0, DuesExemption::kReduced).ok());
  EXPECT_EQ(*RecordedDuesFen(DuesCategory::kEmployed, base, 0, DuesExemption::kWaived), 0);
  EXPECT_FALSE(RecordedDuesFen(DuesCategory::kEmployed, base, 100, DuesExemption::kWaived).ok());
  // Farmers: 0.2 元 to 1 元 as they choose, or more.
  EXPECT_EQ(*RecordedDuesFen(DuesCategory::kFarmer, 0, 0, DuesExemption::kNone), 20);
  EXPECT_EQ(*RecordedDuesFen(DuesCategory::kFarmer, 0, 100, DuesExemption::kNone), 100);
  EXPECT_FALSE(RecordedDuesFen(DuesCategory::kFarmer, 0, 10, DuesExemption::kNone).ok());
  EXPECT_FALSE(RecordedDuesFen(DuesCategory::kEmployed, base, -1, DuesExemption::kNone).ok());
}

}  // namespace
}  // namespace partygroup::rules
