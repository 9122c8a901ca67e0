// partygroup-org: the org server. `partygroup-org --help` lists its flags.
#include "common/server/runtime.h"
#include "services/org/org_definition.h"
#include "services/org/org_service.h"

int main(int argc, char** argv) {
  return partygroup::server::RunServer<partygroup::org::OrgServiceImpl>(
      argc, argv, partygroup::org::Definition());
}
