// What the activity service's stores share: times and dates as the columns keep them, the id
// lists stored as JSON, the statements of sql.h. Used only inside the stores' guarded functions
// (common/db/guarded.h): these throw as Connector/C++ does.
#pragma once

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/statement_cache.h"
#include "google/protobuf/repeated_field.h"
#include "google/protobuf/timestamp.pb.h"
#include "partygroup/common/v1/common.pb.h"
#include "services/activity/sql.h"

namespace partygroup::activity::store {

namespace q = sql_text;
using db::LastInsertId;
using db::Prepare;  // kept prepared for the pooled connection's life
using db::Statement;
using Rows = std::unique_ptr<sql::ResultSet>;

// Rows per multi-row INSERT, and ids per IN list.
inline constexpr size_t kRowsPerInsert = 500;

// A DATETIME(6) parameter, or NULL.
void SetTime(sql::PreparedStatement& s, int index, std::optional<absl::Time> time);
// A DATETIME(6) column read as text ("" for NULL, as IFNULL(col, '') gives it).
std::optional<google::protobuf::Timestamp> ReadTime(const sql::SQLString& text);
// A DATE column into `out`; left unset when empty.
void ReadDay(const sql::SQLString& text, common::v1::Date* out);
// A time as a DATETIME(6) column keeps it: to the microsecond.
google::protobuf::Timestamp AsStored(const google::protobuf::Timestamp& time);

// The ids of a JSON array of integers, appended to `ids`. Our writers store them as nlohmann
// dumps them, "[3,17,42]", read without the JSON parser (a city's year holds 100,000 such
// lists); any other spelling goes through the parser.
void ReadIds(const std::string& json, google::protobuf::RepeatedField<int64_t>* ids);
// "1,2,3": an IN list written from integers (never from text).
std::string IdList(const std::vector<int64_t>& ids);

// "YYYY-MM" of a month.
std::string MonthText(int year, int month);

}  // namespace partygroup::activity::store
