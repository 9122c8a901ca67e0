// Conversions between the shared proto types (partygroup.common.v1) and Abseil's time types,
// with validation that names the offending field.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "partygroup/common/v1/common.pb.h"

namespace partygroup::proto {

// INVALID_ARGUMENT "<field>: ..." for a missing or impossible date (31 February).
absl::StatusOr<absl::CivilDay> ToCivilDay(const common::v1::Date& date, absl::string_view field);
bool IsSet(const common::v1::Date& date);
common::v1::Date ToDate(absl::CivilDay day);

google::protobuf::Timestamp ToTimestamp(absl::Time time);
absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp);

// "2024-03-01", as MySQL DATE columns read and write.
std::string FormatSqlDate(absl::CivilDay day);
absl::StatusOr<absl::CivilDay> ParseSqlDate(absl::string_view text);

// "2024-03-01 08:30:00.000000" in UTC, as DATETIME(6) columns hold instants here.
std::string FormatSqlTime(absl::Time time);
absl::StatusOr<absl::Time> ParseSqlTime(absl::string_view text);

}  // namespace partygroup::proto
