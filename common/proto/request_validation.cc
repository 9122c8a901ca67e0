#include "common/proto/request_validation.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "common/status/status_macros.h"
#include "partygroup/common/v1/field_rules.pb.h"

namespace partygroup::proto {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kDefaultMaxChars = 16000;
constexpr int kDefaultMaxItems = 10000;
constexpr int kMinYear = 1921;
constexpr int kMaxYear = 2200;
constexpr int kMaxDepth = 32;

absl::Status Invalid(absl::string_view path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", what));
}

// Counts code points; false when `text` is not valid UTF-8.
bool CountCharacters(absl::string_view text, int64_t* count) {
  *count = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    if (lead < 0x80) {
      length = 1;
    } else if ((lead >> 5) == 0x6) {
      length = 2;
    } else if ((lead >> 4) == 0xE) {
      length = 3;
    } else if ((lead >> 3) == 0x1E) {
      length = 4;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
    ++*count;
  }
  return true;
}

// Only ASCII white space and U+3000 (the ideographic space a Chinese keyboard types).
bool IsBlank(absl::string_view text) {
  constexpr absl::string_view kIdeographicSpace = "\xE3\x80\x80";
  while (!text.empty()) {
    const bool ascii_space = absl::ascii_isspace(static_cast<unsigned char>(text.front()));
    if (ascii_space) {
      text.remove_prefix(1);
    } else if (!absl::ConsumePrefix(&text, kIdeographicSpace)) {
      return false;
    }
  }
  return true;
}

bool IsIdField(const FieldDescriptor& field) {
  return field.name() == "id" || absl::EndsWith(field.name(), "_id");
}

absl::Status ValidateMessage(const Message& message, const std::string& prefix, int depth);

absl::Status ValidateTimestamp(const Message& message, absl::string_view path) {
  const Descriptor& type = *message.GetDescriptor();
  const Reflection& reflection = *message.GetReflection();
  const int64_t seconds = reflection.GetInt64(message, type.FindFieldByName("seconds"));
  const int32_t nanos = reflection.GetInt32(message, type.FindFieldByName("nanos"));
  if (nanos < 0 || nanos > 999999999) return Invalid(path, "nanos must be 0 to 999999999");
  const absl::Time earliest = absl::FromCivil(absl::CivilDay(kMinYear, 1, 1), absl::UTCTimeZone());
  const absl::Time latest = absl::FromCivil(absl::CivilDay(kMaxYear, 1, 1), absl::UTCTimeZone());
  const absl::Time time = absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos);
  if (time < earliest || time >= latest) {
    return Invalid(path, absl::StrCat("must lie between ", kMinYear, " and ", kMaxYear));
  }
  return absl::OkStatus();
}

absl::Status ValidateDate(const Message& message, absl::string_view path,
                          const common::v1::FieldRules& rules) {
  const Descriptor& type = *message.GetDescriptor();
  const Reflection& reflection = *message.GetReflection();
  const int year = reflection.GetInt32(message, type.FindFieldByName("year"));
  const int month = reflection.GetInt32(message, type.FindFieldByName("month"));
  const int day = reflection.GetInt32(message, type.FindFieldByName("day"));
  if (year == 0 && month == 0 && day == 0) {
    return rules.required() ? Invalid(path, "required") : absl::OkStatus();
  }
  if (year < kMinYear || year > kMaxYear) {
    return Invalid(path, absl::StrCat("year must be ", kMinYear, " to ", kMaxYear));
  }
  const absl::CivilDay civil(year, month, day);
  if (month < 1 || month > 12 || day < 1 || day > 31 || civil.month() != month ||
      civil.day() != day) {
    return Invalid(path, absl::StrCat(year, "-", month, "-", day, " is not a day of the calendar"));
  }
  return absl::OkStatus();
}

absl::Status ValidatePeriod(const Message& message, absl::string_view path,
                            const common::v1::FieldRules& rules) {
  const Descriptor& type = *message.GetDescriptor();
  const Reflection& reflection = *message.GetReflection();
  const int year = reflection.GetInt32(message, type.FindFieldByName("year"));
  const int month = reflection.GetInt32(message, type.FindFieldByName("month"));
  if (year == 0 && month == 0) {
    return rules.required() ? Invalid(path, "required") : absl::OkStatus();
  }
  if (year < kMinYear || year > kMaxYear) {
    return Invalid(path, absl::StrCat("year must be ", kMinYear, " to ", kMaxYear));
  }
  if (month < 0 || month > 12) return Invalid(path, "month must be 1 to 12, or 0 for the year");
  return absl::OkStatus();
}

