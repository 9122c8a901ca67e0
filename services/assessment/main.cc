// partygroup-assessment: the assessment server. `partygroup-assessment --help` lists its flags.
#include <cstdio>

#include "common/server/runtime.h"
#include "services/assessment/assessment_definition.h"
#include "services/assessment/assessment_service.h"

int main(int argc, char** argv) {
  using partygroup::server::Runtime;
  const partygroup::server::ServiceDefinition& definition = partygroup::assessment::Definition();
  partygroup::server::InitProcess(argc, argv, definition);
  auto runtime = Runtime::Create(definition, partygroup::server::ConfigFromFlags(definition));
  if (!runtime.ok()) {
    std::fprintf(stderr, "partygroup-assessment: start-up refused: %s\n",
                 runtime.status().ToString().c_str());
    return 1;
  }
  partygroup::assessment::AssessmentServiceImpl service(**runtime);
  return (*runtime)->ServeUntilSignalled({&service});
}
