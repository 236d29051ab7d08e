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
void add_session_routes(Router& router, Services& services);
void add_user_routes(Router& router, Services& services);
void add_invitation_routes(Router& router, Services& services);
void add_report_routes(Router& router, Services& services);
void add_openapi_routes(Router& router);

/// Sets the session cookie and answers 201 with the session: a login, or an accepted invitation.
void reply_new_session(const httplib::Request& req, httplib::Response& res, const core::LoginResult& login,
                       const core::SessionSettings& settings);

/// Every route of the API, in one table.
[[nodiscard]] Router build_router(Services& services);

}  // namespace facilitator::http
