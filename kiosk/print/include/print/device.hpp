// Sending ESC/POS bytes to the ward office's printer. Three kinds of address:
//   "file:PATH"   appends to a file and fsyncs (spooling, demos, tests)
//   "/dev/usb/lp0" (any other absolute path) a character device or FIFO, written
//                 non-blocking under a time limit; the paper sensor is asked afterwards
//   "cups:QUEUE"  runs `lp -d QUEUE -o raw` with the bytes on its stdin
// Never blocks past the limits; every failure comes back as a PrintResult.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace wk::print {

enum class PrintError {
    none,
    missing_device,  // no such device/file folder, printer unplugged, lp not installed
    write_error,     // the OS refused the bytes, a partial write timed out, lp failed
    paper_out,       // the printer answered DLE EOT 4 with "paper end"
    busy,            // another program holds the printer, or it took nothing in time
};

struct PrintResult {
    bool ok = false;
    PrintError error_kind = PrintError::none;
    std::string message;  // plain words for the log and the office staff; empty when ok
    size_t sent = 0;      // bytes the device (or lp) took: a failed job may have left part
                          // of a command in the printer (see print::resync_after)
};

struct PrintLimits {
    int total_ms = 5000;  // writing (or running lp) must end within this
    int status_ms = 300;  // how long to wait for the printer's status byte
    int cancel_fd = -1;   // when this becomes readable, stop at once (the kiosk is closing)
};

// Sends `bytes` to `device` (see the file comment). A character device that can be
// read is asked DLE EOT 4 after a complete write; no answer within status_ms is fine.
// A write that stalls part way is never followed by DLE EOT (it would land inside the
// raster band): the USB printer class status (ioctl LPGETSTATUS) is asked instead,
// which tells paper-out on /dev/usb/lp* even while the printer takes no data.
PrintResult print_to(const std::string& device, const std::vector<uint8_t>& bytes,
                     const PrintLimits& limits = {});

// "paper_out" etc., for logs.
const char* to_string(PrintError kind);

}  // namespace wk::print
