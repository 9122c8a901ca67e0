#include "services/assessment/result_writer.h"

#include <utility>

namespace partygroup::assessment {

ResultWriter::ResultWriter(sql::Connection& connection, int64_t cycle_id, int revision)
    : connection_(connection), cycle_id_(cycle_id), revision_(revision) {
  pending_.reserve(store::kResultsPerStatement);
  // The revision's earlier results go first, on the writer's thread: the computation meanwhile
  // opens its streams.
  in_flight_ = std::async(std::launch::async, [this] {
    return store::DeleteResults(connection_, cycle_id_, revision_);
  });
}

ResultWriter::~ResultWriter() {
  if (in_flight_.valid()) in_flight_.wait();
}

void ResultWriter::Add(v1::Result result, std::string input_json) {
  result.set_cycle_id(cycle_id_);
  result.set_revision(revision_);
  pending_.push_back({std::move(result), std::move(input_json)});
  if (pending_.size() == store::kResultsPerStatement) Send();
}

absl::Status ResultWriter::Flush() {
  if (!pending_.empty()) Send();
  Wait();
  return failed_;
}

void ResultWriter::Wait() {
  if (!in_flight_.valid()) return;
  absl::Status status = in_flight_.get();
  if (failed_.ok()) failed_ = std::move(status);
}

void ResultWriter::Send() {
  // One statement at a time on the connection.
  Wait();
  if (!failed_.ok()) {  // the transaction will be rolled back: nothing more to send
    pending_.clear();
    return;
  }
  written_ += static_cast<int64_t>(pending_.size());
  // The batch goes with the thread, and is freed there too.
  in_flight_ = std::async(std::launch::async, [this, batch = std::move(pending_)]() mutable {
    const std::vector<store::StoredResult> results = std::move(batch);
    return store::InsertResults(connection_, results);
  });
  pending_.clear();
  pending_.reserve(store::kResultsPerStatement);
}

}  // namespace partygroup::assessment
