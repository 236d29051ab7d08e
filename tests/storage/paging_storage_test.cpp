// Lists page with limit and an opaque cursor; every item comes exactly once, in order, with the
// total that matches the filters (DESIGN.md 3.3).

#include <numeric>

#include "storage_fixture.hpp"

using namespace facilitator::storage_test;

namespace {

/// Every page of a project list, checking on the way that each page is full but the last, that
/// the total never changes and that only the last page lacks a next cursor.
std::vector<Project> all_pages(Fixture& f, facilitator::core::ProjectListRequest request, std::int64_t expected_total,
                               std::size_t* pages = nullptr) {
  std::vector<Project> items;
  std::size_t count = 0;
  while (true) {
    auto page = f.service().list(request, kAdviser);
    ++count;
    REQUIRE(count <= 100);
    CHECK(page.total == expected_total);
    CHECK(static_cast<std::int64_t>(page.items.size()) <= request.limit.value_or(50));
    items.insert(items.end(), page.items.begin(), page.items.end());
    if (!page.next_cursor) break;
    CHECK(static_cast<std::int64_t>(page.items.size()) == request.limit.value_or(50));
    request.cursor = page.next_cursor;
  }
  if (pages) *pages = count;
  return items;
}

std::vector<ProjectId> ids_of(const std::vector<Project>& projects) {
  std::vector<ProjectId> ids;
  for (const auto& p : projects) ids.push_back(p.id);
  return ids;
}

template <class Work>
void expect_invalid(Work&& work, const std::string& field) {
  auto error = thrown<DomainError>(work);
  REQUIRE(error);
  CHECK(error->code() == ErrorCode::invalid_input);
  CHECK(error_fields(*error) == std::vector<std::string>{field});
}

}  // namespace

BACKEND_TEST_CASE("Listing 25 projects page by page returns each exactly once in id order", "[storage][paging]") {
  Fixture f(backend);
  std::vector<ProjectId> created;
  ProjectChanges with_adviser;
  with_adviser.adviser = std::optional<std::string>("kari@mnu.no");
  for (int i = 0; i < 25; ++i) created.push_back(f.create("Prosjekt " + std::to_string(i), with_adviser).project.id);
  std::vector<ProjectId> screening;
  for (std::size_t i = 0; i < created.size(); i += 3) {
    f.move(created[i], "start_screening");
    screening.push_back(created[i]);
  }
  f.move(created[1], "close", "Duplikat.", "duplicate");

  for (std::int64_t limit : {1, 5, 7, 10, 24, 25, 26, 500}) {
    INFO("limit " << limit);
    facilitator::core::ProjectListRequest request;
    request.limit = limit;
    std::size_t pages = 0;
    auto items = all_pages(f, request, 25, &pages);
    CHECK(ids_of(items) == created);
    CHECK(pages == static_cast<std::size_t>((25 + limit - 1) / limit));
  }
  // Without a limit the default page holds all 25.
  auto first = f.service().list({}, kAdviser);
  CHECK(first.items.size() == 25);
  CHECK_FALSE(first.next_cursor);

  // The listed projects are the stored ones.
  auto listed = all_pages(f, {}, 25);
  for (const auto& p : listed) CHECK(to_text(p) == to_text(f.project(p.id)));

  // Filters narrow both the items and the total, and page the same way.
  facilitator::core::ProjectListRequest by_state;
  by_state.state = "screening";
  by_state.limit = 4;
  auto in_screening = all_pages(f, by_state, static_cast<std::int64_t>(screening.size()));
  CHECK(ids_of(in_screening) == screening);
  for (const auto& p : in_screening) CHECK(p.state == "screening");

  facilitator::core::ProjectListRequest by_workflow_and_state;
  by_workflow_and_state.workflow = "establishment";
  by_workflow_and_state.state = "closed";
  auto closed = all_pages(f, by_workflow_and_state, 1);
  CHECK(ids_of(closed) == std::vector<ProjectId>{created[1]});

  facilitator::core::ProjectListRequest by_workflow;
  by_workflow.workflow = "establishment";
  by_workflow.limit = 10;
  CHECK(ids_of(all_pages(f, by_workflow, 25)) == created);

  facilitator::core::ProjectListRequest nowhere;
  nowhere.state = "completed";
  auto none = f.service().list(nowhere, kAdviser);
  CHECK(none.items.empty());
  CHECK(none.total == 0);
  CHECK_FALSE(none.next_cursor);

  // Projects created after a page was read appear on a later page, never twice.
  facilitator::core::ProjectListRequest small;
  small.limit = 20;
  auto page = f.service().list(small, kAdviser);
  REQUIRE(page.next_cursor);
  ProjectId late = f.create("Sent prosjekt").project.id;
  small.cursor = page.next_cursor;
  auto rest = f.service().list(small, kAdviser);
  CHECK(rest.total == 26);
  REQUIRE(rest.items.size() == 6);
  CHECK(rest.items.back().id == late);
}

