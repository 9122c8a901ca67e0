#include "common/rules/dues.h"

#include "absl/strings/str_cat.h"

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
    case DuesCategory::kFarmer:
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
  if (category == DuesCategory::kNoIncome || category == DuesCategory::kFarmer) {
    return kNoIncomeDuesFen;
  }
  const int64_t rate = DuesRateBasisPoints(category, base_pay_fen);
  return (base_pay_fen * rate + 5000) / 10000;  // half up
}

absl::StatusOr<int64_t> RecordedDuesFen(DuesCategory category, int64_t base_pay_fen,
                                        int64_t paid_fen, DuesExemption exemption) {
  absl::StatusOr<int64_t> national = MonthlyDuesFen(category, base_pay_fen);
  if (!national.ok()) return national.status();
  if (paid_fen < 0) return absl::InvalidArgumentError("amount_fen: must not be negative");
  if (paid_fen > kMaxBasePayFen) {
    return absl::InvalidArgumentError("amount_fen: more than 1 亿元 is not a month's dues");
  }
  switch (exemption) {
    case DuesExemption::kWaived:
      if (paid_fen != 0) {
        return absl::InvalidArgumentError("amount_fen: a waived month (免交) pays nothing");
      }
      return 0;
    case DuesExemption::kReduced:
      if (paid_fen == 0 || paid_fen >= *national) {
        return absl::InvalidArgumentError(
            absl::StrCat("amount_fen: a reduced month (少交) pays more than nothing and less than ",
                         *national, " fen"));
      }
      return paid_fen;
    case DuesExemption::kNone:
      break;
  }
  // A farmer pays 0.2 元 to 1 元 as they choose; anyone may pay more (自愿多交).
  if (paid_fen == 0) return *national;
  if (paid_fen < *national) {
    return absl::InvalidArgumentError(absl::StrCat(
        "amount_fen: ", paid_fen, " fen is less than the ", *national,
        " fen due; paying less (少交) needs the superior committee's approval (exemption)"));
  }
  return paid_fen;
}

}  // namespace partygroup::rules
