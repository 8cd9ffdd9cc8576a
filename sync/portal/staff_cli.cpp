// `wardkiosk-portal staff add|list`: the operator's way to create officers' accounts.
// The password is read from stdin (echo off on a terminal), never from argv, and is
// wiped from memory once hashed. It owns only argument parsing and the I/O.
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "platform/clock.hpp"
#include "staff_store.hpp"

namespace wk::portal {

namespace {

const char* const kStaffUsage =
    "usage: wardkiosk-portal staff add --db FILE --user NAME --name \"Display name\" [--agency AGENCY]\n"
    "       wardkiosk-portal staff list --db FILE\n"
    "  add reads the password (at least 8 bytes) from the first line of stdin.\n"
    "  --agency: the agency the officer works for; without it, a province dispatcher.\n";

struct StaffArgs {
    std::string verb, db, user, name, agency, error;
};

StaffArgs parse_staff_args(int argc, char** argv) {
    StaffArgs a;
    if (argc < 2) return a.error = "staff needs add or list", a;
    a.verb = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        std::string* to = arg == "--db"       ? &a.db
                          : arg == "--user"   ? &a.user
                          : arg == "--name"   ? &a.name
                          : arg == "--agency" ? &a.agency
                                              : nullptr;
        if (!to) return a.error = "unknown argument: " + arg, a;
        if (i + 1 >= argc) return a.error = arg + " needs a value", a;
        *to = argv[++i];
    }
    if (a.verb != "add" && a.verb != "list") return a.error = "staff needs add or list", a;
    if (a.db.empty()) return a.error = "--db is required", a;
    if (a.verb == "add" && (a.user.empty() || a.name.empty())) a.error = "add needs --user and --name";
    return a;
}

// One line from `in` without its line end; echo is off while a terminal types it.
bool read_password(std::FILE* in, char* buf, size_t size) {
    int fd = fileno(in);
    termios saved{};
    bool tty = isatty(fd) && tcgetattr(fd, &saved) == 0;
    if (tty) {
        std::fputs("Mật khẩu: ", stderr);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    bool ok = std::fgets(buf, static_cast<int>(size), in) != nullptr;
    if (tty) tcsetattr(fd, TCSAFLUSH, &saved), std::fputs("\n", stderr);
    if (!ok) return false;
    size_t n = std::strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return true;
}

int add(StaffStore& store, const StaffArgs& a, std::FILE* in) {
    char password[1100];
    if (!read_password(in, password, sizeof password)) {
        std::fputs("wardkiosk-portal: no password on stdin\n", stderr);
        return 2;
    }
    AddUserOutcome r = store.add_user({0, a.user, a.name, a.agency}, password, wall_clock_ms());
    sodium_memzero(password, sizeof password);
    if (r == AddUserOutcome::exists) return std::fputs("wardkiosk-portal: that username exists\n", stderr), 1;
    if (r == AddUserOutcome::invalid) {
        std::fputs(
            "wardkiosk-portal: username must be [a-z0-9._-], 1-64 characters; password at least 8 bytes\n",
            stderr);
        return 2;
    }
    std::printf("added %s\n", a.user.c_str());
    return 0;
}

} // namespace

int staff_command(int argc, char** argv, std::FILE* password_in) {
    StaffArgs a = parse_staff_args(argc, argv);
    if (!a.error.empty()) {
        std::fprintf(stderr, "wardkiosk-portal: %s\n%s", a.error.c_str(), kStaffUsage);
        return 2;
    }
    try {
        StaffStore store(a.db);
        if (a.verb == "add") return add(store, a, password_in);
        for (const StaffUser& u : store.users())
            std::printf("%s\t%s\t%s\n", u.username.c_str(), u.display_name.c_str(),
                        u.agency.empty() ? "(điều phối tỉnh)" : u.agency.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wardkiosk-portal: %s\n", e.what());
        return 1;
    }
}

} // namespace wk::portal
