// Early-return helpers for absl::Status and absl::StatusOr, which this Abseil (20220623) lacks.
//
//   RETURN_IF_ERROR(store.Insert(row));             // returns the status if it is not OK
//   ASSIGN_OR_RETURN(Group group, store.Get(id));   // declares `group` or returns the error
//
// Both work in functions that return absl::Status or any absl::StatusOr<T>.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define PARTYGROUP_STATUS_CONCAT_INNER(a, b) a##b
#define PARTYGROUP_STATUS_CONCAT(a, b) PARTYGROUP_STATUS_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                         \
  do {                                                \
    const ::absl::Status partygroup_status_ = (expr); \
    if (!partygroup_status_.ok()) {                   \
      return partygroup_status_;                      \
    }                                                 \
  } while (false)

#define ASSIGN_OR_RETURN(lhs, expr)                                                               \
  PARTYGROUP_ASSIGN_OR_RETURN_IMPL(PARTYGROUP_STATUS_CONCAT(partygroup_statusor_, __LINE__), lhs, \
                                   expr)

#define PARTYGROUP_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                     \
  if (!statusor.ok()) {                                       \
    return std::move(statusor).status();                      \
  }                                                           \
  lhs = std::move(statusor).value()
