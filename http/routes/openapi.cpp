#include "http/routes/routes.hpp"
#include "openapi_document.hpp"

namespace facilitator::http {

void add_openapi_routes(Router& router) {
  router.add("GET", R"(/api/v1/openapi\.yaml)", "openapi.get", Access::open(),
             [](const httplib::Request&, httplib::Response& res, const RequestContext&) {
               res.status = 200;
               res.set_content(std::string(kOpenApiDocument), "application/yaml");
             });
}

}  // namespace facilitator::http
