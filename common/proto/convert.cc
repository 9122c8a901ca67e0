#include "common/proto/convert.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace partygroup::proto {

bool IsSet(const common::v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

absl::StatusOr<absl::CivilDay> ToCivilDay(const common::v1::Date& date, absl::string_view field) {
  if (!IsSet(date)) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 2200 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %d-%d-%d is not a date", field,
                                                      date.year(), date.month(), date.day()));
  }
  return day;
}

common::v1::Date ToDate(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t seconds = absl::ToUnixSeconds(time);
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return timestamp;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

std::string FormatSqlDate(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::StatusOr<absl::CivilDay> ParseSqlDate(absl::string_view text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InternalError(absl::StrCat("unreadable date in the database: ", text));
  }
  return day;
}

std::string FormatSqlTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", time, absl::UTCTimeZone());
}

absl::StatusOr<absl::Time> ParseSqlTime(absl::string_view text) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &time, &error)) {
    return absl::InternalError(absl::StrCat("unreadable time in the database: ", text));
  }
  return time;
}

}  // namespace partygroup::proto
