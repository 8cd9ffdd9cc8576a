# Unit tests of the kiosk library (wk_kiosk): the App's decisions with no ImGui, the
# scanner detector, drag-to-scroll, citizens' stories replayed headless through the
# scripted driver, touch-target sizes on every screen, and the translations. Real
# SQLite files in a temporary folder, the build's catalogs and categories, Noto fonts
# from the system.
wk_test(test_kiosk
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_app.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_scan_detector.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_kiosk_flows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_touch_targets.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_strings.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_app_print.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_theme.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_kiosk_care.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_figures.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_staff_flows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_drag_scroll.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_scroll_flows.cpp
  LIBS wk_kiosk PkgConfig::ZBAR)
