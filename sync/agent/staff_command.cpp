// The staff subcommand of wardkiosk-sync: argument parsing, the PIN prompts with the
// terminal's echo turned off, and the calls into sync/staff.hpp that do the work.
#include "staff_command.hpp"

#include <termios.h>
#include <unistd.h>

#include "sync/staff.hpp"

namespace wk::agent {

const char* const kStaffUsage =
    "usage: wardkiosk-sync [--config FILE] staff add --id ID --name NAME   (the PIN is read from stdin, twice)\n"
    "       wardkiosk-sync [--config FILE] staff list\n";

// Turns the terminal's echo off while it lives, when stdin is a terminal.
class NoEcho {
  public:
    NoEcho() {
        if (!::isatty(STDIN_FILENO) || ::tcgetattr(STDIN_FILENO, &m_saved) != 0) return;
        termios t = m_saved;
        t.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        m_on = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0;
    }
    ~NoEcho() {
        if (m_on) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    bool on() const { return m_on; }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;

  private:
    termios m_saved{};
    bool m_on = false;
};

static bool read_pin(const char* prompt, std::istream& in, std::ostream& err, std::string& pin) {
    err << prompt << std::flush;
    NoEcho quiet;
    bool got = static_cast<bool>(std::getline(in, pin));
    if (quiet.on()) err << "\n";
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
    return got;
}

static int add(const std::vector<std::string>& args, const std::string& file, std::istream& in, std::ostream& err) {
    std::string id, name;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--id" && i + 1 < args.size()) id = args[++i];
        else if (args[i] == "--name" && i + 1 < args.size()) name = args[++i];
        else return err << kStaffUsage, 2;
    }
    if (id.empty() || name.empty()) return err << kStaffUsage, 2;
    std::string pin, again;
    if (!read_pin("PIN: ", in, err, pin) || !read_pin("Again: ", in, err, again))
        return err << "wardkiosk-sync: no PIN given\n", 1;
    if (pin != again) return err << "wardkiosk-sync: the two PINs differ; nothing written\n", 1;
    if (!valid_pin(pin)) return err << "wardkiosk-sync: the PIN must be 4 to 12 digits; nothing written\n", 1;
    std::string e = add_staff_account(file, id, name, pin);
    if (!e.empty()) return err << "wardkiosk-sync: " << e << "\n", 1;
    err << "officer " << id << " added to " << file << "\n";
    return 0;
}

int staff_command(const std::vector<std::string>& args, const std::string& staff_file, std::istream& in,
                  std::ostream& out, std::ostream& err) {
    if (!args.empty() && args[0] == "add") return add(args, staff_file, in, err);
    if (args.size() != 1 || args[0] != "list") return err << kStaffUsage, 2;
    std::string e;
    auto accounts = load_staff_file(staff_file, e);
    if (!e.empty()) return err << "wardkiosk-sync: " << e << "\n", 1;
    for (const StaffAccount& a : accounts) out << a.id << "\t" << a.name << "\n";
    return 0;
}

}  // namespace wk::agent
