#pragma once

// The words the demo data is made of: Norwegian names, places in the Moss region, trades, project
// titles and the notes advisers write. Only data; core/demo/demo_data.cpp draws from it. Codes
// (NACE sections, focus areas, funding sources, close reasons) are those of the seeded reference
// lists (core/storage/m002_case_data.hpp); the generator falls back to the configured lists when a
// code here is missing there.

#include <array>
#include <string_view>

namespace facilitator::core::demo::names {

using Text = std::string_view;

// --------------------------------------------------------------------------------------------------
// People

inline constexpr auto kFirstNames =
    std::to_array<Text>({"Kari",    "Ingrid",   "Marte",   "Silje", "Ida",    "Nora",   "Hanne",  "Tone",   "Anne",
                         "Camilla", "Ragnhild", "Solveig", "Guro",  "Maren",  "Thea",   "Hilde",  "Astrid", "Amina",
                         "Ola",     "Per",      "Lars",    "Knut",  "Anders", "Magnus", "Henrik", "Jonas",  "Sindre",
                         "Håkon",   "Eirik",    "Geir",    "Stian", "Even",   "Øyvind", "Ali"});

inline constexpr auto kSurnames = std::to_array<Text>(
    {"Hansen",    "Johansen",  "Olsen",     "Larsen",      "Andersen", "Pedersen", "Nilsen",   "Kristiansen",
     "Jensen",    "Karlsen",   "Pettersen", "Eriksen",     "Berg",     "Haugen",   "Hagen",    "Andreassen",
     "Dahl",      "Halvorsen", "Henriksen", "Lund",        "Strand",   "Bakken",   "Solberg",  "Moen",
     "Gundersen", "Lie",       "Holm",      "Ødegård",     "Aas",      "Thorsen",  "Sæther",   "Nygård",
     "Bråten",    "Tangen",    "Huseby",    "Engebretsen", "Rød",      "Kjølstad", "Krogstad", "Vestby"});

inline constexpr auto kMailDomains =
    std::to_array<Text>({"online.no", "gmail.com", "hotmail.com", "outlook.com", "icloud.com", "live.no"});

/// MNU's advisers: the demo's project owners and the actors of everything it records.
inline constexpr auto kAdvisers =
    std::to_array<Text>({"kari.nordmann@mnu.no", "ola.hansen@mnu.no", "ingrid.berg@mnu.no", "lars.haugen@mnu.no",
                         "marte.solberg@mnu.no", "henrik.dahl@mnu.no"});
/// How much of the work each adviser carries (same order as kAdvisers).
inline constexpr auto kAdviserWeights = std::to_array<double>({1.3, 1.0, 1.0, 0.9, 0.8, 0.6});
/// Who sets the yearly targets.
inline constexpr Text kManager = "leder@mnu.no";

// --------------------------------------------------------------------------------------------------
// Places: each with the preposition Norwegians use with it ("på Jeløy", "i Rygge").

struct Place {
  Text municipality;  // official municipality number
  Text name;
  Text phrase;  // "på Jeløy"
};

inline constexpr auto kPlaces = std::to_array<Place>({
    {"3103", "Moss", "i Moss sentrum"},
    {"3103", "Jeløy", "på Jeløy"},
    {"3103", "Kambo", "på Kambo"},
    {"3103", "Rygge", "i Rygge"},
    {"3103", "Larkollen", "i Larkollen"},
    {"3103", "Halmstad", "på Halmstad"},
    {"3103", "Ekholt", "på Ekholt"},
    {"3103", "Dilling", "på Dilling"},
    {"3103", "Verket", "på Verket"},
    {"3103", "Refsnes", "på Refsnes"},
    {"3103", "Sjøsiden", "på Sjøsiden"},
    {"3103", "Moss", "i Moss"},
    {"3112", "Råde", "i Råde"},
    {"3112", "Karlshus", "på Karlshus"},
    {"3112", "Saltnes", "på Saltnes"},
    {"3112", "Tomb", "på Tomb"},
    {"3112", "Missingmyr", "på Missingmyr"},
    {"3114", "Våler", "i Våler"},
    {"3114", "Kirkebygden", "i Kirkebygden"},
    {"3114", "Svinndal", "i Svinndal"},
    {"3114", "Ørmen", "på Ørmen"},
    {"3114", "Vansjø", "ved Vansjø"},
    {"3114", "Våler", "i Våler sentrum"},
});

/// Moss has most of the region's people and firms (about 50 000 of 64 000 inhabitants).
struct MunicipalityWeight {
  Text code;
  double weight;
};
inline constexpr auto kMunicipalityWeights =
    std::to_array<MunicipalityWeight>({{"3103", 7.0}, {"3112", 1.6}, {"3114", 1.4}});

// --------------------------------------------------------------------------------------------------
// Trades: what a firm does, its industry and MNU's focus area for it.

struct Trade {
  Text noun;      // in company names: "Bakeri"
  Text activity;  // in establishment titles: "bakeri med kafé"
  Text nace;      // NACE section
  Text focus;     // focus area code
};

inline constexpr auto kTrades = std::to_array<Trade>({
    {"Bakeri", "bakeri med kafé", "C", "food"},
    {"Kaffebrenneri", "kaffebrenneri og kaffebar", "C", "food"},
    {"Bryggeri", "mikrobryggeri", "C", "food"},
    {"Gårdsmat", "gårdsutsalg med lokal mat", "A", "food"},
    {"Sjømat", "sjømatbutikk med kjøkken", "G", "food"},
    {"Catering", "cateringvirksomhet", "I", "food"},
    {"Kafé", "kafé med lokale råvarer", "I", "food"},
    {"Overnatting", "overnatting og opplevelser", "I", "tourism"},
    {"Kajakk", "kajakkutleie og guidede turer", "N", "tourism"},
    {"Opplevelser", "opplevelsesturer i skjærgården", "R", "tourism"},
    {"Galleri", "galleri og kunstverksted", "R", "tourism"},
    {"Camping", "campingplass med hytteutleie", "I", "tourism"},
    {"Båtservice", "båtservice og vinterlagring", "C", "maritime"},
    {"Marina", "marina og gjestehavn", "H", "maritime"},
    {"Sjøtransport", "sjøtransport og taxibåt", "H", "maritime"},
    {"Marinteknikk", "marin ingeniørtjeneste", "M", "maritime"},
    {"Solenergi", "installasjon av solcelleanlegg", "F", "green_industry"},
    {"Gjenvinning", "gjenvinning av byggavfall", "E", "green_industry"},
    {"Elektro", "elektroinstallasjon og ladeløsninger", "F", "green_industry"},
    {"Energi", "energirådgivning for næringsbygg", "M", "green_industry"},
    {"Data", "IT-konsulentvirksomhet", "J", "technology"},
    {"Apputvikling", "apputvikling for små bedrifter", "J", "technology"},
    {"Drone", "dronetjenester for inspeksjon", "M", "technology"},
    {"Prototyping", "3D-printing og prototyping", "C", "technology"},
    {"Regnskap", "regnskapsbyrå", "M", "retail"},
    {"Frisør", "frisørsalong", "S", "retail"},
    {"Blomster", "blomsterbutikk", "G", "retail"},
    {"Sport", "sportsbutikk med verksted", "G", "retail"},
    {"Rørlegger", "rørleggerfirma", "F", "retail"},
    {"Bygg", "byggfirma for rehabilitering", "F", "retail"},
    {"Transport", "transport og budtjenester", "H", "retail"},
    {"Snekkerverksted", "snekkerverksted", "C", "retail"},
    {"Fysioterapi", "fysioterapiklinikk", "Q", "health"},
    {"Trening", "treningssenter for seniorer", "R", "health"},
    {"Omsorg", "hjemmetjenester og praktisk bistand", "Q", "health"},
    {"Velvære", "massasje og velvære", "S", "health"},
});

/// The first and second halves of made-up firm names: "Fjord" + "lys" = "Fjordlys".
inline constexpr auto kNameStarts =
    std::to_array<Text>({"Fjord", "Kyst", "Sol",  "Bølge", "Nord",   "Vansjø", "Skjær",  "Lyng", "Furu", "Eik",
                         "Havn",  "Sund", "Tang", "Måke",  "Strand", "Berg",   "Klippe", "Sjø",  "Vind", "Lind"});
inline constexpr auto kNameEnds = std::to_array<Text>({"lys", "kraft", "verk", "tech", "form", "labs", "hus", "design",
                                                       "data", "energi", "marin", "gården", "kompaniet", "partner"});

// --------------------------------------------------------------------------------------------------
// Project titles

/// Innovation projects in an existing firm, by focus area.
struct InnovationTitle {
  Text focus;
  Text title;
};
inline constexpr auto kInnovationTitles = std::to_array<InnovationTitle>({
    {"food", "Ny produktserie med lokale råvarer"},
    {"food", "Lengre holdbarhet uten tilsetningsstoffer"},
    {"food", "Abonnement på matkasser fra lokale produsenter"},
    {"food", "Mindre matsvinn i produksjonen"},
    {"tourism", "Helårsopplevelser ved Vansjø"},
    {"tourism", "Digital booking og pakketurer"},
    {"tourism", "Bærekraftsmerking av reiselivsbedriften"},
    {"tourism", "Kystkultursti med digitale fortellinger"},
    {"maritime", "Elektrisk arbeidsbåt"},
    {"maritime", "Hybrid fremdrift for fritidsbåter"},
    {"maritime", "Digital vedlikeholdslogg for fartøy"},
    {"maritime", "Landstrøm i småbåthavnen"},
    {"green_industry", "Gjenvinning av overskuddsvarme"},
    {"green_industry", "Solcelleanlegg med batterilager"},
    {"green_industry", "Biokull fra hageavfall"},
    {"green_industry", "Ombruk av byggematerialer"},
    {"technology", "Sensorbasert sporing av utstyr"},
    {"technology", "KI-assistent for kundeservice"},
    {"technology", "Digital tvilling av produksjonslinjen"},
    {"technology", "Skybasert fagsystem for småbedrifter"},
    {"retail", "Nettbutikk med klikk og hent"},
    {"retail", "Digitalt kundeprogram for handelsstanden"},
    {"retail", "Hjemlevering med elektrisk varesykkel"},
    {"retail", "Ubemannet butikk med selvbetjening"},
    {"health", "Velferdsteknologi i hjemmetjenesten"},
    {"health", "Digital oppfølging av pasienter"},
    {"health", "Forebyggende trening for eldre"},
    {"health", "Ny behandling av idrettsskader"},
    {"", "Eksportsatsing mot Sverige"},
    {"", "Automatisert lager og plukk"},
    {"", "Ny forretningsmodell med tjenestesalg"},
    {"", "Kompetanseheving i digital markedsføring"},
});

/// Business cases between a firm and the municipality, with the unit they are referred to.
struct LiaisonCase {
  Text title;
  Text unit;
};
inline constexpr auto kLiaisonCases = std::to_array<LiaisonCase>({
    {"Spørsmål om skjenkebevilling", "Skjenkekontoret"},
    {"Behov for næringstomt", "Eiendom"},
    {"Dispensasjon fra reguleringsplanen", "Plan og bygg"},
    {"Byggesak for nytt lagerbygg", "Plan og bygg"},
    {"Midlertidig bruk av kommunal kai", "Eiendom"},
    {"Skilting langs hovedveien", "Samferdsel og vei"},
    {"Kundeparkering ved butikken", "Samferdsel og vei"},
    {"Tilknytning til vann og avløp", "Vann og avløp"},
    {"Leie av kommunale lokaler", "Eiendom"},
    {"Arrangementstillatelse for sommerfestival", "Kultur og frivillighet"},
    {"Uteservering på torget", "Skjenkekontoret"},
    {"Rekruttering av lærlinger", "Næring og samfunnsutvikling"},
    {"Støy fra anleggsarbeid", "Miljø og landbruk"},
    {"Anbud og innkjøp i kommunen", "Innkjøp"},
    {"Fiber til næringsområdet", "Næring og samfunnsutvikling"},
    {"Avfallshåndtering for næringsbygg", "Teknisk drift"},
    {"Bruksendring av lokaler", "Plan og bygg"},
    {"Salg av gårdsprodukter fra tunet", "Miljø og landbruk"},
    {"Etablering av ladepunkter for varebiler", "Samferdsel og vei"},
    {"Kontakt om næringsvennlig saksbehandling", "Næring og samfunnsutvikling"},
});

// --------------------------------------------------------------------------------------------------
// Contacts

inline constexpr auto kFounderRoles = std::to_array<Text>({"gründer", "medgründer", "gründer"});
inline constexpr auto kFirmRoles =
    std::to_array<Text>({"daglig leder", "prosjektleder", "innovasjonsansvarlig", "styreleder"});
inline constexpr auto kCaseRoles = std::to_array<Text>({"daglig leder", "eier", "kontaktperson"});

// --------------------------------------------------------------------------------------------------
// Notes on events, by what the event does

inline constexpr auto kParkNotes = std::to_array<Text>({
    "Gründeren har fått fast jobb og tar en pause fra prosjektet.",
    "Venter på svar fra utleier om lokaler.",
    "Prosjektet settes på vent til etter sommeren.",
    "Gründeren er i foreldrepermisjon.",
    "Avventer avklaring med en mulig samarbeidspartner.",
    "Bedriften prioriterer løpende ordre nå; vi tar det opp igjen senere.",
    "Venter på at finansieringen fra banken blir avklart.",
});

inline constexpr auto kResumeNotes = std::to_array<Text>({
    "Klar til å fortsette.",
    "Lokalene er på plass; vi fortsetter.",
    "Gründeren har fått tid igjen og tar opp tråden.",
    "Avklaringen kom; arbeidet fortsetter.",
});

struct ReasonNote {
  Text reason;
  Text note;
};
inline constexpr auto kCloseNotes = std::to_array<ReasonNote>({
    {"not_viable", "Markedsundersøkelsen viser for lite kundegrunnlag."},
    {"not_viable", "Kalkylen går ikke i balanse med dagens priser."},
    {"not_viable", "Finansieringen lot seg ikke løse."},
    {"not_viable", "Konkurransen i området er for sterk."},
    {"withdrawn", "Gründeren har valgt å ikke gå videre."},
    {"withdrawn", "Bedriften trekker saken."},
    {"withdrawn", "Entreprenøren flytter fra regionen."},
    {"referred_elsewhere", "Henvist til Innovasjon Norge for videre oppfølging."},
    {"referred_elsewhere", "Henvist til fylkeskommunens etablererveiledning."},
    {"referred_elsewhere", "Henvist til NAV for veiledning om oppstart."},
    {"duplicate", "Registrert to ganger; arbeidet fortsetter i den andre saken."},
    {"duplicate", "Samme henvendelse som en sak vi allerede har."},
    {"", "Saken er avsluttet."},
});

/// How often each close reason is chosen: early (in the first state) and later.
struct ReasonWeight {
  Text reason;
  double early;
  double later;
};
inline constexpr auto kReasonWeights = std::to_array<ReasonWeight>({
    {"not_viable", 2.5, 4.5},
    {"withdrawn", 2.5, 4.0},
    {"referred_elsewhere", 3.0, 1.2},
    {"duplicate", 2.0, 0.3},
});

inline constexpr auto kReopenNotes = std::to_array<Text>({
    "Gründeren tar kontakt igjen med et revidert konsept.",
    "Ny finansiering gjør prosjektet aktuelt igjen.",
    "Ny vurdering etter møte med bedriften.",
    "Markedet har endret seg; vi ser på saken på nytt.",
});

/// Answers to a firm in a liaison case (the `answer` event's note; public).
inline constexpr auto kAnswers = std::to_array<Text>({
    "Kommunen har ingen innvendinger; dere kan gå videre med søknaden.",
    "Tiltaket krever dispensasjon. Vi har sendt skjema og veiledning, og saksbehandler tar kontakt.",
    "Søknaden sendes elektronisk; behandlingstiden er seks til åtte uker.",
    "Det finnes ledig næringsareal på Kambo og Rygge; eiendomsavdelingen tar kontakt for visning.",
    "Tiltaket er i tråd med reguleringsplanen, og det trengs ingen egen søknad.",
    "Kommunen kan ikke imøtekomme ønsket nå, men saken tas med i rulleringen av planen.",
    "Vi har satt dere i kontakt med rett saksbehandler, som svarer innen to uker.",
});

/// Notes to the entrepreneur when a project moves on, by event id; others get kMoveOnNote.
struct EventNote {
  Text event;
  Text note;
};
inline constexpr auto kEventNotes = std::to_array<EventNote>({
    {"start_screening", "Takk for henvendelsen! Vi avtaler et første møte."},
    {"start_business_plan", "Vi starter arbeidet med forretningsplanen. Maler er sendt på e-post."},
    {"apply_for_funding", "Søknadene om finansiering er sendt."},
    {"register_company", "Gratulerer med registrert selskap!"},
    {"start_follow_up", "Vi følger dere opp det første driftsåret."},
    {"complete", "Oppfølgingen er fullført. Lykke til videre!"},
    {"start_pre_project", "Forprosjektet er i gang."},
    {"submit_application", "Søknaden er sendt."},
    {"start_project", "Finansieringen er på plass, og prosjektet starter."},
    {"assign", "Saken er tildelt en rådgiver."},
    {"refer", "Saken er sendt til rett enhet i kommunen."},
    {"close", "Saken er avsluttet."},
});
inline constexpr Text kMoveOnNote = "Prosjektet går videre til neste fase.";

// --------------------------------------------------------------------------------------------------
// Project notes and activities

inline constexpr auto kInternalNotes = std::to_array<Text>({
    "Godt møte; gründeren har lang bransjeerfaring.",
    "Bør vurdere samarbeid med en lokal leverandør.",
    "Budsjettet må kvalitetssikres før søknaden sendes.",
    "Avtalt nytt møte om tre uker.",
    "Sjekk om prosjektet kvalifiserer for kommunalt næringsfond.",
    "Likviditetsbudsjettet er for optimistisk de første månedene.",
    "Bedriften ønsker kontakt med andre i samme bransje.",
    "Markedsplanen mangler en vurdering av konkurrentene.",
});

inline constexpr auto kPublicNotes = std::to_array<Text>({
    "Husk å sende oppdatert budsjett før neste møte.",
    "Datoene for etablereropplæringen ligger på nettsiden vår.",
    "Vi har sendt maler for forretningsplan og likviditetsbudsjett.",
    "Ta med regnskapet for fjoråret til møtet.",
    "Frokostmøtet for næringslivet er første tirsdag i måneden.",
    "Her er lenken til søknadsskjemaet vi snakket om.",
});

struct ActivityNote {
  Text kind;  // ActivityKind as text
  Text note;
};
inline constexpr auto kActivityNotes = std::to_array<ActivityNote>({
    {"meeting", "Oppstartsmøte"},
    {"meeting", "Gjennomgang av forretningsplanen"},
    {"meeting", "Møte med banken"},
    {"mentoring", "Veiledning om markedsføring"},
    {"mentoring", "Veiledning om budsjett og prising"},
    {"mentoring", "Veiledning om søknadsskriving"},
    {"course", "Etablererkurs"},
    {"course", "Kurs i regnskap for nye bedrifter"},
    {"phone", "Oppfølgingssamtale"},
    {"phone", "Avklaring av spørsmål om søknaden"},
    {"email", "Sendt maler og informasjon"},
    {"email", "Svar på spørsmål om finansiering"},
    {"site_visit", "Besøk i lokalene"},
    {"site_visit", "Befaring av tomten"},
});

// --------------------------------------------------------------------------------------------------
// Result summaries (`complete` needs one)

inline constexpr auto kResultSummaries = std::to_array<Text>({
    "Selskapet er i drift med {n} ansatte og omsatte for {m} millioner kroner første år.",
    "Bedriften har {n} faste kunder i regionen og ansetter flere til våren.",
    "Prosjektet ga en ny tjeneste som er lansert for kunder i hele Østlandet; {n} nye arbeidsplasser.",
    "Løsningen er tatt i bruk og kutter kostnadene med omtrent {n}0 prosent.",
    "Produktet selges nå gjennom {n} forhandlere, og omsetningen økte med {m} millioner kroner.",
    "Målene i prosjektplanen er nådd; {n} ansatte har fått ny kompetanse.",
});

}  // namespace facilitator::core::demo::names
