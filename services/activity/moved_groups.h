// Groups that moved in org's tree: the activity records and events of a subtree that org moved
// (MoveNode, an OA import: the NODE_MOVED event with its old and new path) are re-pathed, so that
// the subtree's new unit governs its records and events and the old unit no longer does. The
// rights of every record are checked against its stored group path; this keeps those paths the
// tree's as it stands.
//
// A background thread follows org's event log from where it stopped (org_event_cursor), with the
// server's SERVICE token; a move and the cursor commit together, so each move is applied once
// (replicas included: the cursor row is locked). Errors are logged and the follow starts again
// after a pause: records stay under their old path until the move is applied.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/clients/org_client.h"
#include "common/db/connection_pool.h"
#include "partygroup/common/v1/event.pb.h"

namespace partygroup::activity {

class MovedGroups final {
 public:
  // `follow`: start the thread (a server does; a test may apply events by hand).
  MovedGroups(db::ConnectionPool& pool, clients::OrgClient& org, bool follow);
  ~MovedGroups();  // stops following and waits for the thread
  MovedGroups(const MovedGroups&) = delete;
  MovedGroups& operator=(const MovedGroups&) = delete;

  // Applies one event of org's log (a NODE_MOVED re-paths; any other only advances the cursor
  // when `advance` is set), once: an event at or before the cursor is passed over.
  absl::Status Apply(const common::v1::Event& event, bool advance);

 private:
  void Follow();

  db::ConnectionPool& pool_;
  clients::OrgClient& org_;
  absl::Notification stop_;
  std::mutex mutex_;  // guards call_
  std::unique_ptr<grpc::ClientContext> call_;
  std::thread thread_;
};

}  // namespace partygroup::activity
