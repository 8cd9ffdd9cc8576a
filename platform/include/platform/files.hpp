// Small file and device helpers: whole-file reads and writes with fsync, secret
// files created 0600, and free disk space. Each returns an error string, empty on success.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace wk::files {

std::string read_all(const std::string& path, std::string& out);
// Writes to a temp file beside `path`, fsyncs, renames over it. `mode` e.g. 0600.
// Never replaces what is not a file: a character device or a FIFO at `path` (a person
// asked for /dev/null, /dev/stdout, a pipe) is written into directly; a directory,
// socket, block device or symlink there is refused with an error naming it.
std::string write_atomic(const std::string& path, const std::string& data, unsigned mode);
// Streams the file `from` into the character device or FIFO `device` (a tape, a pipe
// into gzip), a chunk at a time; a FIFO nobody reads is an error at once.
std::string copy_into_device(const std::string& from, const std::string& device);
// fsyncs the folder that holds `path`, so a file just created or renamed there
// survives a power cut.
std::string sync_parent_dir(const std::string& path);
// Appends bytes to a device or file (a printer's /dev/usb/lp0 or a spool file).
std::string append_bytes(const std::string& path, const std::vector<uint8_t>& data);
// Free bytes on the file system that holds `path`; -1 if unknown.
int64_t free_bytes(const std::string& path);

// An exclusive advisory lock (flock) on a file, created 0600 if missing, held until
// this object is destroyed or the process dies (the kernel drops it: a kill -9 never
// leaves a stale lock). One owner of the descriptor; move-only.
class ExclusiveLock {
  public:
    // Tries once, without waiting. On failure `held()` is false and `error()` says why
    // ("held by another process" when someone else has it).
    explicit ExclusiveLock(const std::string& path);
    ~ExclusiveLock();
    ExclusiveLock(ExclusiveLock&& o) noexcept : m_fd(o.m_fd), m_error(std::move(o.m_error)) { o.m_fd = -1; }
    ExclusiveLock& operator=(ExclusiveLock&&) = delete;
    ExclusiveLock(const ExclusiveLock&) = delete;
    bool held() const { return m_fd >= 0; }
    const std::string& error() const { return m_error; }

  private:
    int m_fd = -1;
    std::string m_error;
};

}  // namespace wk::files
