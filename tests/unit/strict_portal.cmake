# A second, stricter GeoReport v2 server for the agent's tests (tests/support/strict_portal.*):
# it behaves like a widely deployed open-source endpoint the project did not write, each
# quirk switchable. This target tests the server itself over real loopback HTTP, every
# quirk on and off; the agent's suites link tests/support/strict_portal.cpp to use it.
wk_test(test_strict_portal
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_strict_portal.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../support/strict_portal.cpp
  LIBS wk_platform PkgConfig::HTTPLIB nlohmann_json::nlohmann_json)
