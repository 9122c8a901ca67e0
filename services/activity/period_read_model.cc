#include "services/activity/period_read_model.h"

#include <algorithm>
#include <deque>
#include <future>

#include "common/db/transaction.h"
#include "common/status/status_macros.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {
namespace {

store::PeriodWindow WindowOf(const rules::Period& period, absl::TimeZone zone) {
  store::PeriodWindow window;
  window.from = rules::PeriodStart(period, zone);
  window.to = rules::PeriodEnd(period, zone);
  window.first_day = absl::ToCivilDay(window.from, zone);
  window.end_day = absl::ToCivilDay(window.to, zone);
  // The six-month dues warning (第四条) looks back before the period.
  window.dues_from_month = MonthKey(absl::ToCivilMonth(window.from, zone) - 12);
  window.dues_to_month = MonthKey(absl::ToCivilMonth(window.to, zone));
  window.year = period.year;
  return window;
}

PeriodReadModel::Options AtLeastOne(PeriodReadModel::Options options) {
  options.batch_groups = std::max<size_t>(1, options.batch_groups);
  options.reads_in_flight = std::max(1, options.reads_in_flight);
  return options;
}

}  // namespace

PeriodReadModel::PeriodReadModel(db::ConnectionPool& pool, absl::TimeZone zone, Options options)
    : pool_(pool), zone_(zone), options_(AtLeastOne(options)) {}

absl::StatusOr<std::vector<v1::GroupPeriodRecords>> PeriodReadModel::Load(
    const std::vector<store::PeriodGroup>& groups, const rules::Period& period, bool compact,
    std::optional<absl::Time> dues_paid_by) const {
  store::PeriodWindow window = WindowOf(period, zone_);
  window.dues_paid_by = dues_paid_by;
  // The dues (a row per member and month, the most rows) on a second connection while the rest
  // is read on the first: reading rows, not the database, is what takes the time, and each
  // side then waits for the other half as long. Each part is one snapshot, so that a meeting and
  // its attendance are read as of one instant.
  std::vector<std::vector<v1::DuesEntry>> dues;
  std::vector<std::vector<v1::MemberDuesPaid>> dues_paid;
  std::future<absl::Status> dues_read = std::async(std::launch::async, [&] {
    return db::RunInTransaction(pool_, "LoadPeriod dues", [&](sql::Connection& c) {
      if (compact) {
        ASSIGN_OR_RETURN(dues_paid, store::LoadPeriodDuesPaid(c, groups, window));
      } else {
        ASSIGN_OR_RETURN(dues, store::LoadPeriodDues(c, groups, window));
      }
      return absl::OkStatus();
    });
  });
  std::vector<v1::GroupPeriodRecords> records;
  absl::Status read = db::RunInTransaction(pool_, "LoadPeriod", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(records, store::LoadPeriodRecords(c, groups, window, compact));
    return absl::OkStatus();
  });
  absl::Status dues_status = dues_read.get();
  RETURN_IF_ERROR(read);
  RETURN_IF_ERROR(dues_status);
  for (size_t i = 0; i < records.size(); ++i) {
    if (compact) {
      for (v1::MemberDuesPaid& paid : dues_paid[i]) *records[i].add_dues_paid() = std::move(paid);
    } else {
      for (v1::DuesEntry& entry : dues[i]) *records[i].add_dues() = std::move(entry);
    }
  }
  return records;
}

absl::Status PeriodReadModel::Stream(
    const std::vector<store::PeriodGroup>& groups, const rules::Period& period, bool compact,
    std::optional<absl::Time> dues_paid_by,
    const std::function<bool(v1::GroupPeriodRecords&)>& emit) const {
  // A future of std::async waits for its batch when dropped, so an early return leaves no read
  // running.
  std::deque<std::future<absl::StatusOr<std::vector<v1::GroupPeriodRecords>>>> loading;
  size_t next = 0;
  auto load_next = [&] {
    if (next >= groups.size()) return;
    std::vector<store::PeriodGroup> batch(
        groups.begin() + next,
        groups.begin() + std::min(groups.size(), next + options_.batch_groups));
    next += batch.size();
    loading.push_back(std::async(std::launch::async,
                                 [this, batch = std::move(batch), period, compact, dues_paid_by] {
                                   return Load(batch, period, compact, dues_paid_by);
                                 }));
  };
  for (int i = 0; i < options_.reads_in_flight; ++i) load_next();
  while (!loading.empty()) {
    absl::StatusOr<std::vector<v1::GroupPeriodRecords>> records = loading.front().get();
    loading.pop_front();
    RETURN_IF_ERROR(records.status());
    load_next();
    for (v1::GroupPeriodRecords& group : *records) {
      if (!emit(group)) return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace partygroup::activity
