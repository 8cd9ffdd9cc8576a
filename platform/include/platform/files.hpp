// Small file and device helpers: whole-file reads and writes with fsync, secret
// files created 0600, and free disk space. Each returns an error string, empty on success.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace wk::files {

std::string read_all(const std::string& path, std::string& out);
// Writes to a temp file beside `path`, fsyncs, renames over it. `mode` e.g. 0600.
std::string write_atomic(const std::string& path, const std::string& data, unsigned mode);
// fsyncs the folder that holds `path`, so a file just created or renamed there
// survives a power cut.
std::string sync_parent_dir(const std::string& path);
// Appends bytes to a device or file (a printer's /dev/usb/lp0 or a spool file).
std::string append_bytes(const std::string& path, const std::vector<uint8_t>& data);
// Free bytes on the file system that holds `path`; -1 if unknown.
int64_t free_bytes(const std::string& path);

}  // namespace wk::files
