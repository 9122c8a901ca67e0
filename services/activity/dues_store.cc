#include "services/activity/dues_store.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "common/db/guarded.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/activity/packed_records.h"
#include "services/activity/sql.h"
#include "services/activity/store_support.h"

namespace partygroup::activity::store {
namespace {

std::string CategoryName(v1::DuesCategory category) {
  return v1::DuesCategory_Name(category).substr(std::string("DUES_CATEGORY_").size());
}

// NONE, REDUCED, WAIVED.
std::string ExemptionName(v1::DuesExemption exemption) {
  if (exemption == v1::DUES_EXEMPTION_UNSPECIFIED) return "NONE";
  return v1::DuesExemption_Name(exemption).substr(std::string("DUES_EXEMPTION_").size());
}

v1::DuesExemption ParseExemption(const std::string& name) {
  v1::DuesExemption exemption = v1::DUES_EXEMPTION_UNSPECIFIED;
  v1::DuesExemption_Parse("DUES_EXEMPTION_" + name, &exemption);
  return exemption;
}

}  // namespace

v1::DuesEntry ReadDuesRow(sql::ResultSet& r) {
  v1::DuesEntry entry;
  entry.set_id(r.getInt64(1));
  entry.set_group_id(r.getInt64(2));
  entry.set_member_id(r.getInt64(3));
  const std::string month = r.getString(4);  // "YYYY-MM"
  int year = 0, number = 0;
  if (month.size() == 7 && absl::SimpleAtoi(month.substr(0, 4), &year) &&
      absl::SimpleAtoi(month.substr(5, 2), &number)) {
    entry.mutable_month()->set_year(year);
    entry.mutable_month()->set_month(number);
  }
  v1::DuesCategory category = v1::DUES_CATEGORY_UNSPECIFIED;
  v1::DuesCategory_Parse("DUES_CATEGORY_" + r.getString(5).asStdString(), &category);
  entry.set_category(category);
  entry.set_base_pay_fen(r.getInt64(6));
  entry.set_amount_fen(r.getInt64(7));
  if (auto t = ReadTime(r.getString(8))) *entry.mutable_paid_time() = *t;
  entry.set_collector(r.getString(9));
  entry.set_exemption(ParseExemption(r.getString(10)));
  entry.set_exemption_ref(r.getString(11));
  entry.set_paid_late(r.getBoolean(12));
  return entry;
}

absl::StatusOr<v1::DuesEntry> InsertDues(sql::Connection& c, const v1::DuesEntry& entry,
                                         const std::string& group_path) {
  return db::Guarded("insert dues", [&] {
    Statement s = Prepare(c, q::kInsertDues);
    s->setInt64(1, entry.group_id());
    s->setString(2, group_path);
    s->setInt64(3, entry.member_id());
    s->setString(4, MonthText(entry.month().year(), entry.month().month()));
    s->setString(5, CategoryName(entry.category()));
    s->setInt64(6, entry.base_pay_fen());
    s->setInt64(7, entry.amount_fen());
    SetTime(*s, 8, proto::FromTimestamp(entry.paid_time()));
    s->setString(9, entry.collector());
    s->setString(10, ExemptionName(entry.exemption()));
    s->setString(11, entry.exemption_ref());
    s->setBoolean(12, entry.paid_late());
    s->execute();
    v1::DuesEntry stored = entry;
    stored.set_id(LastInsertId(c));
    AddToDuesYears(c, {&entry});
    return stored;
  });
}

absl::StatusOr<std::vector<v1::DuesEntry>> ListDues(sql::Connection& c, int64_t group_id,
                                                    const std::string& from_month,
                                                    const std::string& to_month) {
  return db::Guarded("list dues", [&] {
    Statement s = Prepare(c, q::kSelectDues);
    s->setInt64(1, group_id);
    s->setString(2, from_month);
    s->setString(3, to_month);
    std::vector<v1::DuesEntry> entries;
    Rows rows(s->executeQuery());
    while (rows->next()) entries.push_back(ReadDuesRow(*rows));
    return entries;
  });
}

absl::Status InsertDuesRows(sql::Connection& c, const std::vector<DuesRow>& entries) {
  return db::Guarded("insert dues", [&] {
    db::InsertRows(
        c, q::kInsertDuesRows, q::kDuesRow, entries.size(),
        [&](sql::PreparedStatement& s, int p, size_t i) {
          const v1::DuesEntry& e = entries[i].entry;
          s.setInt64(p, e.group_id());
          s.setString(p + 1, entries[i].group_path);
          s.setInt64(p + 2, e.member_id());
          s.setString(p + 3, MonthText(e.month().year(), e.month().month()));
          s.setString(p + 4, CategoryName(e.category()));
          s.setInt64(p + 5, e.base_pay_fen());
          s.setInt64(p + 6, e.amount_fen());
          SetTime(s, p + 7, proto::FromTimestamp(e.paid_time()));
          s.setString(p + 8, e.collector());
          s.setString(p + 9, ExemptionName(e.exemption()));
          s.setString(p + 10, e.exemption_ref());
          s.setBoolean(p + 11, e.paid_late());
        },
        kRowsPerInsert);
    std::vector<const v1::DuesEntry*> rows;
    for (const DuesRow& row : entries) rows.push_back(&row.entry);
    AddToDuesYears(c, rows);
  });
}

absl::StatusOr<std::set<std::pair<int64_t, std::string>>> PaidMonths(
    sql::Connection& c, const std::vector<int64_t>& member_ids) {
  return db::Guarded("read paid months", [&] {
    std::set<std::pair<int64_t, std::string>> paid;
    for (size_t first = 0; first < member_ids.size(); first += kRowsPerInsert) {
      const std::vector<int64_t> batch(
          member_ids.begin() + first,
          member_ids.begin() + std::min(member_ids.size(), first + kRowsPerInsert));
      Statement s = Prepare(c, absl::StrFormat(q::kSelectPaidMonths, IdList(batch)));
      for (Rows r(s->executeQuery()); r->next();) paid.insert({r->getInt64(1), r->getString(2)});
    }
    return paid;
  });
}

}  // namespace partygroup::activity::store