absl::Status ValidateNested(const Message& nested, const std::string& path,
                            const common::v1::FieldRules& rules, int depth) {
  const std::string& type = nested.GetDescriptor()->full_name();
  if (type == "google.protobuf.Timestamp") return ValidateTimestamp(nested, path);
  if (type == "partygroup.common.v1.Date") return ValidateDate(nested, path, rules);
  if (type == "partygroup.common.v1.Period") return ValidatePeriod(nested, path, rules);
  if (depth >= kMaxDepth) return Invalid(path, "nested too deeply");
  return ValidateMessage(nested, path + ".", depth + 1);
}

absl::Status ValidateString(absl::string_view text, absl::string_view path,
                            const common::v1::FieldRules& rules) {
  if (rules.required() && IsBlank(text)) return Invalid(path, "required");
  if (text.empty()) return absl::OkStatus();
  int64_t characters = 0;
  if (!CountCharacters(text, &characters)) return Invalid(path, "not valid UTF-8");
  const int max_chars = rules.max_chars() > 0 ? rules.max_chars() : kDefaultMaxChars;
  if (characters > max_chars) {
    return Invalid(path,
                   absl::StrCat("at most ", max_chars, " characters (", characters, " given)"));
  }
  if (IsBlank(text)) return Invalid(path, "must not be only spaces");
  return absl::OkStatus();
}

absl::Status ValidateInteger(int64_t value, const FieldDescriptor& field, absl::string_view path,
                             const common::v1::FieldRules& rules) {
  if (rules.required() && value <= 0) return Invalid(path, "required");
  if (IsIdField(field) && value < 0) return Invalid(path, "must not be negative");
  return absl::OkStatus();
}

absl::Status ValidateEnum(int value, const FieldDescriptor& field, absl::string_view path,
                          const common::v1::FieldRules& rules) {
  if (field.enum_type()->FindValueByNumber(value) == nullptr) {
    return Invalid(path, absl::StrCat(value, " is not a value of ", field.enum_type()->name()));
  }
  if (rules.required() && value == 0) return Invalid(path, "required");
  return absl::OkStatus();
}

// One value of `field` (entry `index` when repeated, -1 when singular).
absl::Status ValidateValue(const Message& message, const FieldDescriptor& field, int index,
                           const std::string& path, const common::v1::FieldRules& rules,
                           int depth) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = index >= 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM:
      return ValidateEnum(repeated ? r.GetRepeatedEnumValue(message, &field, index)
                                   : r.GetEnumValue(message, &field),
                          field, path, rules);
    case FieldDescriptor::CPPTYPE_STRING:
      if (field.type() == FieldDescriptor::TYPE_BYTES) return absl::OkStatus();
      return ValidateString(
          repeated ? r.GetRepeatedString(message, &field, index) : r.GetString(message, &field),
          path, rules);
    case FieldDescriptor::CPPTYPE_INT64:
      return ValidateInteger(
          repeated ? r.GetRepeatedInt64(message, &field, index) : r.GetInt64(message, &field),
          field, path, rules);
    case FieldDescriptor::CPPTYPE_INT32:
      return ValidateInteger(
          repeated ? r.GetRepeatedInt32(message, &field, index) : r.GetInt32(message, &field),
          field, path, rules);
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double value =
          repeated ? r.GetRepeatedDouble(message, &field, index) : r.GetDouble(message, &field);
      if (!std::isfinite(value)) return Invalid(path, "must be a finite number");
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      if (!repeated && !r.HasField(message, &field)) {
        return rules.required() ? Invalid(path, "required") : absl::OkStatus();
      }
      const Message& nested =
          repeated ? r.GetRepeatedMessage(message, &field, index) : r.GetMessage(message, &field);
      return ValidateNested(nested, path, rules, depth);
    }
    default:
      return absl::OkStatus();
  }
}

absl::Status ValidateMessage(const Message& message, const std::string& prefix,
                             int depth) {
  const Descriptor& type = *message.GetDescriptor();
  const Reflection& reflection = *message.GetReflection();
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    const common::v1::FieldRules& rules = field.options().GetExtension(common::v1::field);
    const std::string path = prefix + field.name();
    if (!field.is_repeated()) {
      RETURN_IF_ERROR(ValidateValue(message, field, -1, path, rules, depth));
      continue;
    }
    const int size = reflection.FieldSize(message, &field);
    const int max_items = rules.max_items() > 0 ? rules.max_items() : kDefaultMaxItems;
    if (size > max_items) {
      return Invalid(path, absl::StrCat("at most ", max_items, " entries (", size, " given)"));
    }
    if (rules.required() && size == 0) return Invalid(path, "at least one entry");
    // An element's own rules are the field's without required (that one counted entries).
    common::v1::FieldRules element_rules = rules;
    element_rules.set_required(false);
    for (int k = 0; k < size; ++k) {
      RETURN_IF_ERROR(
          ValidateValue(message, field, k, absl::StrCat(path, "[", k, "]"), element_rules, depth));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRequest(const Message& request) { return ValidateMessage(request, "", 0); }

}  // namespace partygroup::proto
