# The sync agent through a fault-injecting TCP proxy (tests/support/fault_proxy.*) to
# the real reference portal on loopback: refused, reset, stalled and slow links, wrong
# answers; nothing lost, nothing filed twice, backoff kept, recovery once it clears.
wk_test(test_agent_faults
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_agent_faults.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../support/fault_proxy.cpp
  LIBS wk_agent wk_portal PkgConfig::HTTPLIB nlohmann_json::nlohmann_json)
