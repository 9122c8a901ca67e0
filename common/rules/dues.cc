#include "common/rules/dues.h"

namespace partygroup::rules {
namespace {

constexpr int64_t kYuan = 100;            // fen
constexpr int64_t kNoIncomeDuesFen = 20;  // 0.2 元
constexpr int64_t kMaxBasePayFen = 100'000'000 * kYuan;

}  // namespace

int DuesRateBasisPoints(DuesCategory category, int64_t base_pay_fen) {
  switch (category) {
    case DuesCategory::kEmployed:
      if (base_pay_fen <= 3000 * kYuan) return 50;
      if (base_pay_fen <= 5000 * kYuan) return 100;
      if (base_pay_fen <= 10000 * kYuan) return 150;
      return 200;
    case DuesCategory::kRetired:
      return base_pay_fen <= 5000 * kYuan ? 50 : 100;
    case DuesCategory::kNoIncome:
      return 0;
  }
  return 0;
}

absl::StatusOr<int64_t> MonthlyDuesFen(DuesCategory category, int64_t base_pay_fen) {
  if (base_pay_fen < 0) {
    return absl::InvalidArgumentError("base_pay_fen: must not be negative");
  }
  if (base_pay_fen > kMaxBasePayFen) {
    return absl::InvalidArgumentError("base_pay_fen: more than 1 亿元 a month is not a base pay");
  }
  if (category == DuesCategory::kNoIncome) return kNoIncomeDuesFen;
  const int64_t rate = DuesRateBasisPoints(category, base_pay_fen);
  return (base_pay_fen * rate + 5000) / 10000;  // half up
}

}  // namespace partygroup::rules
