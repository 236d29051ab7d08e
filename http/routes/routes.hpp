#pragma once

#include "http/router.hpp"
#include "http/services.hpp"

namespace facilitator::http {

void add_health_routes(Router& router, Services& services);
void add_workflow_routes(Router& router, Services& services);
void add_project_routes(Router& router, Services& services);
void add_funding_routes(Router& router, Services& services);
void add_company_routes(Router& router, Services& services);
void add_reference_routes(Router& router, Services& services);
void add_contact_routes(Router& router, Services& services);
void add_note_routes(Router& router, Services& services);
void add_activity_routes(Router& router, Services& services);
void add_target_routes(Router& router, Services& services);
void add_openapi_routes(Router& router);

/// Every route of the API, in one table.
[[nodiscard]] Router build_router(Services& services);

}  // namespace facilitator::http
