#include "http/routes/routes.hpp"

namespace facilitator::http {

Router build_router(Services& services) {
  Router router;
  add_health_routes(router, services);
  add_workflow_routes(router, services);
  add_project_routes(router, services);
  add_funding_routes(router, services);
  add_company_routes(router, services);
  add_reference_routes(router, services);
  add_contact_routes(router, services);
  add_note_routes(router, services);
  add_activity_routes(router, services);
  add_target_routes(router, services);
  add_session_routes(router, services);
  add_user_routes(router, services);
  add_invitation_routes(router, services);
  add_report_routes(router, services);
  add_openapi_routes(router);
  return router;
}

}  // namespace facilitator::http
