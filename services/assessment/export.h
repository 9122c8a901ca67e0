// A cycle's results in the layout a working committee forwards: a sheet (or CSV file) of
// results, one row per subject, and a sheet of evidence, one row per line of what fell short.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "partygroup/assessment/v1/assessment_service.pb.h"

namespace partygroup::assessment {

// One .xlsx workbook (sheets 考核结果 and 扣分依据). INTERNAL if the workbook cannot be written.
absl::StatusOr<v1::ExportFile> ExportWorkbook(const v1::Cycle& cycle,
                                              const std::vector<v1::Result>& results);

// Two CSV files, UTF-8 with a byte-order mark so that Excel reads the Chinese.
std::vector<v1::ExportFile> ExportCsv(const v1::Cycle& cycle,
                                      const std::vector<v1::Result>& results);

}  // namespace partygroup::assessment
