# The agent against the stricter GeoReport v2 server (tests/support/strict_portal.*): the
# citizen's loop, exactly once without Idempotency-Key, refusals that hold back nothing;
# lookups of a code filed at another kiosk, on the reference portal and the strict one;
# a citizen's photos end to end (kiosk program, agent, portal, phone).
wk_test(test_agent_strict
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_agent_strict.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_agent_lookup.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_agent_strict_faults.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_photo_path.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../support/fault_proxy.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../support/strict_portal.cpp
  LIBS wk_agent wk_portal PkgConfig::HTTPLIB PkgConfig::STB PkgConfig::CURL nlohmann_json::nlohmann_json)
# test_photo_path.cpp runs the real kiosk program as a child.
add_dependencies(test_agent_strict wardkiosk)
