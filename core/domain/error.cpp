#include "core/domain/error.hpp"

namespace facilitator::core {

void throw_if_invalid(const std::vector<FieldError>& errors, const std::string& detail) {
  if (!errors.empty()) throw DomainError(ErrorCode::invalid_input, detail, errors);
}

}  // namespace facilitator::core
