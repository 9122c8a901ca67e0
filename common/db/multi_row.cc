#include "common/db/multi_row.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/db/statement_cache.h"

namespace partygroup::db {

int ParametersOf(absl::string_view row) {
  return static_cast<int>(std::count(row.begin(), row.end(), '?'));
}

std::string Placeholders(size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) absl::StrAppend(&text, i == 0 ? "?" : ", ?");
  return text;
}

void InsertRows(sql::Connection& connection, absl::string_view head, absl::string_view row,
                size_t count, RowBinder bind, size_t rows_per_statement, absl::string_view tail) {
  const int per_row = ParametersOf(row);
  rows_per_statement = std::max<size_t>(1, rows_per_statement);
  Statement full;  // the full-size statement, prepared once for all the full chunks
  for (size_t first = 0; first < count; first += rows_per_statement) {
    const size_t rows = std::min(rows_per_statement, count - first);
    Statement part;
    sql::PreparedStatement* statement = full.get();
    if (rows != rows_per_statement || statement == nullptr) {
      std::string text = absl::StrCat(head, " ");
      for (size_t i = 0; i < rows; ++i) absl::StrAppend(&text, i == 0 ? "" : ", ", row);
      absl::StrAppend(&text, tail);
      // A short text (an audit row, an event, a meeting's attendance: every mutation writes
      // them) stays prepared on a pooled connection, and so does the full-size one (an import's
      // 500 rows, chunk after chunk); a long last part is prepared for this use.
      part = Prepare(connection, text, rows == rows_per_statement ? Keep::kAlways : Keep::kIfShort);
      statement = part.get();
      if (rows == rows_per_statement) full = std::move(part);
    }
    for (size_t i = 0; i < rows; ++i) {
      bind(*statement, 1 + static_cast<int>(i) * per_row, first + i);
    }
    statement->execute();
  }
}

}  // namespace partygroup::db
