#include "http/codecs.hpp"
#include "http/reply.hpp"
#include "http/reply_created.hpp"
#include "http/routes/routes.hpp"

namespace facilitator::http {

namespace {

core::ReferenceList list_in_path(const httplib::Request& req) {
  auto list = core::parse_reference_list(req.matches[1].str());
  // Only the URL spellings ("focus-areas") name a list; the database's are not addresses.
  if (!list || core::url_name(*list) != req.matches[1].str())
    throw core::DomainError(core::ErrorCode::not_found,
                            "There is no such reference list: municipalities, focus-areas, nace-sections or "
                            "funding-sources.");
  return *list;
}

}  // namespace

void add_reference_routes(Router& router, Services& services) {
  router.add("GET", "/api/v1/reference", "reference.index", Access::to(core::Action::reference_read),
             [](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
               QueryReader(req, {}).finish();
               nlohmann::json lists = nlohmann::json::array();
               for (auto list : {core::ReferenceList::municipalities, core::ReferenceList::focus_areas,
                                 core::ReferenceList::nace_sections, core::ReferenceList::funding_sources})
                 lists.push_back({{"id", core::url_name(list)},
                                  {"href", "/api/v1/reference/" + std::string(core::url_name(list))},
                                  {"editable", core::is_editable(list)}});
               std::size_t total = lists.size();
               reply_json(res, 200, {{"items", std::move(lists)}, {"total", total}, {"next_cursor", nullptr}});
             });

  router.add("GET", R"(/api/v1/reference/([^/]+))", "reference.list", Access::to(core::Action::reference_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
               core::ReferenceList list = list_in_path(req);
               QueryReader(req, {}).finish();
               nlohmann::json items = nlohmann::json::array();
               for (const auto& item : services.reference.list(list)) items.push_back(reference_item_json(item));
               std::size_t total = items.size();
               reply_json(res, 200, {{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}});
             });

  router.add("POST", R"(/api/v1/reference/([^/]+))", "reference.create", Access::to(core::Action::reference_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ReferenceList list = list_in_path(req);
               nlohmann::json body = parse_json_body(req);
               ObjectReader reader(body);
               core::ReferenceChanges item = read_reference_changes(reader);
               reader.finish();
               reply_created<core::ReferenceItem>(
                   req, res, body,
                   [&](const core::Retryable<core::ReferenceItem>* retry) {
                     return services.reference.add(list, item, ctx.actor, retry);
                   },
                   [list](const core::ReferenceItem& added) {
                     return created_answer(reference_item_json(added),
                                           "/api/v1/reference/" + std::string(core::url_name(list)) + "/" + added.code);
                   });
             });

  router.add("GET", R"(/api/v1/reference/([^/]+)/([^/]+))", "reference.get", Access::to(core::Action::reference_read),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext&) {
               core::ReferenceList list = list_in_path(req);
               QueryReader(req, {}).finish();
               reply_json(res, 200, reference_item_json(services.reference.get(list, req.matches[2].str())));
             });

  router.add("PATCH", R"(/api/v1/reference/([^/]+)/([^/]+))", "reference.update",
             Access::to(core::Action::reference_write),
             [&services](const httplib::Request& req, httplib::Response& res, const RequestContext& ctx) {
               core::ReferenceList list = list_in_path(req);
               nlohmann::json body = parse_json_body(req, true);
               ObjectReader reader(body);
               core::ReferenceChanges changes = read_reference_changes(reader);
               reader.finish();
               core::ReferenceItem updated =
                   services.reference.update(list, req.matches[2].str(), std::move(changes), ctx.actor);
               reply_json(res, 200, reference_item_json(updated));
             });
}

}  // namespace facilitator::http
