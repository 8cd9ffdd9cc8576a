# The Debian packages (packaging/): CPack builds both .debs into packages-test/ (a
# fixture), then their files and control fields with dpkg-deb, lintian (no errors),
# systemd-analyze verify on the units, and the unpacked packages' agent delivering a
# report to their portal; then both installed with `dpkg -i` (maintainer scripts and all)
# into an overlay over / in a private mount namespace, run as their users, removed and
# purged (needs root; skipped otherwise). Needs dpkg-dev, lintian, systemd and the
# packages' Depends such as cage (packaging/install-deps.sh). And the kiosk under cage.
set(pkg_tests ${CMAKE_CURRENT_LIST_DIR}/../packaging)
add_test(NAME packaging_build_debs COMMAND bash ${pkg_tests}/build_debs.sh ${CMAKE_BINARY_DIR})
set_tests_properties(packaging_build_debs PROPERTIES FIXTURES_SETUP wk_debs TIMEOUT 300 RESOURCE_LOCK wk_debs_dir)
add_test(NAME packaging_debs_hold_the_expected_files_and_depends
  COMMAND bash ${pkg_tests}/check_contents.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
add_test(NAME packaging_lintian_reports_no_errors COMMAND bash ${pkg_tests}/lintian.sh ${CMAKE_BINARY_DIR})
add_test(NAME packaging_unpacked_agent_delivers_to_unpacked_portal
  COMMAND bash ${pkg_tests}/install_and_sync.sh ${CMAKE_BINARY_DIR})
set_tests_properties(packaging_debs_hold_the_expected_files_and_depends packaging_lintian_reports_no_errors
  packaging_unpacked_agent_delivers_to_unpacked_portal PROPERTIES FIXTURES_REQUIRED wk_debs TIMEOUT 180)
add_test(NAME packaging_systemd_units_verify
  COMMAND bash ${pkg_tests}/verify_units.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties(packaging_systemd_units_verify PROPERTIES TIMEOUT 120)
add_test(NAME packaging_installed_in_a_root_delivers_then_purges
  COMMAND bash ${pkg_tests}/install_in_root.sh ${CMAKE_BINARY_DIR})
set_tests_properties(packaging_installed_in_a_root_delivers_then_purges PROPERTIES
  FIXTURES_REQUIRED wk_debs TIMEOUT 120 RUN_SERIAL TRUE SKIP_RETURN_CODE 77)
# The kiosk as wardkiosk.service starts it: under cage (headless wlroots, Xwayland), as an
# unprivileged user, taking a scripted citizen's taps.
add_test(NAME packaging_kiosk_runs_under_cage_as_the_unit_starts_it
  COMMAND bash ${pkg_tests}/kiosk_under_cage.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties(packaging_kiosk_runs_under_cage_as_the_unit_starts_it PROPERTIES TIMEOUT 180)
