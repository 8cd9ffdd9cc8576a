# Unit tests of the Vietnamese input method (wk_ime, no ImGui): the letter table, the
# syllable rules, several hundred Telex and VNI key sequences, the text field, and
# the real wardkiosk-ime program run on a few lines.
wk_test(test_ime
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_ime.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_ime_letters.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_ime_syllable.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_ime_composer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_ime_editor.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_ime_tool.cpp
  LIBS wk_ime)
add_dependencies(test_ime wardkiosk-ime)
