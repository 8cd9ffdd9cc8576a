# The sync agent (wk_agent) over real HTTP on loopback: its HTTP client; the agent
# against the reference portal in-process and a scripted fake portal; backoff
# arithmetic, bulk enqueue, and the wardkiosk-sync program started as a child process.
wk_test(test_agent
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_agent.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_http_client.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_backoff.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_enqueue.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_field_limits.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_agent_program.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_agent_pull.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_agent_robust_pulls.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_agent_updates.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_portal_slow_clients.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_photo_cache.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../support/fault_proxy.cpp
  LIBS wk_agent wk_portal PkgConfig::HTTPLIB PkgConfig::STB nlohmann_json::nlohmann_json)
add_dependencies(test_agent wardkiosk-sync)
