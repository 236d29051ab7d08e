#include "http/codecs.hpp"
#include "http/reply.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

void add_workflow_routes(Router& router, Services& services) {
  router.add("GET", "/api/v1/workflows", "workflows.list", Access::to(core::Action::workflow_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
               QueryReader(req, {}).finish();
               nlohmann::json items = nlohmann::json::array();
               for (const auto& w : services.workflows.all()) items.push_back(workflow_summary_json(*w));
               reply_json(res, 200, {{"items", items}, {"total", items.size()}, {"next_cursor", nullptr}});
             });

  router.add("GET", R"(/api/v1/workflows/([^/]+))", "workflows.get", Access::to(core::Action::workflow_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
               QueryReader(req, {}).finish();
               reply_json(res, 200, workflow_json(services.workflows.get(req.matches[1].str())));
             });
}

}  // namespace facilitator::http
