#include "services/org/csv_import.h"

#include <csv.h>

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/proto/convert.h"

namespace partygroup::org {
namespace {

struct Collector {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> current;
};

void OnField(void* data, size_t length, void* collector) {
  static_cast<Collector*>(collector)->current.emplace_back(static_cast<const char*>(data), length);
}

void OnRecordEnd(int, void* collector) {
  auto* c = static_cast<Collector*>(collector);
  c->records.push_back(std::move(c->current));
  c->current.clear();
}

bool ParseDay(const std::string& text, common::v1::Date* out) {
  if (text.empty()) return true;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day) || absl::FormatCivilTime(day) != text) return false;
  *out = proto::ToDate(day);
  return true;
}

}  // namespace

absl::StatusOr<std::vector<ImportRow>> ParseImportCsv(v1::ImportKind kind, const std::string& csv) {
  std::vector<std::string> required;
  switch (kind) {
    case v1::IMPORT_KIND_UNITS:
    case v1::IMPORT_KIND_GENERAL_BRANCHES:
    case v1::IMPORT_KIND_BRANCHES:
      required = {"external_id", "name", "parent_external_id"};
      break;
    case v1::IMPORT_KIND_MEMBERS:
      required = {"external_id", "name", "status", "branch_external_id"};
      break;
    default:
      return absl::InvalidArgumentError("kind: UNITS, GENERAL_BRANCHES, BRANCHES or MEMBERS");
  }
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    return absl::InternalError("csv parser could not start");
  }
  Collector collector;
  const size_t parsed =
      csv_parse(&parser, csv.data(), csv.size(), OnField, OnRecordEnd, &collector);
  const bool failed =
      parsed != csv.size() || csv_fini(&parser, OnField, OnRecordEnd, &collector) != 0;
  const std::string error = failed ? csv_strerror(csv_error(&parser)) : "";
  csv_free(&parser);
  if (failed) {
    return absl::InvalidArgumentError(
        absl::StrCat("csv: not valid CSV near record ", collector.records.size() + 1, ": ", error));
  }
  if (collector.records.empty()) return absl::InvalidArgumentError("csv: empty, no header row");

  std::map<std::string, size_t> column;
  const std::vector<std::string>& header = collector.records[0];
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i]));
    if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name = name.substr(3);  // Excel's BOM
    column[name] = i;
  }
  std::vector<std::string> missing;
  for (const std::string& name : required) {
    if (column.count(name) == 0) missing.push_back(name);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("csv: the header lacks the column(s) ", absl::StrJoin(missing, ", ")));
  }

  std::vector<ImportRow> rows;
  for (size_t r = 1; r < collector.records.size(); ++r) {
    const std::vector<std::string>& fields = collector.records[r];
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    auto get = [&](const std::string& name) -> std::string {
      auto it = column.find(name);
      if (it == column.end() || it->second >= fields.size()) return "";
      return std::string(absl::StripAsciiWhitespace(fields[it->second]));
    };
    ImportRow row;
    row.row = static_cast<int>(r) + 1;
    if (kind == v1::IMPORT_KIND_MEMBERS) {
      v1::MemberRecord* m = row.record.mutable_member();
      m->set_external_id(get("external_id"));
      m->set_name(get("name"));
      m->set_staff_code(get("staff_code"));
      m->set_phone(get("phone"));
      m->set_branch_external_id(get("branch_external_id"));
      const std::string status = absl::AsciiStrToUpper(get("status"));
      if (status == "FORMAL" || status == "正式党员") {
        m->set_status(v1::MEMBER_STATUS_FORMAL);
      } else if (status == "PROBATIONARY" || status == "预备党员") {
        m->set_status(v1::MEMBER_STATUS_PROBATIONARY);
      } else {
        row.error = absl::StrCat("status: FORMAL or PROBATIONARY, not '", get("status"), "'");
      }
      if (!ParseDay(get("joined_party_on"), m->mutable_joined_party_on())) {
        row.error = "joined_party_on: a date as YYYY-MM-DD";
      }
      if (!ParseDay(get("became_formal_on"), m->mutable_became_formal_on())) {
        row.error = "became_formal_on: a date as YYYY-MM-DD";
      }
      const std::string cadre = absl::AsciiStrToLower(get("leading_cadre"));
      if (cadre == "1" || cadre == "true" || cadre == "是") {
        m->set_leading_cadre(true);
      } else if (!cadre.empty() && cadre != "0" && cadre != "false" && cadre != "否") {
        row.error = "leading_cadre: 1/0, true/false or 是/否";
      }
    } else {
      v1::NodeRecord* n = row.record.mutable_node();
      n->set_kind(kind == v1::IMPORT_KIND_UNITS              ? v1::NODE_KIND_UNIT
                  : kind == v1::IMPORT_KIND_GENERAL_BRANCHES ? v1::NODE_KIND_GENERAL_BRANCH
                                                             : v1::NODE_KIND_BRANCH);
      n->set_external_id(get("external_id"));
      n->set_name(get("name"));
      n->set_code(get("code"));
      n->set_parent_external_id(get("parent_external_id"));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace partygroup::org
