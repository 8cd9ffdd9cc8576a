# Keeping the data safe: the store's online backup, the `wardkiosk-sync backup` command
# (run as a child process) and damaged stores set aside at start, all on real files in
# a temporary folder (sync/backup.hpp, sync/store_guard.hpp).
wk_test(test_store_safety SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store_safety.cpp LIBS wk_sync wk_agent)
add_dependencies(test_store_safety wardkiosk-sync)
