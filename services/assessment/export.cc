#include "services/assessment/export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace partygroup::assessment {
namespace {

using Row = std::vector<std::string>;

std::string KindLabel(v1::SubjectKind kind) {
  switch (kind) {
    case v1::SUBJECT_KIND_GROUP:
      return "党小组";
    case v1::SUBJECT_KIND_BRANCH:
      return "党支部";
    case v1::SUBJECT_KIND_GENERAL_BRANCH:
      return "党总支";
    case v1::SUBJECT_KIND_UNIT:
      return "单位";
    default:
      return "";
  }
}

// The two tables, as rows of text (the header first).
struct Tables {
  std::vector<Row> results;
  std::vector<Row> evidence;
};

Tables Tabulate(const std::vector<v1::Result>& results) {
  absl::flat_hash_map<int64_t, std::string> names;  // units and branches, for the columns
  for (const v1::Result& r : results) {
    if (r.subject_kind() != v1::SUBJECT_KIND_GROUP) names[r.subject_id()] = r.subject_name();
  }
  auto name_of = [&](int64_t id) {
    auto it = names.find(id);
    return id == 0 ? std::string() : it == names.end() ? absl::StrCat(id) : it->second;
  };
  Tables tables;
  tables.results.push_back({"类别", "名称", "编号", "所属单位", "所属支部", "得分", "等次", "排名",
                            "同类总数", "分项得分", "待录入"});
  tables.evidence.push_back({"类别", "名称", "编号", "指标", "权重", "指标得分", "条款", "依据"});
  for (const v1::Result& r : results) {
    std::vector<std::string> parts;
    for (const v1::IndicatorScore& i : r.breakdown()) {
      parts.push_back(absl::StrCat(i.name(), " ", i.score().empty() ? "—" : i.score()));
      for (const std::string& line : i.evidence()) {
        tables.evidence.push_back({KindLabel(r.subject_kind()), r.subject_name(),
                                   absl::StrCat(r.subject_id()), i.name(), absl::StrCat(i.weight()),
                                   i.score(), absl::StrJoin(i.articles(), "、"), line});
      }
    }
    tables.results.push_back(
        {KindLabel(r.subject_kind()), r.subject_name(), absl::StrCat(r.subject_id()),
         r.subject_kind() == v1::SUBJECT_KIND_UNIT ? "" : name_of(r.unit_id()),
         r.subject_kind() == v1::SUBJECT_KIND_GROUP ? name_of(r.branch_id()) : "", r.score(),
         r.grade(), r.rank() > 0 ? absl::StrCat(r.rank()) : "", absl::StrCat(r.peer_count()),
         absl::StrJoin(parts, "；"), absl::StrJoin(r.missing_inputs(), "、")});
  }
  return tables;
}

std::string Csv(const std::vector<Row>& rows) {
  std::string out = "\xEF\xBB\xBF";  // the byte-order mark Excel needs for UTF-8
  for (const Row& row : rows) {
    std::vector<std::string> cells;
    for (const std::string& cell : row) {
      cells.push_back(absl::StrCat("\"", absl::StrReplaceAll(cell, {{"\"", "\"\""}}), "\""));
    }
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  }
  return out;
}

std::string BaseName(const v1::Cycle& cycle) {
  return absl::StrCat("assessment-", cycle.year(), "-cycle", cycle.id());
}

void WriteSheet(lxw_workbook* workbook, const char* name, const std::vector<Row>& rows,
                lxw_format* header) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, name);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                             rows[r][c].c_str(), r == 0 ? header : nullptr);
    }
  }
  worksheet_freeze_panes(sheet, 1, 0);
}

}  // namespace

absl::StatusOr<v1::ExportFile> ExportWorkbook(const v1::Cycle& cycle,
                                              const std::vector<v1::Result>& results) {
  const Tables tables = Tabulate(results);
  // libxlsxwriter 1.1.4 writes files only: a private temporary file, read back and removed.
  std::string path = (std::filesystem::temp_directory_path() / "partygroup-export-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::InternalError("export: cannot create a temporary file");
  close(fd);
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) {
    std::filesystem::remove(path);
    return absl::InternalError("export: cannot start the workbook");
  }
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  WriteSheet(workbook, "考核结果", tables.results, header);
  WriteSheet(workbook, "扣分依据", tables.evidence, header);
  const lxw_error error = workbook_close(workbook);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  if (error != LXW_NO_ERROR || bytes.empty()) {
    return absl::InternalError(
        absl::StrCat("export: the workbook was not written: ", lxw_strerror(error)));
  }
  v1::ExportFile file;
  file.set_file_name(BaseName(cycle) + ".xlsx");
  file.set_content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  file.set_content(std::move(bytes));
  return file;
}

std::vector<v1::ExportFile> ExportCsv(const v1::Cycle& cycle,
                                      const std::vector<v1::Result>& results) {
  const Tables tables = Tabulate(results);
  std::vector<v1::ExportFile> files(2);
  files[0].set_file_name(BaseName(cycle) + "-results.csv");
  files[0].set_content_type("text/csv; charset=utf-8");
  files[0].set_content(Csv(tables.results));
  files[1].set_file_name(BaseName(cycle) + "-evidence.csv");
  files[1].set_content_type("text/csv; charset=utf-8");
  files[1].set_content(Csv(tables.evidence));
  return files;
}

}  // namespace partygroup::assessment
