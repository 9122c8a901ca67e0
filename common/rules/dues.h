// 第四条 (党费收缴): the monthly dues a member owes, by the national brackets
// (中组发〔2008〕3号), in integer fen — money never passes through floating point.
//
//   employed (在职), monthly base pay:  ≤ 3000 元 0.5%;  ≤ 5000 元 1%;  ≤ 10000 元 1.5%;  above 2%
//   retired (离退休):                   ≤ 5000 元 0.5%;  above 1%
//   farmers (农民):                     0.2 元 to 1 元 a month, the amount the member pays
//   students and members without income or with little (学生、下岗失业、生活困难): 0.2 元 a month
// The base is the monthly pay after tax (每月工资收入（税后）), its fixed and regular part; the
// rate applies to the whole base (not progressively); the amount is rounded half up to the fen.
// A member may pay more than the amount, freely (自愿多交党费不限); an economically difficult
// member may pay less or nothing when the branch decided it and the superior committee approved
// it (少交、免交).
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"

namespace partygroup::rules {

enum class DuesCategory { kEmployed, kRetired, kNoIncome, kFarmer };

// 少交 / 免交, each with the superior committee's approval.
enum class DuesExemption { kNone, kReduced, kWaived };

// The national amount. INVALID_ARGUMENT for a negative base pay or one above 1 亿元. A farmer's is
// the least (0.2 元): the member chooses up to 1 元 (RecordedDuesFen).
absl::StatusOr<int64_t> MonthlyDuesFen(DuesCategory category, int64_t base_pay_fen);

// What a month's payment records, given the amount paid (`paid_fen`, 0: the national amount):
// the national amount or more (自愿多交); a farmer's 0.2 元 to 1 元, or more; less than the
// national amount only with kReduced, and nothing with kWaived. INVALID_ARGUMENT naming amount_fen
// otherwise.
absl::StatusOr<int64_t> RecordedDuesFen(DuesCategory category, int64_t base_pay_fen,
                                        int64_t paid_fen, DuesExemption exemption);

// The rate in basis points (1/100 of a percent) that applies, or 0 for kNoIncome.
int DuesRateBasisPoints(DuesCategory category, int64_t base_pay_fen);

}  // namespace partygroup::rules