BACKEND_TEST_CASE("A project list with an invalid cursor, limit or workflow is refused", "[storage][paging]") {
  Fixture f(backend);
  f.create("Bakeri i Moss");
  auto list_with = [&](std::optional<std::string> cursor, std::optional<std::int64_t> limit,
                       std::optional<std::string> workflow = std::nullopt) {
    return [&f, cursor, limit, workflow] {
      facilitator::core::ProjectListRequest r;
      r.cursor = cursor;
      r.limit = limit;
      r.workflow = workflow;
      (void)f.service().list(r, kAdviser);
    };
  };
  for (const std::string cursor : {"", "garbage", "projects.", "projects.x", "projects.-1", "projects.1x", "events.1",
                                   "projects 1", "projects.99999999999999999999"}) {
    INFO("cursor '" << cursor << "'");
    expect_invalid(list_with(cursor, std::nullopt), "cursor");
  }
  for (std::int64_t limit : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{501}, std::int64_t{1} << 40}) {
    INFO("limit " << limit);
    expect_invalid(list_with(std::nullopt, limit), "limit");
  }
  expect_invalid(list_with(std::nullopt, std::nullopt, "shipbuilding"), "workflow");
  CHECK_NOTHROW(list_with(std::nullopt, 500)());
  CHECK_NOTHROW(list_with(std::nullopt, 1)());
}

BACKEND_TEST_CASE("A project's events page in order and only its own", "[storage][paging]") {
  Fixture f(backend);
  ProjectId id = f.project_in("screening");
  for (int i = 0; i < 5; ++i) {
    f.move(id, "park", "Pause " + std::to_string(i));
    f.move(id, "resume");
  }
  ProjectId other = f.project_in("business_plan", "Annet prosjekt");
  const std::int64_t total = f.project(id).version;  // created, start_screening, 5 × (park, resume)
  REQUIRE(total == 12);

  for (std::int64_t limit : {1, 5, 11, 12, 13}) {
    INFO("limit " << limit);
    facilitator::core::EventListRequest request;
    request.limit = limit;
    std::vector<std::int64_t> seqs;
    std::size_t pages = 0;
    while (true) {
      auto page = f.service().events(id, request, kAdviser);
      ++pages;
      REQUIRE(pages <= 20);
      CHECK(page.total == total);
      for (const auto& e : page.items) {
        CHECK(e.project_id == id);
        seqs.push_back(e.seq);
      }
      if (!page.next_cursor) break;
      CHECK(static_cast<std::int64_t>(page.items.size()) == limit);
      request.cursor = page.next_cursor;
    }
    std::vector<std::int64_t> expected(static_cast<std::size_t>(total));
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(seqs == expected);
    CHECK(pages == static_cast<std::size_t>((total + limit - 1) / limit));
  }

  auto others = f.service().events(other, {}, kAdviser);
  CHECK(others.total == 3);
  CHECK(others.items.size() == 3);

  // Invalid cursors and limits are refused the same way as for projects.
  for (const std::string cursor : {"", "projects.2", "events.", "events.-3", "events.two"}) {
    INFO("cursor '" << cursor << "'");
    facilitator::core::EventListRequest bad;
    bad.cursor = cursor;
    expect_invalid([&] { (void)f.service().events(id, bad, kAdviser); }, "cursor");
  }
  for (std::int64_t limit : {std::int64_t{0}, std::int64_t{501}}) {
    facilitator::core::EventListRequest bad;
    bad.limit = limit;
    expect_invalid([&] { (void)f.service().events(id, bad, kAdviser); }, "limit");
  }
}
