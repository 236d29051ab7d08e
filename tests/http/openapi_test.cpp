// The OpenAPI document (docs/openapi.yaml, compiled into the binary and served at
// /api/v1/openapi.yaml) must describe exactly the routes the router serves: every route with its
// method and its name as operationId, and no operation that no route answers. A route added
// without documentation, or documentation left behind by a removed route, fails here.
//
// It must also say who may call each route as the router decides it: the operation's `x-roles` is
// `public` for an open route, `signed-in` for a route open to anyone signed in, and otherwise a
// map from each role to the policy table's scope for the route's action. Open routes, and only
// they, say `security: []`; writes on the other routes, and only they, take the X-CSRF-Token
// parameter. A change of the policy table or of a route's Access without the document fails here.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/access/policy.hpp"
#include "http/router.hpp"
#include "http_test_support.hpp"

using namespace facilitator::testing;
using facilitator::core::Role;
using facilitator::http::Access;

namespace {

struct DocumentedOperation {
  std::string path;    // as written under `paths`, e.g. /api/v1/projects/{id}/transitions
  std::string method;  // upper case, e.g. POST
  std::string operation_id;
  int line = 0;
  std::string roles;            // the value of `x-roles` as written, e.g. "public" or "{admin: all, ...}"
  bool open_security = false;   // `security: []`
  bool csrf_parameter = false;  // `- $ref: '#/components/parameters/CsrfToken'`
};

const std::vector<Role> kRoles{Role::admin, Role::adviser, Role::management, Role::entrepreneur};

std::string uppercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string unquoted(std::string text) {
  if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"') && text.back() == text.front())
    return text.substr(1, text.size() - 2);
  return text;
}

/// Splits a block mapping line ("key: value" or "key:") into key and value; false when the line
/// is no mapping entry (e.g. "- item").
bool split_entry(const std::string& content, std::string& key, std::string& value) {
  std::size_t colon = std::string::npos;
  if (content.front() == '\'' || content.front() == '"') {
    std::size_t close = content.find(content.front(), 1);
    if (close == std::string::npos || close + 1 >= content.size() || content[close + 1] != ':') return false;
    colon = close + 1;
  } else {
    for (std::size_t i = 0; i < content.size() && colon == std::string::npos; ++i)
      if (content[i] == ':' && (i + 1 == content.size() || content[i + 1] == ' ')) colon = i;
    if (colon == std::string::npos || content.front() == '-') return false;
  }
  key = unquoted(content.substr(0, colon));
  value = colon + 1 < content.size() ? content.substr(colon + 1) : "";
  value.erase(0, value.find_first_not_of(' '));
  if (auto comment = value.find(" #"); comment != std::string::npos) value.erase(comment);
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return true;
}

/// The operations under `paths` of a block-style YAML document indented by two spaces, as
/// docs/openapi.yaml is written: path items are keys indented by two, operations are HTTP-method
/// keys indented by four under them, and an operation's operationId, x-roles and security are its
/// keys indented by six; its parameters are list items indented by eight.
/// Block scalars (`description: |`) are skipped whole, so no text in them is taken for a key.
std::vector<DocumentedOperation> documented_operations(const std::string& yaml) {
  static const std::vector<std::string> kMethods{"get", "put", "post", "delete", "options", "head", "patch", "trace"};
  std::vector<DocumentedOperation> operations;
  std::istringstream in(yaml);
  std::string line;
  int number = 0;
  bool in_paths = false;
  bool in_operation = false;
  std::string path;
  int block_indent = -1;  // the indent of the key holding the block scalar being skipped
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos) continue;  // blank: also inside block scalars
    int indent = static_cast<int>(first);
    if (block_indent >= 0) {
      if (indent > block_indent) continue;
      block_indent = -1;
    }
    std::string content = line.substr(first);
    INFO("docs/openapi.yaml line " << number << ": " << line);
    REQUIRE(content.front() != '\t');  // YAML indents with spaces only
    if (content.front() == '#') continue;
    if (in_paths && in_operation && indent == 8 && content == "- $ref: '#/components/parameters/CsrfToken'")
      operations.back().csrf_parameter = true;
    std::string key, value;
    if (!split_entry(content, key, value)) continue;
    if (!value.empty() && (value.front() == '|' || value.front() == '>')) block_indent = indent;
    if (indent == 0) {
      in_paths = key == "paths";
      if (in_paths) CHECK(value.empty());  // a block mapping, not `paths: {}`
      in_operation = false;
    } else if (!in_paths) {
      continue;
    } else if (indent == 2) {
      path = key;
      in_operation = false;
    } else if (indent == 4) {
      in_operation = std::find(kMethods.begin(), kMethods.end(), key) != kMethods.end();
      if (in_operation) operations.push_back({path, uppercase(key), "", number, "", false, false});
    } else if (indent == 6 && in_operation && key == "operationId") {
      operations.back().operation_id = unquoted(value);
    } else if (indent == 6 && in_operation && key == "x-roles") {
      operations.back().roles = unquoted(value);
    } else if (indent == 6 && in_operation && key == "security") {
      operations.back().open_security = value == "[]";
    }
  }
  return operations;
}

/// "/api/v1/projects/{id}/transitions" -> "/api/v1/projects/{}/transitions": parameter names
/// differ between the two sides, their places may not.
std::string without_parameter_names(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      std::size_t close = path.find('}', i);
      INFO(path);
      REQUIRE(close != std::string::npos);
      out += "{}";
      i = close;
    } else {
      out += path[i];
    }
  }
  return out;
}

