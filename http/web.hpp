#pragma once

// The web UI: the files under http/web/ (compiled in, or read from a folder while developing)
// and the JavaScript libraries Debian installs (Bootstrap, Chart.js, Sortable), served beside
// the API by the same server. They are not routes of the Router: the Router's table is the API,
// and the OpenAPI document describes exactly that.

#include <httplib.h>

#include <span>
#include <string>
#include <string_view>

namespace facilitator::http {

/// A file of http/web/ compiled into the binary; `path` starts with '/' ("/app/main.js").
struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

/// Every file of http/web/ as it was when the binary was built.
std::span<const EmbeddedFile> embedded_web_files() noexcept;

/// The Content-Security-Policy of the UI's files: only this origin's scripts, styles and
/// connections, no inline script or style, never framed.
inline constexpr const char* kWebContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

struct WebOptions {
  /// A folder to read the UI's files from instead of the compiled-in copy (for development:
  /// edits show on reload). Empty: the compiled-in files.
  std::string web_root;
  /// Where Debian installs JavaScript libraries (libjs-bootstrap5, libjs-chart.js, libjs-sortable).
  std::string vendor_dir = "/usr/share/javascript";
};

/// The Content-Type of a file by its name's ending; application/octet-stream when unknown.
[[nodiscard]] std::string_view web_content_type(std::string_view path) noexcept;

/// Answers a GET or HEAD for a UI file ("/" is /index.html) or a library under /vendor/: writes
/// the response and returns true, or returns false when the path is no such file (the API's
/// paths never are), leaving `res` alone. Only the library files the UI uses are served from the
/// vendor folder, so no path can reach any other file there or outside it.
bool serve_web(const httplib::Request& req, httplib::Response& res, const WebOptions& options);

}  // namespace facilitator::http
