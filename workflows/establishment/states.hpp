#pragma once

#include "workflows/common/state.hpp"

namespace facilitator::workflows::establishment {

using core::Label;
using core::StateKind;

struct Idea : StateBase {
  static constexpr std::string_view id = "idea";
  static constexpr Label label{"Idé", "Idea"};
  static constexpr Label public_text{"Henvendelsen er registrert. Neste steg er et første møte med en rådgiver.",
                                     "Your inquiry is registered. Next comes a first meeting with an adviser."};
};

struct Screening : StateBase {
  static constexpr std::string_view id = "screening";
  static constexpr Label label{"Avklaring", "Screening"};
  static constexpr Label public_text{
      "Vi vurderer idéen sammen med deg: levedyktighet og hvordan den passer satsingsområdene. "
      "Neste steg er å utvikle forretningsplanen.",
      "We assess the idea with you: viability and fit with the focus areas. "
      "Next comes developing the business plan."};
};

struct BusinessPlan : StateBase {
  static constexpr std::string_view id = "business_plan";
  static constexpr Label label{"Forretningsplan", "Business plan"};
  static constexpr Label public_text{
      "Du utvikler forretningsplanen sammen med rådgiveren. Neste steg er å søke finansiering, "
      "eller å registrere selskapet hvis du finansierer det selv.",
      "You develop the business plan with your adviser. Next comes applying for funding, "
      "or registering the company if you finance it yourself."};
};

struct Funding : StateBase {
  static constexpr std::string_view id = "funding";
  static constexpr Label label{"Finansiering", "Funding"};
  static constexpr Label public_text{
      "Søknader om finansiering er sendt og venter på svar. Når en søknad er innvilget, "
      "er neste steg å registrere selskapet.",
      "Funding applications are sent and awaiting decisions. Once one is granted, "
      "the next step is registering the company."};
};

struct Established : StateBase {
  static constexpr std::string_view id = "established";
  static constexpr Label label{"Etablert", "Established"};
  static constexpr Label public_text{
      "Selskapet er registrert og i gang. Neste steg er oppfølging etter etableringen.",
      "The company is registered and started. Next comes follow-up after establishment."};
  static constexpr StateKind kind = StateKind::success;
};

struct FollowUp : StateBase {
  static constexpr std::string_view id = "follow_up";
  static constexpr Label label{"Oppfølging", "Follow-up"};
  static constexpr Label public_text{
      "Rådgiveren følger opp selskapet den første tiden. Prosjektet avsluttes med en "
      "oppsummering av resultatene.",
      "Your adviser follows the company up during its first period. The project ends with a "
      "summary of the results."};
};

struct Completed : StateBase {
  static constexpr std::string_view id = "completed";
  static constexpr Label label{"Fullført", "Completed"};
  static constexpr Label public_text{"Oppfølgingen er fullført. Lykke til videre!",
                                     "Follow-up is complete. Good luck!"};
  static constexpr StateKind kind = StateKind::success;
  static constexpr bool final = true;
};

struct Parked : StateBase {
  static constexpr std::string_view id = "parked";
  static constexpr Label label{"Parkert", "Parked"};
  static constexpr Label public_text{"Prosjektet er satt på vent. Det fortsetter der det slapp når det gjenopptas.",
                                     "The project is on hold. It continues where it left off when resumed."};
  static constexpr StateKind kind = StateKind::parked;
};

struct Closed : StateBase {
  static constexpr std::string_view id = "closed";
  static constexpr Label label{"Avsluttet", "Closed"};
  static constexpr Label public_text{"Prosjektet er avsluttet. Ta kontakt om du vil ta det opp igjen.",
                                     "The project is closed. Get in touch if you want to take it up again."};
  static constexpr StateKind kind = StateKind::closed;
  static constexpr bool final = true;
};

}  // namespace facilitator::workflows::establishment
