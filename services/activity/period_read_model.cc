#include "services/activity/period_read_model.h"

#include <algorithm>
#include <deque>
#include <future>

#include "absl/strings/str_cat.h"
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

// A Load's two connections: the dues and the rest.
constexpr int kLoadConnections = 2;

PeriodReadModel::PeriodReadModel(db::ConnectionPool& pool, absl::TimeZone zone, Options options)
    : pool_(pool),
      zone_(zone),
      options_(AtLeastOne(options)),
      stream_share_(std::max(kLoadConnections, pool.config().pool_size / 2)) {}

bool PeriodReadModel::Share::Take(int n, absl::Duration wait) {
  absl::MutexLock lock(&mu_);
  const auto room = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return free_ >= n; };
  if (!mu_.AwaitWithTimeout(absl::Condition(&room), wait)) return false;
  free_ -= n;
  return true;
}

bool PeriodReadModel::Share::TryTake(int n) {
  absl::MutexLock lock(&mu_);
  if (free_ < n) return false;
  free_ -= n;
  return true;
}

void PeriodReadModel::Share::Give(int n) {
  absl::MutexLock lock(&mu_);
  free_ += n;
}

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
  // Each batch in flight holds its two connections of the streams' share until it is read; the
  // share is given back whatever the return. A future of std::async waits for its batch when
  // dropped, so an early return leaves no read running (the futures go before `taken`).
  int taken = 0;
  struct GiveBack {
    Share& share;
    int& taken;
    ~GiveBack() { share.Give(taken); }
  } give_back{stream_share_, taken};
  std::deque<std::future<absl::StatusOr<std::vector<v1::GroupPeriodRecords>>>> loading;
  size_t next = 0;
  // The first batch waits for room in the share (as a call waits for a connection); a batch
  // read ahead is read only when there is room now.
  const absl::Duration wait = pool_.config().acquire_timeout * 6;
  auto load_next = [&]() -> absl::Status {
    if (next >= groups.size()) return absl::OkStatus();
    if (loading.empty() ? !stream_share_.Take(kLoadConnections, wait)
                        : !stream_share_.TryTake(kLoadConnections)) {
      if (!loading.empty()) return absl::OkStatus();
      return absl::ResourceExhaustedError(
          absl::StrCat("the period streams of this server share ", stream_share_.capacity(),
                       " database connections and all are in use; retry"));
    }
    taken += kLoadConnections;
    std::vector<store::PeriodGroup> batch(
        groups.begin() + next,
        groups.begin() + std::min(groups.size(), next + options_.batch_groups));
    next += batch.size();
    loading.push_back(std::async(std::launch::async,
                                 [this, batch = std::move(batch), period, compact, dues_paid_by] {
                                   return Load(batch, period, compact, dues_paid_by);
                                 }));
    return absl::OkStatus();
  };
  for (int i = 0; i < options_.reads_in_flight; ++i) RETURN_IF_ERROR(load_next());
  while (!loading.empty()) {
    absl::StatusOr<std::vector<v1::GroupPeriodRecords>> records = loading.front().get();
    loading.pop_front();
    stream_share_.Give(kLoadConnections);
    taken -= kLoadConnections;
    RETURN_IF_ERROR(records.status());
    // Ahead again, as far as reads_in_flight and the share allow.
    while (static_cast<int>(loading.size()) < options_.reads_in_flight && next < groups.size()) {
      const size_t before = loading.size();
      RETURN_IF_ERROR(load_next());
      if (loading.size() == before) break;  // no room in the share now
    }
    for (v1::GroupPeriodRecords& group : *records) {
      if (!emit(group)) return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace partygroup::activity
