# The reference portal: store, forms, routes and the lookup page over real loopback
# HTTP, plus the wardkiosk-portal program itself (started as a child process).
wk_test(test_portal
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_portal.cpp ${CMAKE_CURRENT_LIST_DIR}/test_portal_form.cpp
          ${CMAKE_CURRENT_LIST_DIR}/test_portal_main.cpp ${CMAKE_CURRENT_LIST_DIR}/test_portal_open311.cpp
          ${CMAKE_CURRENT_LIST_DIR}/test_portal_input.cpp ${CMAKE_CURRENT_LIST_DIR}/test_portal_compress.cpp
          ${CMAKE_CURRENT_LIST_DIR}/test_portal_staff.cpp ${CMAKE_CURRENT_LIST_DIR}/test_portal_feedback.cpp
          ${CMAKE_CURRENT_LIST_DIR}/test_portal_kiosks.cpp ${CMAKE_CURRENT_LIST_DIR}/test_portal_login.cpp
          ${CMAKE_CURRENT_LIST_DIR}/test_portal_clients.cpp ${CMAKE_CURRENT_LIST_DIR}/test_portal_stats.cpp
          ${CMAKE_CURRENT_LIST_DIR}/test_phone_page.cpp ${CMAKE_CURRENT_LIST_DIR}/test_phone_photos.cpp
  LIBS wk_portal nlohmann_json::nlohmann_json ZLIB::ZLIB PkgConfig::CURL PkgConfig::STB)
add_dependencies(test_portal wardkiosk-portal)
