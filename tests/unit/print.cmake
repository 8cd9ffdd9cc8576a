# Unit tests of the printing library (wk_print): receipt layout in Vietnamese on 58 mm
# and 80 mm paper, ESC/POS bytes there and back, QR codes read back with libzbar from
# the bitmap, the decoded stream and the PNG, and print_to against real files, FIFOs,
# a pseudo-terminal printer and stand-in `lp` programs. Also writes /tmp/receipt-576.png
# and /tmp/receipt-384.png for people to look at.
wk_test(test_print
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_print_render.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_print_escpos.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_print_device.cpp
  LIBS wk_print PkgConfig::ZBAR PkgConfig::STB)
# A printer that stops taking data in the middle of a raster band: an independent
# model of a thermal printer (tests/support/escpos_printer_model.hpp) reads what it was
# sent; print::resync_after at every kind of cut point, and the kiosk's print spooler
# against a pseudo-terminal printer that stalls mid-receipt and one that never reads.
wk_test(test_print_jam
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_print_jam.cpp
  LIBS wk_kiosk PkgConfig::ZBAR PkgConfig::STB)
