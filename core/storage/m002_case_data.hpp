#pragma once

// Migration 2: the case data around a project (docs/design.md#case-data). Kept in its own header so
// that the schema of each step reads on its own; migrations.cpp lists the steps in order.

#include <string_view>

namespace facilitator::core::storage {

// clang-format off
inline constexpr std::string_view kM002CaseData = R"sql(
CREATE TABLE reference_items (
  list       TEXT     NOT NULL,
  code       TEXT     NOT NULL,
  name_nb    TEXT     NOT NULL,
  name_en    TEXT     NOT NULL,
  active     SMALLINT NOT NULL DEFAULT 1,
  sort_order INTEGER  NOT NULL,
  PRIMARY KEY (list, code)
){without_rowid};
CREATE TABLE companies (
  id                  {id},
  name                TEXT   NOT NULL,
  organisation_number TEXT   NOT NULL,
  version             BIGINT NOT NULL,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL
);
CREATE UNIQUE INDEX companies_by_organisation_number ON companies (organisation_number);
CREATE INDEX companies_by_name ON companies (name);
ALTER TABLE projects ADD COLUMN company_id BIGINT REFERENCES companies (id);
ALTER TABLE projects ADD COLUMN nace_section TEXT;
ALTER TABLE projects ADD COLUMN municipal_unit TEXT;
ALTER TABLE projects ADD COLUMN response_deadline TEXT;
ALTER TABLE projects ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX projects_by_external_ref ON projects (external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX projects_by_company ON projects (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX projects_by_state_since ON projects (state_since, id);
CREATE TABLE contacts (
  id         {id},
  project_id BIGINT NOT NULL REFERENCES projects (id),
  name       TEXT   NOT NULL,
  email      TEXT,
  phone      TEXT,
  role       TEXT,
  version    BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_by_project ON contacts (project_id, id);
CREATE TABLE notes (
  id         {id},
  project_id BIGINT NOT NULL REFERENCES projects (id),
  body       TEXT   NOT NULL,
  visibility TEXT   NOT NULL,
  author     TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX notes_by_project ON notes (project_id, id);
CREATE TABLE activities (
  id            {id},
  project_id    BIGINT NOT NULL REFERENCES projects (id),
  kind          TEXT   NOT NULL,
  activity_date TEXT   NOT NULL,
  minutes       BIGINT NOT NULL,
  adviser       TEXT   NOT NULL,
  note          TEXT,
  version       BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX activities_by_project ON activities (project_id, id);
CREATE INDEX activities_by_date ON activities (activity_date);
CREATE TABLE targets (
  id           {id},
  year         INTEGER NOT NULL,
  metric       TEXT    NOT NULL,
  focus_area   TEXT,
  target_value BIGINT  NOT NULL,
  version      BIGINT  NOT NULL,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL
);
CREATE UNIQUE INDEX targets_by_year_metric ON targets (year, metric, COALESCE(focus_area, ''));
INSERT INTO reference_items (list, code, name_nb, name_en, sort_order) VALUES
  ('municipalities', '3103', 'Moss', 'Moss', 1),
  ('municipalities', '3112', 'Råde', 'Råde', 2),
  ('municipalities', '3114', 'Våler', 'Våler', 3),
  ('focus_areas', 'food', 'Mat og drikke', 'Food and drink', 1),
  ('focus_areas', 'tourism', 'Reiseliv og opplevelser', 'Tourism and experiences', 2),
  ('focus_areas', 'maritime', 'Maritim næring', 'Maritime industries', 3),
  ('focus_areas', 'green_industry', 'Grønn industri og energi', 'Green industry and energy', 4),
  ('focus_areas', 'technology', 'Teknologi og digitalisering', 'Technology and digitalisation', 5),
  ('focus_areas', 'retail', 'Handel og service', 'Retail and services', 6),
  ('focus_areas', 'health', 'Helse og omsorg', 'Health and care', 7),
  ('funding_sources', 'innovasjon_norge', 'Innovasjon Norge', 'Innovation Norway', 1),
  ('funding_sources', 'regional_fund', 'Fylkeskommunens regionale næringsfond', 'The county''s regional business fund', 2),
  ('funding_sources', 'municipal_fund', 'Kommunalt næringsfond', 'The municipal business fund', 3),
  ('funding_sources', 'skattefunn', 'SkatteFUNN', 'SkatteFUNN (R&D tax incentive)', 4),
  ('funding_sources', 'research_council', 'Forskningsrådet', 'The Research Council of Norway', 5),
  ('funding_sources', 'bank', 'Bank', 'Bank', 6),
  ('funding_sources', 'private_investor', 'Privat investor', 'Private investor', 7),
  ('funding_sources', 'other', 'Annet', 'Other', 8),
  ('nace_sections', 'A', 'Jordbruk, skogbruk og fiske', 'Agriculture, forestry and fishing', 1),
  ('nace_sections', 'B', 'Bergverksdrift og utvinning', 'Mining and quarrying', 2),
  ('nace_sections', 'C', 'Industri', 'Manufacturing', 3),
  ('nace_sections', 'D', 'Elektrisitets-, gass-, damp- og varmtvannsforsyning', 'Electricity, gas, steam and air conditioning supply', 4),
  ('nace_sections', 'E', 'Vannforsyning, avløps- og renovasjonsvirksomhet', 'Water supply, sewerage, waste management and remediation', 5),
  ('nace_sections', 'F', 'Bygge- og anleggsvirksomhet', 'Construction', 6),
  ('nace_sections', 'G', 'Varehandel, reparasjon av motorvogner', 'Wholesale and retail trade; repair of motor vehicles', 7),
  ('nace_sections', 'H', 'Transport og lagring', 'Transportation and storage', 8),
  ('nace_sections', 'I', 'Overnattings- og serveringsvirksomhet', 'Accommodation and food service activities', 9),
  ('nace_sections', 'J', 'Informasjon og kommunikasjon', 'Information and communication', 10),
  ('nace_sections', 'K', 'Finansierings- og forsikringsvirksomhet', 'Financial and insurance activities', 11),
  ('nace_sections', 'L', 'Omsetning og drift av fast eiendom', 'Real estate activities', 12),
  ('nace_sections', 'M', 'Faglig, vitenskapelig og teknisk tjenesteyting', 'Professional, scientific and technical activities', 13),
  ('nace_sections', 'N', 'Forretningsmessig tjenesteyting', 'Administrative and support service activities', 14),
  ('nace_sections', 'O', 'Offentlig administrasjon og forsvar, og trygdeordninger', 'Public administration and defence; compulsory social security', 15),
  ('nace_sections', 'P', 'Undervisning', 'Education', 16),
  ('nace_sections', 'Q', 'Helse- og sosialtjenester', 'Human health and social work activities', 17),
  ('nace_sections', 'R', 'Kulturell virksomhet, underholdning og fritidsaktiviteter', 'Arts, entertainment and recreation', 18),
  ('nace_sections', 'S', 'Annen tjenesteyting', 'Other service activities', 19),
  ('nace_sections', 'T', 'Lønnet arbeid i private husholdninger', 'Activities of households as employers', 20),
  ('nace_sections', 'U', 'Internasjonale organisasjoner og organer', 'Activities of extraterritorial organisations and bodies', 21);
)sql";
// clang-format on

}  // namespace facilitator::core::storage
