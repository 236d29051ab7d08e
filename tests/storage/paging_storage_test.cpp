// Lists page with limit and an opaque cursor; every item comes exactly once, in order, with the
// total that matches the filters (docs/design.md#api-paging).

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

BACKEND_TEST_CASE("Sorted by state_since, a board column lists the longest waiting first and pages without gaps",
                  "[storage][paging]") {
  Fixture f(backend);
  std::vector<ProjectId> created;
  ProjectChanges with_adviser;
  with_adviser.adviser = std::optional<std::string>("kari@mnu.no");
  for (int i = 0; i < 10; ++i) created.push_back(f.create("Prosjekt " + std::to_string(i), with_adviser).project.id);
  // Moved to screening in another order than they were created: that order is the column's.
  std::vector<ProjectId> screening{created[7], created[2], created[9], created[0], created[5]};
  for (ProjectId id : screening) f.move(id, "start_screening");
  // Three more enter screening at one and the same moment: ties go by id.
  facilitator::core::ProjectService same_moment(
      f.db().store(), f.registry(), [] { return facilitator::core::from_millis(SteppingClock::kStart + 3'600'000); });
  std::vector<ProjectId> tied{created[8], created[1], created[4]};
  for (ProjectId id : tied) same_moment.transition(f.command(id, "start_screening"), kAdviser);
  screening.insert(screening.end(), {created[1], created[4], created[8]});

  for (std::int64_t limit : {1, 2, 3, 7, 8, 50}) {
    INFO("limit " << limit);
    facilitator::core::ProjectListRequest column;
    column.workflow = "establishment";
    column.state = "screening";
    column.sort = "state_since";
    column.limit = limit;
    auto items = all_pages(f, column, 8);
    CHECK(ids_of(items) == screening);
  }
  // Without a state filter the whole list is in that order too: the two left in idea entered it
  // when they were created, before any of the moves.
  facilitator::core::ProjectListRequest everything;
  everything.sort = "state_since";
  everything.limit = 4;
  std::vector<ProjectId> expected{created[3], created[6]};
  expected.insert(expected.end(), screening.begin(), screening.end());
  CHECK(ids_of(all_pages(f, everything, 10)) == expected);

  // The order is named exactly, and a cursor belongs to its order.
  facilitator::core::ProjectListRequest unknown;
  unknown.sort = "title";
  expect_invalid([&] { (void)f.service().list(unknown, kAdviser); }, "sort");
  facilitator::core::ProjectListRequest first_page;
  first_page.limit = 2;
  auto by_id = f.service().list(first_page, kAdviser);
  REQUIRE(by_id.next_cursor);
  first_page.sort = "state_since";
  auto by_stage = f.service().list(first_page, kAdviser);
  REQUIRE(by_stage.next_cursor);
  for (const std::string& cursor :
       {*by_id.next_cursor, std::string("projects_by_state_since.5"), std::string("projects_by_state_since.5."),
        std::string("projects_by_state_since.x.1")}) {
    INFO("cursor '" << cursor << "'");
    facilitator::core::ProjectListRequest next = first_page;
    next.cursor = cursor;
    expect_invalid([&] { (void)f.service().list(next, kAdviser); }, "cursor");
  }
  facilitator::core::ProjectListRequest by_id_next;
  by_id_next.cursor = by_stage.next_cursor;
  expect_invalid([&] { (void)f.service().list(by_id_next, kAdviser); }, "cursor");
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
