#pragma once

#include "workflows/common/state.hpp"

namespace facilitator::workflows::innovation {

using core::Label;
using core::StateKind;

struct Idea : StateBase {
  static constexpr std::string_view id = "idea";
  static constexpr Label label{"Idé", "Idea"};
  static constexpr Label public_text{
      "Idéen er registrert. Neste steg er et forprosjekt der vi sammen avklarer mulighetene.",
      "Your idea is registered. Next comes a pre-project where we explore the opportunity together."};
};

struct PreProject : StateBase {
  static constexpr std::string_view id = "pre_project";
  static constexpr Label label{"Forprosjekt", "Pre-project"};
  static constexpr Label public_text{
      "Forprosjektet er i gang: vi avklarer idéen, markedet og hva som trengs for å gjennomføre den. "
      "Neste steg er å søke finansiering.",
      "The pre-project is under way: we clarify the idea, the market and what it takes to carry it out. "
      "Next comes applying for funding."};
};

struct Application : StateBase {
  static constexpr std::string_view id = "application";
  static constexpr Label label{"Søknad", "Application"};
  static constexpr Label public_text{
      "Søknaden om finansiering er sendt og venter på svar. Når den er innvilget, starter gjennomføringen.",
      "The funding application is sent and awaiting a decision. Once it is granted, the project starts."};
};

/// Funding is granted and the project runs: counts as a result (an innovation project funded),
/// as `established` does for a new business.
struct InProgress : StateBase {
  static constexpr std::string_view id = "in_progress";
  static constexpr Label label{"Gjennomføring", "In progress"};
  static constexpr Label public_text{
      "Prosjektet gjennomføres med støtte fra rådgiveren. Det avsluttes med en oppsummering av resultatene.",
      "The project is being carried out with your adviser's support. It ends with a summary of the results."};
  static constexpr StateKind kind = StateKind::success;
};

struct Completed : StateBase {
  static constexpr std::string_view id = "completed";
  static constexpr Label label{"Fullført", "Completed"};
  static constexpr Label public_text{"Innovasjonsprosjektet er fullført. Lykke til videre!",
                                     "The innovation project is complete. Good luck!"};
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

}  // namespace facilitator::workflows::innovation
