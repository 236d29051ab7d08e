#pragma once

#include "core/domain/working_days.hpp"
#include "workflows/common/state.hpp"

namespace facilitator::workflows::liaison {

using core::Label;
using core::StateKind;

// The public texts speak to the firm that raised the case. The response deadline is counted in
// Norwegian working days (core/domain/working_days.hpp, kLiaisonResponseWorkingDays).

static_assert(core::kLiaisonResponseWorkingDays == 10, "Received's public text names the deadline: update it");

struct Received : StateBase {
  static constexpr std::string_view id = "received";
  static constexpr Label label{"Mottatt", "Received"};
  static constexpr Label public_text{
      "Saken er mottatt. Neste steg er at en rådgiver tar den. Vi tar sikte på å svare innen 10 arbeidsdager.",
      "Your case is received. Next, an adviser takes it on. We aim to answer within 10 working days."};
};

struct Assigned : StateBase {
  static constexpr std::string_view id = "assigned";
  static constexpr Label label{"Tildelt", "Assigned"};
  static constexpr Label public_text{
      "En rådgiver har saken og avklarer den. Neste steg er et svar til deg, eventuelt etter at saken er "
      "sendt til rett enhet i kommunen.",
      "An adviser has your case and is looking into it. Next comes an answer to you, possibly after the case "
      "has gone to the right unit in the municipality."};
};

struct Referred : StateBase {
  static constexpr std::string_view id = "referred";
  static constexpr Label label{"Henvist", "Referred"};
  static constexpr Label public_text{
      "Saken er sendt til rett enhet i kommunen. Rådgiveren følger den opp. Neste steg er svaret til deg.",
      "Your case is with the right unit in the municipality. Your adviser follows it up. Next comes the "
      "answer to you."};
};

/// The result of a liaison case: the firm has its answer.
struct Answered : StateBase {
  static constexpr std::string_view id = "answered";
  static constexpr Label label{"Besvart", "Answered"};
  static constexpr Label public_text{
      "Saken er besvart. Ta kontakt med rådgiveren om svaret reiser nye spørsmål; ellers avsluttes saken.",
      "Your case is answered. Contact your adviser if the answer raises new questions; otherwise the case "
      "will be closed."};
  static constexpr StateKind kind = StateKind::success;
};

struct Closed : StateBase {
  static constexpr std::string_view id = "closed";
  static constexpr Label label{"Avsluttet", "Closed"};
  static constexpr Label public_text{"Saken er avsluttet. Ta kontakt om du har en ny sak.",
                                     "The case is closed. Get in touch if you have a new case."};
  static constexpr StateKind kind = StateKind::closed;
  static constexpr bool final = true;
};

}  // namespace facilitator::workflows::liaison
