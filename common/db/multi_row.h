// Writing many rows in few statements: "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), ...", a
// bounded number of rows per statement. A city's records (an import's members, a year's dues,
// a cycle's results) are written in a few round trips instead of one per row.
//
//   db::InsertRows(c, "INSERT INTO member_history (member_id, kind) VALUES", "(?, ?)",
//                  rows.size(), [&](sql::PreparedStatement& s, int p, size_t i) {
//                    s.setInt64(p, rows[i].member_id);
//                    s.setString(p + 1, rows[i].kind);
//                  });
#pragma once

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <cstddef>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"

namespace partygroup::db {

// Binds row `index`'s values from parameter `first` on (1-based, as Connector/C++ counts).
using RowBinder = absl::FunctionRef<void(sql::PreparedStatement&, int first, size_t index)>;

// Inserts rows 0..count-1: `head` is the statement up to VALUES, `row` one row's placeholder
// group ("(?, ?, NOW(6))"), `bind` sets a row's parameters. Throws sql::SQLException like the
// statements it runs; run it inside a transaction for all or nothing.
// `tail` ends each statement (" ON DUPLICATE KEY UPDATE ...").
void InsertRows(sql::Connection& connection, absl::string_view head, absl::string_view row,
                size_t count, RowBinder bind, size_t rows_per_statement = 500,
                absl::string_view tail = "");

// The number of '?' in a row's placeholder group.
int ParametersOf(absl::string_view row);

// "?, ?, ?": `count` placeholders, for IN lists bound as parameters.
std::string Placeholders(size_t count);

}  // namespace partygroup::db
