#include "test_server.hpp"

using namespace facilitator;
using facilitator::testing::TestDatabase;
using facilitator::testing::TestServer;

BACKEND_TEST_CASE("Creating a project answers 201 with its location, initial state and version 1", "[http]") {
  TestDatabase db(backend);
  TestServer server(db);
  auto reply = server.post("/api/v1/projects", {{"workflow", "establishment"}, {"title", "Bakeri i Moss"}});
  REQUIRE(reply.status == 201);
  CHECK(reply.json["state"] == "idea");
  CHECK(reply.json["version"] == 1);
  CHECK(reply.header("Location") == "/api/v1/projects/" + std::to_string(reply.json["id"].get<long>()));
  CHECK(reply.header("ETag") == "\"1\"");
}
