#include "http/codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

void add_company_routes(Router& router, Services& services) {
  router.add("POST", "/api/v1/companies", "companies.create", Access::to(core::Action::company_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               core::CompanyChanges request = read_company_changes(reader);
               reader.finish();
               reply_created<core::Company>(
                   req, res, body,
                   [&](const core::Retryable<core::Company>* retry) {
                     return services.companies.create(request, ctx.actor, retry);
                   },
                   [](const core::Company& created) {
                     return created_answer(company_json(created), "/api/v1/companies/" + std::to_string(created.id),
                                           created.version);
                   });
             });

  router.add("GET", "/api/v1/companies", "companies.list", Access::to(core::Action::company_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader query(req, {"q", "id", "limit", "cursor"});
               core::CompanyListRequest request;
               request.text = query.text("q");
               request.ids = query.text("id");
               request.limit = query.integer("limit");
               request.cursor = query.text("cursor");
               query.finish();
               reply_json(res, 200, page_json(services.companies.list(request, ctx.actor), company_json));
             });

  router.add("GET", R"(/api/v1/companies/([^/]+))", "companies.get", Access::to(core::Action::company_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               QueryReader(req, {}).finish();
               core::Company company = services.companies.get(path_id(req, 1, "company"), ctx.actor);
               set_etag(res, company.version);
               reply_json(res, 200, company_json(company));
             });

  router.add("PATCH", R"(/api/v1/companies/([^/]+))", "companies.update", Access::to(core::Action::company_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::CompanyId id = path_id(req, 1, "company");
               nlohmann::json body = parse_json_body(req, true);
               ObjectReader reader(body);
               core::CompanyChanges changes = read_company_changes(reader);
               reader.finish();
               core::Company updated =
                   services.companies.update(id, required_if_match(req), std::move(changes), ctx.actor);
               set_etag(res, updated.version);
               reply_json(res, 200, company_json(updated));
             });
}

}  // namespace facilitator::http
