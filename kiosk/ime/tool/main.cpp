// wardkiosk-ime: the kiosk's Vietnamese input method on the command line, for checking
// spellings by hand and from scripts. Reads lines of keys on stdin, writes each line
// as the kiosk's text field would show it. Only argument parsing and I/O live here.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include "ime/editor.hpp"

namespace {

constexpr const char* kUsage =
    "usage: wardkiosk-ime [--method telex|vni] [--style old|new]\n"
    "Reads lines of keys on stdin and writes each line composed as Vietnamese on stdout.\n"
    "In the input, \\b is backspace and \\\\ a backslash; spaces and punctuation end words.\n"
    "  --method telex|vni  key layout (default telex)\n"
    "  --style old|new     tone on oa, oe, uy: old hòa, khỏe, thủy; new hoà, khoẻ, thuỷ (default new)\n"
    "  --help              this text\n"
    "  --version           print the version\n";

struct Options {
    wk::ime::Method method = wk::ime::Method::telex;
    wk::ime::ToneStyle style = wk::ime::kDefaultStyle;
};

// Reads the value of --name VALUE or --name=VALUE at argv[i]; advances i past it.
bool option_value(int argc, char** argv, int& i, std::string_view name, std::string& value) {
    std::string_view arg = argv[i];
    if (arg == name && i + 1 < argc) {
        value = argv[++i];
        return true;
    }
    if (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=') {
        value = std::string(arg.substr(name.size() + 1));
        return true;
    }
    return false;
}

// 0: run; 1: done (help/version printed); 2: bad arguments (message printed).
int parse(int argc, char** argv, Options& opt) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        std::string value;
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 1;
        }
        if (arg == "--version") {
            std::puts("wardkiosk-ime 0.1.0");
            return 1;
        }
        if (option_value(argc, argv, i, "--method", value) && (value == "telex" || value == "vni")) {
            opt.method = value == "telex" ? wk::ime::Method::telex : wk::ime::Method::vni;
        } else if (option_value(argc, argv, i, "--style", value) && (value == "old" || value == "new")) {
            opt.style = value == "old" ? wk::ime::ToneStyle::old_style : wk::ime::ToneStyle::new_style;
        } else {
            std::fprintf(stderr, "wardkiosk-ime: bad argument '%s'\n%s", argv[i], kUsage);
            return 2;
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    if (int r = parse(argc, argv, opt); r != 0) return r == 1 ? 0 : 2;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::cout << wk::ime::type_keys(opt.method, opt.style, wk::ime::decode_key_line(line)) << '\n';
    }
    std::cout.flush();
    return std::cout ? 0 : 1;
}
