# systemd's notify protocol without libsystemd (platform/service.hpp): a real AF_UNIX
# datagram socket in the test, and the wardkiosk-sync and wardkiosk-portal programs
# started as children with $NOTIFY_SOCKET and $WATCHDOG_USEC set as systemd sets them.
wk_test(test_service SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_service.cpp ${CMAKE_CURRENT_LIST_DIR}/test_process.cpp
  LIBS wk_platform)
add_dependencies(test_service wardkiosk-sync wardkiosk-portal)
