// Reading an OA directory export (CSV, RFC 4180, UTF-8, header row first) into import records.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::org {

// One row of an import: the record, or why the row could not be read.
struct ImportRow {
  int row = 0;  // the CSV record number (header = 1), or the stream position (from 1)
  v1::ImportRecord record;
  std::string error;  // non-empty: the row is reported, not applied
};

// INVALID_ARGUMENT naming `csv` when the file cannot be parsed or the header lacks a required
// column; otherwise one ImportRow per data row, with per-row errors for unreadable values.
absl::StatusOr<std::vector<ImportRow>> ParseImportCsv(v1::ImportKind kind, const std::string& csv);

}  // namespace partygroup::org
