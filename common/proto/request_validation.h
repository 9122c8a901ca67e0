// The one validation layer every request passes before its service sees it (server::Handle and
// the streaming handlers call it), driven by the request's descriptor: the checks below apply to
// every field of every request, nested messages included, and the annotations of
// partygroup/common/v1/field_rules.proto add what a field's column or meaning needs.
//
//   enum        a value the enum declares; required: not UNSPECIFIED (0)
//   string      not only spaces (ASCII or the ideographic U+3000) unless empty; at most
//               max_chars characters (code points, as MySQL's utf8mb4 columns count them;
//               16,000 when not annotated); valid UTF-8; required: not blank
//   id          a field named id or ending in _id: not negative; required: above zero
//   double      finite
//   Timestamp   nanos 0..999,999,999; 1921-01-01 to 2200-01-01
//   Date        unset (all zero) or a real day from 1921 to 2200
//   Period      unset or a year from 1921 to 2200 with a month 0..12
//   repeated    at most max_items entries (10,000 when not annotated); required: at least one
//   message     required: set
//
// A failure is INVALID_ARGUMENT "<path>: <what>", the path naming the field as the request
// spells it ("meeting.attendees[2].member_id"), which server::ToGrpcStatus sends as the field of
// a google.rpc.BadRequest.
#pragma once

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace partygroup::proto {

absl::Status ValidateRequest(const google::protobuf::Message& request);

}  // namespace partygroup::proto
