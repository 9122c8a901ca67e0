#include "services/org/policies.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/clients/org_records.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/status/status_macros.h"
#include "services/org/policy_store.h"

namespace partygroup::org {

using mutation::Journal;
using mutation::MutationRequest;

namespace {

// The defaults, as version 1 reads.
v1::Policy DefaultPolicy() { return clients::ToProto(rules::Policy{}); }

}  // namespace

absl::StatusOr<rules::Policy> CurrentPolicy(sql::Connection& c) {
  ASSIGN_OR_RETURN(std::optional<v1::Policy> latest, store::LatestPolicy(c));
  if (!latest.has_value()) return rules::Policy{};
  return clients::ToRulesPolicy(*latest);
}

absl::Status Policies::CreatePolicy(const auth::Caller& caller,
                                    const v1::CreatePolicyRequest& request,
                                    v1::CreatePolicyResponse* response) {
  if (caller.role != auth::Role::kAdmin) {
    return absl::PermissionDeniedError("the policy is the committee's: an ADMIN token");
  }
  if (!request.has_policy()) return absl::InvalidArgumentError("policy: required");
  RETURN_IF_ERROR(ValidatePolicy(clients::ToRulesPolicy(request.policy())));
  RETURN_IF_ERROR(RequireMaxLength("policy.document_ref", request.policy().document_ref(), 200));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "CreatePolicy", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(v1::Policy stored,
                         store::InsertPolicy(c, request.policy(), caller.subject));
        journal.SetTarget("policy", stored.version());
        journal.AddEvent(
            MakeEvent("POLICY_CREATED", "policy", stored.version(), "/1/",
                      {{"version", stored.version()}, {"document_ref", stored.document_ref()}}));
        *response->mutable_policy() = std::move(stored);
        return absl::OkStatus();
      });
}

absl::Status Policies::GetPolicy(const auth::Caller&, const v1::GetPolicyRequest& request,
                                 v1::GetPolicyResponse* response) {
  if (request.version() < 0) {
    return absl::InvalidArgumentError("version: must not be negative (0 for the current one)");
  }
  if (request.version() == 1) {
    *response->mutable_policy() = DefaultPolicy();
    return absl::OkStatus();
  }
  return db::RunWithConnection(context_.pool, "GetPolicy", [&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(
        std::optional<v1::Policy> policy,
        request.version() == 0 ? store::LatestPolicy(c) : store::GetPolicy(c, request.version()));
    if (policy.has_value()) {
      *response->mutable_policy() = *std::move(policy);
    } else if (request.version() == 0) {
      *response->mutable_policy() = DefaultPolicy();
    } else {
      return absl::NotFoundError(absl::StrCat("policy version ", request.version()));
    }
    return absl::OkStatus();
  });
}

absl::Status Policies::ListPolicies(const auth::Caller&, const v1::ListPoliciesRequest& request,
                                    v1::ListPoliciesResponse* response) {
  ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  ASSIGN_OR_RETURN(int64_t before, PageAfter(request.page_token()));
  return db::RunWithConnection(
      context_.pool, "ListPolicies", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(std::vector<v1::Policy> policies,
                         store::ListPolicies(c, before, page_size));
        for (v1::Policy& policy : policies) *response->add_policies() = std::move(policy);
        // The stored versions count from 2; the defaults (version 1) close the list.
        if (response->policies_size() == page_size) {
          response->set_next_page_token(
              absl::StrCat(response->policies(response->policies_size() - 1).version()));
        } else {
          *response->add_policies() = DefaultPolicy();
        }
        return absl::OkStatus();
      });
}

}  // namespace partygroup::org
