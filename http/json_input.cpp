#include "http/json_input.hpp"

#include <limits>

#include <charconv>

#include "http/problem.hpp"

namespace facilitator::http {

namespace {

constexpr int kMaxDepth = 32;  // our documents are flat; deep nesting is only ever an attack

/// Stops the parser as soon as nesting exceeds kMaxDepth, before anything deep is built.
struct TooDeep {};

std::string media_type(const httplib::Request& req) {
  std::string value = req.get_header_value("Content-Type");
  std::string type = value.substr(0, value.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

const char* type_name(const nlohmann::json& v) {
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "true or false";
  if (v.is_number()) return "a number";
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  return "null";
}

}  // namespace

nlohmann::json parse_json_body(const httplib::Request& req, bool allow_merge_patch) {
  std::string type = media_type(req);
  bool json = type == "application/json" || (allow_merge_patch && type == "application/merge-patch+json");
  if (!json)
    throw HttpError(415, type.empty() ? "The request has no Content-Type; send application/json."
                                      : "The Content-Type '" + type + "' is not accepted; send application/json.");
  try {
    return nlohmann::json::parse(req.body, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > kMaxDepth) throw TooDeep{};
      return true;
    });
  } catch (const TooDeep&) {
    throw core::DomainError(core::ErrorCode::invalid_input, "The JSON body is nested too deeply.");
  } catch (const nlohmann::json::parse_error& e) {
    throw core::DomainError(core::ErrorCode::invalid_input,
                            "The body is not valid JSON (at byte " + std::to_string(e.byte) + ").");
  } catch (const nlohmann::json::out_of_range&) {
    // A number beyond a double's range (1e999): the parser's only out_of_range (406).
    throw core::DomainError(core::ErrorCode::invalid_input, "The body holds a number too large to read.");
  } catch (const nlohmann::json::exception&) {
    throw core::DomainError(core::ErrorCode::invalid_input, "The body is not valid JSON.");
  }
}

ObjectReader::ObjectReader(const nlohmann::json& value) : object_(value) {
  if (!value.is_object()) throw core::DomainError(core::ErrorCode::invalid_input, "The body must be a JSON object.");
}

const nlohmann::json* ObjectReader::member(const char* name) {
  read_.insert(name);
  auto it = object_.find(name);
  return it == object_.end() ? nullptr : &*it;
}

void ObjectReader::add_error(std::string field, std::string code, std::string message) {
  errors_.push_back({std::move(field), std::move(code), std::move(message)});
}

std::optional<std::string> ObjectReader::text(const char* name) {
  const nlohmann::json* v = member(name);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    add_error(name, "wrong_type", std::string("must be a string, not ") + type_name(*v));
    return std::nullopt;
  }
  return v->get<std::string>();
}

core::Change<std::string> ObjectReader::nullable_text(const char* name) {
  const nlohmann::json* v = member(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) {
    add_error(name, "wrong_type", std::string("must be a string or null, not ") + type_name(*v));
    return std::nullopt;
  }
  return std::optional<std::string>{v->get<std::string>()};
}

std::optional<bool> ObjectReader::boolean(const char* name) {
  const nlohmann::json* v = member(name);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    add_error(name, "wrong_type", std::string("must be true or false, not ") + type_name(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> ObjectReader::integer(const char* name) {
  const nlohmann::json* v = member(name);
  if (v == nullptr) return std::nullopt;
  return integer_value(*v, name);
}

std::optional<std::int64_t> ObjectReader::integer_value(const nlohmann::json& v, const char* name) {
  // nlohmann stores every non-negative literal as unsigned, and is_number_integer() is true for
  // both kinds, so the unsigned range check must come first or 2^63 and above would wrap.
  if (v.is_number_unsigned()) {
    auto value = v.get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      add_error(name, "out_of_range", "is too large");
      return std::nullopt;
    }
    return static_cast<std::int64_t>(value);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  add_error(name, "wrong_type", std::string("must be a whole number, not ") + type_name(v));
  return std::nullopt;
}

core::Change<std::int64_t> ObjectReader::nullable_integer(const char* name) {
  const nlohmann::json* v = member(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return std::optional<std::int64_t>{};
  auto value = integer_value(*v, name);
  if (!value) return std::nullopt;
  return std::optional<std::int64_t>{*value};
}

void ObjectReader::forbid(const char* name, const char* why) {
  if (member(name) != nullptr) add_error(name, "read_only", why);
}

void ObjectReader::finish() {
  for (const auto& [key, value] : object_.items())
    if (read_.find(key) == read_.end()) add_error(key, "unknown_field", "is not a field of this resource");
  core::throw_if_invalid(errors_);
}

QueryReader::QueryReader(const httplib::Request& req, std::initializer_list<std::string_view> known) : req_(req) {
  for (const auto& [key, value] : req.params) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || k == key;
    if (!ok) errors_.push_back({key, "unknown_parameter", "is not a parameter of this list"});
    if (req.get_param_value_count(key) > 1) errors_.push_back({key, "repeated", "may be given only once"});
  }
}

std::optional<std::string> QueryReader::text(const char* name) {
  if (!req_.has_param(name)) return std::nullopt;
  return req_.get_param_value(name);
}

std::optional<std::int64_t> QueryReader::integer(const char* name) {
  if (!req_.has_param(name)) return std::nullopt;
  auto value = parse_int(req_.get_param_value(name));
  if (!value) errors_.push_back({name, "wrong_type", "must be a whole number"});
  return value;
}

void QueryReader::finish() {
  // A parameter repeated several times is reported once per value by the constructor; keep one.
  std::vector<core::FieldError> unique;
  for (auto& e : errors_) {
    bool seen = false;
    for (const auto& u : unique) seen = seen || (u.field == e.field && u.code == e.code);
    if (!seen) unique.push_back(std::move(e));
  }
  core::throw_if_invalid(unique, "The query has invalid parameters.");
}

std::optional<std::int64_t> if_match_version(const httplib::Request& req) {
  if (!req.has_header("If-Match")) return std::nullopt;
  std::string value = req.get_header_value("If-Match");
  std::string_view v = value;
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto version = parse_int(v);
  if (!version || *version < 1)
    throw core::DomainError(core::ErrorCode::invalid_input, "If-Match must hold a version from an ETag, e.g. \"3\".",
                            {{"If-Match", "invalid", "an ETag this API returned, e.g. \"3\""}});
  return version;
}

std::int64_t required_if_match(const httplib::Request& req) {
  auto version = if_match_version(req);
  if (!version)
    throw core::DomainError(
        core::ErrorCode::precondition_required,
        "Send the version you last read in If-Match (the ETag you received), e.g. If-Match: \"3\".");
  return *version;
}

std::int64_t path_id(const httplib::Request& req, std::size_t index, const char* what) {
  auto id = parse_int(req.matches[index].str());
  if (!id || *id < 1)
    throw core::DomainError(core::ErrorCode::not_found, std::string("There is no ") + what + " with that id.");
  return *id;
}

}  // namespace facilitator::http
