// Writes a computation's results while it runs. The results of a city (15,000 of them, 25 MB)
// took a second to insert after the scoring; written a statement's worth at a time, each on a
// thread of its own, they are inserted while the assessment reads the next groups' records.
//
// The writer replaces the revision's results: it deletes them first (on its thread, while the
// computation opens its streams), then inserts what it is given. It uses the transaction's
// connection: between its construction and Flush (or its destruction) nothing else may use it.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <future>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/assessment/assessment_store.h"

namespace partygroup::assessment {

class ResultWriter {
 public:
  // Starts deleting the revision's results.
  ResultWriter(sql::Connection& connection, int64_t cycle_id, int revision);
  // Waits for the statement in flight; its status, if any, is dropped (the caller's transaction
  // is rolled back: it left Flush out because something else failed).
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  // Takes the result for the cycle's revision; sends a statement's worth once there is one.
  // After a statement failed, nothing more is sent: Flush returns its status.
  void Add(v1::Result result, std::string input_json);
  // Writes the rest and waits for every statement; the first failed statement's status (the
  // mapped database error), or OK.
  absl::Status Flush();
  int64_t written() const { return written_; }

 private:
  // Waits for the statement in flight, then sends what is pending on a thread of its own.
  void Send();
  // Waits for the statement in flight and keeps its status if it is the first to fail.
  void Wait();

  sql::Connection& connection_;
  const int64_t cycle_id_;
  const int revision_;
  std::vector<store::StoredResult> pending_;
  std::future<absl::Status> in_flight_;
  absl::Status failed_;  // the first statement that failed
  int64_t written_ = 0;
};

}  // namespace partygroup::assessment
