#include "core/service/project_service.hpp"
#include "test_database.hpp"
#include "workflows/registry.hpp"

using namespace facilitator;
using facilitator::testing::TestDatabase;

BACKEND_TEST_CASE("A created project starts in the initial state at version 1", "[storage]") {
  TestDatabase db(backend);
  auto registry = workflows::builtin_registry();
  core::ProjectService service(db.store(), registry, core::system_clock());
  core::Actor adviser{"kari@mnu.no", core::Role::adviser};
  core::NewProject request{"establishment", {}};
  request.fields.title = "Bakeri i Moss";
  core::ProjectView view = service.create(request, adviser);
  CHECK(view.project.state == "idea");
  CHECK(view.project.version == 1);
  core::ProjectView read = service.get(view.project.id, adviser);
  CHECK(read.project.title == "Bakeri i Moss");
}
