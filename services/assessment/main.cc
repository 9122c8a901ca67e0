// partygroup-assessment: the assessment server. `partygroup-assessment --help` lists its flags.
#include "common/server/runtime.h"
#include "services/assessment/assessment_definition.h"
#include "services/assessment/assessment_flags.h"
#include "services/assessment/assessment_service.h"

int main(int argc, char** argv) {
  return partygroup::server::RunServer<partygroup::assessment::AssessmentServiceImpl>(
      argc, argv, partygroup::assessment::Definition(), partygroup::assessment::ReadFlags);
}
