#include "http/web.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <utility>

namespace facilitator::http {

namespace {

/// The library files the UI loads: the path under /vendor/ is the path under the vendor folder.
/// Debian's Chart.js 3.9 has no chart.umd.js; its chart.min.js is the UMD build.
constexpr std::array<std::string_view, 4> kVendorFiles = {
    "bootstrap5/css/bootstrap.min.css",
    "bootstrap5/js/bootstrap.bundle.min.js",
    "chart.js/chart.min.js",
    "sortable/Sortable.min.js",
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/// Whether `path` ("/app/main.js") is made only of plain names: no "..", no hidden files, no
/// backslashes or other characters a file name of ours never has.
bool plain_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view name = path.substr(start, end - start);
    if (name.empty() || name.front() == '.') return false;
    for (char c : name) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                c == '.';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

std::optional<std::string> read_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(content).str();
}

/// A UI file: from the development folder when one is set, else the compiled-in copy.
std::optional<std::string> ui_file(std::string_view path, const WebOptions& options) {
  if (!plain_path(path)) return std::nullopt;
  if (!options.web_root.empty()) return read_file(options.web_root + std::string(path));
  for (const EmbeddedFile& file : embedded_web_files())
    if (file.path == path) return std::string(file.content);
  return std::nullopt;
}

std::optional<std::string> vendor_file(std::string_view path, const WebOptions& options) {
  auto known = std::find(kVendorFiles.begin(), kVendorFiles.end(), path);
  if (known == kVendorFiles.end()) return std::nullopt;
  return read_file(options.vendor_dir + "/" + std::string(*known));
}

}  // namespace

std::string_view web_content_type(std::string_view path) noexcept {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
  };
  for (const auto& [suffix, type] : kTypes)
    if (ends_with(path, suffix)) return type;
  return "application/octet-stream";
}

bool serve_web(const httplib::Request& req, httplib::Response& res, const WebOptions& options) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  std::string_view path = req.path;
  if (path.rfind("/api/", 0) == 0 || path == "/api") return false;
  if (path == "/") path = "/index.html";

  constexpr std::string_view kVendor = "/vendor/";
  std::optional<std::string> content =
      path.rfind(kVendor, 0) == 0 ? vendor_file(path.substr(kVendor.size()), options) : ui_file(path, options);
  if (!content) return false;
  res.status = 200;
  res.headers.erase("Cache-Control");  // set_header adds; these replace the API's values
  res.headers.erase("Content-Security-Policy");
  // The UI's files change with every release and are small: the browser asks each time (and the
  // CSP here replaces the API's "default-src 'none'", which would forbid the page everything).
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Content-Security-Policy", kWebContentSecurityPolicy);
  res.set_content(std::move(*content), std::string(web_content_type(path)));
  return true;
}

}  // namespace facilitator::http
