// How a store keeps its exceptions: every public store function runs its statements through
// Guarded, so that what Connector/C++ throws (sql::SQLException) and what reading a stored
// value throws (std::stoi's std::invalid_argument, nlohmann's parse errors, ...) come back as an
// absl::Status and never cross out of the store.
//
//   absl::StatusOr<int64_t> InsertTalk(sql::Connection& c, const v1::Talk& talk) {
//     return db::Guarded("insert talk", [&] {
//       db::Statement s = db::Prepare(c, sql_text::kInsertTalk);
//       ...
//       return LastInsertId(c);
//     });
//   }
//
// The body may return nothing (Guarded returns absl::Status), a value T (absl::StatusOr<T>), an
// absl::Status or an absl::StatusOr<T> (returned as they are). A database error is mapped as
// mysql_error.h says (a lost connection is UNAVAILABLE, a deadlock ABORTED: RunInTransaction
// drops the one and retries the other); anything else thrown is INTERNAL, naming `what`.
#pragma once

#include <cppconn/exception.h>

#include <exception>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/db/mysql_error.h"

namespace partygroup::db {
namespace guarded_internal {

template <typename T>
struct ResultOf {
  using type = absl::StatusOr<T>;
};
template <>
struct ResultOf<void> {
  using type = absl::Status;
};
template <>
struct ResultOf<absl::Status> {
  using type = absl::Status;
};
template <typename T>
struct ResultOf<absl::StatusOr<T>> {
  using type = absl::StatusOr<T>;
};

}  // namespace guarded_internal

template <typename Body>
auto Guarded(absl::string_view what, Body&& body) ->
    typename guarded_internal::ResultOf<std::invoke_result_t<Body>>::type {
  using Returned = std::invoke_result_t<Body>;
  using Result = typename guarded_internal::ResultOf<Returned>::type;
  try {
    if constexpr (std::is_void_v<Returned>) {
      body();
      return absl::OkStatus();
    } else {
      return Result(body());
    }
  } catch (const sql::SQLException& e) {
    return Result(StatusFromSqlException(e, what));
  } catch (const std::exception& e) {
    return Result(
        absl::InternalError(absl::StrCat(what, ": a stored value is unreadable (", e.what(), ")")));
  }
}

}  // namespace partygroup::db
