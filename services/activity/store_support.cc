#include "services/activity/store_support.h"

#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/sql.h"

namespace partygroup::activity::store {

void SetTime(sql::PreparedStatement& s, int index, std::optional<absl::Time> time) {
  if (time.has_value()) {
    s.setString(index, proto::FormatSqlTime(*time));
  } else {
    s.setNull(index, 0);
  }
}

std::optional<google::protobuf::Timestamp> ReadTime(const sql::SQLString& text) {
  if (text.asStdString().empty()) return std::nullopt;
  absl::StatusOr<absl::Time> time = proto::ParseSqlTime(text.asStdString());
  if (!time.ok()) return std::nullopt;
  return proto::ToTimestamp(*time);
}

void ReadDay(const sql::SQLString& text, common::v1::Date* out) {
  if (auto day = proto::ParseSqlDate(text.asStdString()); day.ok()) *out = proto::ToDate(*day);
}

google::protobuf::Timestamp AsStored(const google::protobuf::Timestamp& time) {
  return proto::ToTimestamp(absl::FromUnixMicros(absl::ToUnixMicros(proto::FromTimestamp(time))));
}

void ReadIds(const std::string& json, google::protobuf::RepeatedField<int64_t>* ids) {
  const int kept = ids->size();
  absl::string_view inner(json);
  if (absl::ConsumePrefix(&inner, "[") && absl::ConsumeSuffix(&inner, "]")) {
    bool all_numbers = true;
    for (absl::string_view id : absl::StrSplit(inner, ',', absl::SkipEmpty())) {
      int64_t value = 0;
      if (!absl::SimpleAtoi(id, &value)) {
        all_numbers = false;
        break;
      }
      ids->Add(value);
    }
    if (all_numbers) return;
  }
  ids->Truncate(kept);
  for (const auto& id : nlohmann::json::parse(json, nullptr, false)) {
    if (id.is_number_integer()) ids->Add(id.get<int64_t>());
  }
}

std::string IdList(const std::vector<int64_t>& ids) {
  std::string list;
  for (int64_t id : ids) absl::StrAppend(&list, list.empty() ? "" : ",", id);
  return list;
}

std::string MonthText(int year, int month) { return absl::StrFormat("%04d-%02d", year, month); }

}  // namespace partygroup::activity::store
