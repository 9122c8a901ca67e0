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

namespace {

// The digits text[from, from + count) as a number; false when one is not a digit.
bool Digits(absl::string_view text, size_t from, size_t count, int* out) {
  int value = 0;
  for (size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

// "YYYY-MM-DD" read by hand: a city's year of records holds millions of them, and the general
// parser costs microseconds each. Anything else is left to the general parser.
bool FastDay(absl::string_view text, int* year, int* month, int* day) {
  return text.size() >= 10 && text[4] == '-' && text[7] == '-' && Digits(text, 0, 4, year) &&
         Digits(text, 5, 2, month) && Digits(text, 8, 2, day) && *month >= 1 && *month <= 12 &&
         *day >= 1 && *day <= 31;
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseSqlDate(absl::string_view text) {
  int year = 0, month = 0, day = 0;
  if (text.size() == 10 && FastDay(text, &year, &month, &day)) {
    const absl::CivilDay civil(year, month, day);
    if (civil.month() == month && civil.day() == day) return civil;  // not 31 February
  }
  absl::CivilDay parsed;
  if (!absl::ParseCivilTime(text, &parsed)) {
    return absl::InternalError(absl::StrCat("unreadable date in the database: ", text));
  }
  return parsed;
}

std::string FormatSqlTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", time, absl::UTCTimeZone());
}

absl::StatusOr<absl::Time> ParseSqlTime(absl::string_view text) {
  // "YYYY-MM-DD hh:mm:ss" with up to six digits of fraction, as DATETIME(6) reads back.
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
  if (text.size() >= 19 && FastDay(text, &year, &month, &day) && text[10] == ' ' &&
      text[13] == ':' && text[16] == ':' && Digits(text, 11, 2, &hour) &&
      Digits(text, 14, 2, &minute) && Digits(text, 17, 2, &second) && hour < 24 && minute < 60 &&
      second < 60) {
    const size_t fraction = text.size() > 20 ? text.size() - 20 : 0;
    bool valid = text.size() == 19 || (text[19] == '.' && fraction >= 1 && fraction <= 6 &&
                                       Digits(text, 20, fraction, &micros));
    if (valid) {
      for (size_t i = fraction; i < 6; ++i) micros *= 10;
      const absl::CivilSecond civil(year, month, day, hour, minute, second);
      if (civil.day() == day) {
        return absl::FromCivil(civil, absl::UTCTimeZone()) + absl::Microseconds(micros);
      }
    }
  }
  absl::Time time;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &time, &error)) {
    return absl::InternalError(absl::StrCat("unreadable time in the database: ", text));
  }
  return time;
}

}  // namespace partygroup::proto
