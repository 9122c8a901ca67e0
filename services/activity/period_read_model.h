// The period read model: what many groups recorded in a month or a year, read for the rules
// (ListFindings, GetCadreAttendance) and streamed to the assessment (StreamPeriod). It is the
// one interface behind which the activity service's devices for reading a city's year fast sit:
//   - the compact form the assessment asks for (meetings and talks without what the rules never
//     read, dues as the months paid by an instant), read from the packed attendance and dues
//     years that the slices' stores write beside their rows (packed_records.h);
//   - the dues read on a second connection while the rest is read on the first;
//   - batches of groups read ahead while the one before is sent.
// Connection budget: a Load takes two pooled connections at once. The Streams of the server
// share half the pool between them (at least one Load's two): a Stream reads its first batch
// once the share has room for it and reads ahead only while the share allows, never more than
// 2 × reads_in_flight, so that the other calls always find the other half.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/connection_pool.h"
#include "common/rules/period.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/period_store.h"

namespace partygroup::activity {

class PeriodReadModel final {
 public:
  struct Options {
    // Groups per database read: bounds the IN lists and the memory of one read.
    size_t batch_groups = 500;
    // Batches read ahead while one is sent (the bench city's year: 7.9 -> 6.1 s with two; with
    // the attendance and dues packed, three gained another tenth).
    int reads_in_flight = 3;
  };

  PeriodReadModel(db::ConnectionPool& pool, absl::TimeZone zone, Options options);

  // Connections shared by the Streams: taken before a batch is read, given back once it is.
  class Share {
   public:
    explicit Share(int capacity) : capacity_(capacity), free_(capacity) {}
    int capacity() const { return capacity_; }
    // Waits up to `wait` for `n` free connections.
    bool Take(int n, absl::Duration wait);
    bool TryTake(int n);
    void Give(int n);

   private:
    const int capacity_;
    absl::Mutex mu_;
    int free_ ABSL_GUARDED_BY(mu_);
  };

  // The most pooled connections a Stream holds at once, and the Streams together.
  int connection_budget() const { return 2 * options_.reads_in_flight; }
  int stream_share() const { return stream_share_.capacity(); }

  // The records of `groups` in `period`, in their order (dues and the rest each read in one
  // snapshot); `compact` and `dues_paid_by` as StreamPeriodRequest describes them.
  absl::StatusOr<std::vector<v1::GroupPeriodRecords>> Load(
      const std::vector<store::PeriodGroup>& groups, const rules::Period& period, bool compact,
      std::optional<absl::Time> dues_paid_by = std::nullopt) const;

  // The same, batch after batch, each group handed to `emit` (false: stop, the reader went
  // away). No read is left running when it returns.
  absl::Status Stream(const std::vector<store::PeriodGroup>& groups, const rules::Period& period,
                      bool compact, std::optional<absl::Time> dues_paid_by,
                      const std::function<bool(v1::GroupPeriodRecords&)>& emit) const;

 private:
  db::ConnectionPool& pool_;
  const absl::TimeZone zone_;
  const Options options_;
  mutable Share stream_share_;
};

}  // namespace partygroup::activity
