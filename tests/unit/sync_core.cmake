# Unit tests of the sync core (wk_sync and the wk_platform pieces it uses): receipt
# codes, report validation, the contact box, the store on real SQLite files in a
# temporary folder, the Open311 codec and config loading. No ImGui, no window.
wk_test(test_sync_core
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_receipt_code.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_report.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_contact_box.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_store.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_store_staff.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_store_tallies.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_staff.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_open311.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_open311_xml.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_config.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_clock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_files.cpp
  LIBS wk_sync nlohmann_json::nlohmann_json)
