// 第四条 (党费收缴): the monthly dues a member owes, by the national brackets
// (中组发〔2008〕3号), in integer fen — money never passes through floating point.
//
//   employed, monthly base pay (fen):  ≤ 3000 元  0.5%;  ≤ 5000 元  1%;  ≤ 10000 元  1.5%;  above
//   2% retired:                           ≤ 5000 元  0.5%;  above 1% students and members without
//   income: 0.2 元 a month
// The rate applies to the whole base (not progressively); the amount is rounded half up to the
// fen.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"

namespace partygroup::rules {

enum class DuesCategory { kEmployed, kRetired, kNoIncome };

// INVALID_ARGUMENT for a negative base pay or one above 1 亿元.
absl::StatusOr<int64_t> MonthlyDuesFen(DuesCategory category, int64_t base_pay_fen);

// The rate in basis points (1/100 of a percent) that applies, or 0 for kNoIncome.
int DuesRateBasisPoints(DuesCategory category, int64_t base_pay_fen);

}  // namespace partygroup::rules
