// The OpenAPI document (docs/openapi.yaml, compiled into the binary and served at
// /api/v1/openapi.yaml) must describe exactly the routes the router serves: every route with its
// method and its name as operationId, and no operation that no route answers. A route added
// without documentation, or documentation left behind by a removed route, fails here.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "http_test_support.hpp"

using namespace facilitator::testing;

namespace {

struct DocumentedOperation {
  std::string path;    // as written under `paths`, e.g. /api/v1/projects/{id}/transitions
  std::string method;  // upper case, e.g. POST
  std::string operation_id;
  int line = 0;
};

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
/// keys indented by four under them, and an operation's operationId is its key indented by six.
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
      if (in_operation) operations.push_back({path, uppercase(key), "", number});
    } else if (indent == 6 && in_operation && key == "operationId") {
      operations.back().operation_id = unquoted(value);
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
    if (it != documented.end()) CHECK(it->second.operation_id == route.name);
  }

  for (const auto& [key, op] : documented) {
    INFO("docs/openapi.yaml line " << op.line << " documents " << op.method << " " << op.path
                                   << ", which no route serves");
    CHECK(served.count(key) == 1);
  }
}
