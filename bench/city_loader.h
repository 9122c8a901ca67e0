// Puts a planned city into running services through their public gRPC APIs only: the org bulk
// import for units, branches and members, CreateGroup / AppointLeader / RecordFiling for the
// groups, and the activity bulk import (ImportRecords) for the year. Every call carries a
// request_id derived from the seed, so loading the same city twice changes nothing.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/city.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::bench {

struct Endpoints {
  std::string org = "127.0.0.1:50051";
  std::string activity = "127.0.0.1:50052";
  std::string assessment = "127.0.0.1:50053";
  std::string admin_token;
  // The CA of the servers' TLS certificates; empty: plaintext.
  std::string ca_pem;

  // A channel to one of the addresses above, on TLS when ca_pem is set.
  std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) const;
};

struct LoadFigures {
  absl::Duration org_import;       // units, branches, members
  absl::Duration groups;           // groups, leaders, filings
  absl::Duration activity_import;  // the year's records
  int activity_records = 0;
  int activity_refused = 0;
};

// The bearer token, and a deadline long enough for a city's bulk calls.
void Authorize(grpc::ClientContext& context, const std::string& token);

// The city's OA directory as org import records: units, then branches, then members.
std::vector<org::v1::ImportRecord> DirectoryRecords(const City& city);

absl::StatusOr<LoadFigures> LoadCity(const City& city, const Endpoints& endpoints, int threads);

}  // namespace partygroup::bench