/// A route's pattern as an OpenAPI path template without parameter names:
/// "/api/v1/projects/([^/]+)/transitions" -> "/api/v1/projects/{}/transitions". Each capture
/// group is one path parameter and `\.` a literal dot; any other regular-expression syntax would make the pattern more
/// than a template, and fails the test rather than being matched loosely.
std::string template_of(const std::string& pattern) {
  INFO("route pattern " << pattern);
  std::string out;
  bool plain = true;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '(') {
      std::size_t close = pattern.find(')', i);
      REQUIRE(close != std::string::npos);
      plain = plain && pattern.find('(', i + 1) > close;  // no nested groups
      out += "{}";
      i = close;
    } else if (c == '\\' && i + 1 < pattern.size() && pattern[i + 1] == '.') {
      out += '.';  // an escaped dot is a literal dot
      ++i;
    } else {
      plain = plain && std::string("\\[]{}*+?^$|)").find(c) == std::string::npos;
      out += c;
    }
  }
  CHECK(plain);
  return out;
}

/// What `x-roles` must say for a route: "public", "signed-in", or each role's scope in the order
/// of kRoles, "admin: all, adviser: all, management: none, entrepreneur: own".
std::string expected_roles(const Access& access) {
  switch (access.kind) {
    case Access::Kind::open:
      return "public";
    case Access::Kind::signed_in:
      return "signed-in";
    case Access::Kind::policy:
      break;
  }
  std::string out;
  for (Role role : kRoles) {
    if (!out.empty()) out += ", ";
    out += std::string(facilitator::core::to_string(role)) + ": " +
           std::string(facilitator::core::to_string(facilitator::core::scope_of(role, access.action)));
  }
  return out;
}

/// A documented `x-roles` in the form expected_roles() gives: "public" and "signed-in" as they
/// are; a flow mapping `{admin: all, ...}` with each role exactly once (in any order) and a scope
/// of none, own or all, rewritten in the order of kRoles. Anything else is returned as written
/// with a mark, so that it cannot equal an expected value.
std::string documented_roles(const std::string& value) {
  if (value == "public" || value == "signed-in") return value;
  if (value.size() < 2 || value.front() != '{' || value.back() != '}') return "not a role map: " + value;
  std::map<std::string, std::string> scopes;
  std::istringstream entries(value.substr(1, value.size() - 2));
  std::string entry;
  auto trim = [](std::string text) {
    text.erase(0, text.find_first_not_of(' '));
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
  };
  while (std::getline(entries, entry, ',')) {
    auto colon = entry.find(':');
    if (colon == std::string::npos) return "not a role map: " + value;
    std::string role = trim(entry.substr(0, colon));
    std::string scope = trim(entry.substr(colon + 1));
    if (scope != "none" && scope != "own" && scope != "all") return "unknown scope '" + scope + "' in " + value;
    if (!scopes.emplace(role, scope).second) return "role named twice in " + value;
  }
  std::string out;
  for (Role role : kRoles) {
    auto it = scopes.find(std::string(facilitator::core::to_string(role)));
    if (it == scopes.end()) return "a role is missing in " + value;
    if (!out.empty()) out += ", ";
    out += it->first + ": " + it->second;
    scopes.erase(it);
  }
  if (!scopes.empty()) return "unknown role '" + scopes.begin()->first + "' in " + value;
  return out;
}

}  // namespace

BACKEND_TEST_CASE("The served openapi.yaml documents every route the router serves, and no other", "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  Api api(server);

  Reply r = api.get("/api/v1/openapi.yaml");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type").rfind("application/yaml", 0) == 0);
  CHECK(r.body.rfind("openapi: 3.1.", 0) == 0);

  std::map<std::pair<std::string, std::string>, DocumentedOperation> documented;
  for (const auto& op : documented_operations(r.body)) {
    INFO(op.method << " " << op.path << " (line " << op.line << ")");
    CHECK_FALSE(op.operation_id.empty());
    bool added = documented.emplace(std::make_pair(without_parameter_names(op.path), op.method), op).second;
    CHECK(added);  // two path templates that differ only in parameter names
  }

  const auto& routes = server.server().router().routes();
  REQUIRE_FALSE(routes.empty());
  std::map<std::pair<std::string, std::string>, std::string> served;
  for (const auto& route : routes) {
    auto key = std::make_pair(template_of(route.pattern), route.method);
    served.emplace(key, route.name);
    INFO("route " << route.name << ": " << route.method << " " << route.pattern << " is served as " << key.first);
    auto it = documented.find(key);
    CHECK(documented.count(key) == 1);
    if (it == documented.end()) continue;
    const DocumentedOperation& op = it->second;
    INFO("documented at docs/openapi.yaml line " << op.line);
    CHECK(op.operation_id == route.name);

    // Who may call it, as the router and the policy table decide.
    CHECK_FALSE(op.roles.empty());
    CHECK(documented_roles(op.roles) == expected_roles(route.access));
    const bool open = route.access.kind == Access::Kind::open;
    CHECK(op.open_security == open);
    // The CSRF token: on every write that needs credentials, and nowhere else.
    CHECK(op.csrf_parameter == (!open && route.method != "GET"));
  }

  for (const auto& [key, op] : documented) {
    INFO("docs/openapi.yaml line " << op.line << " documents " << op.method << " " << op.path
                                   << ", which no route serves");
    CHECK(served.count(key) == 1);
  }
}
