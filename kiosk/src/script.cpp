// The scripted driver: replays a citizen's taps, drags, typing and scans against the
// real app, one step a line, on a virtual clock that only `wait`, `hold` and the steps advance;
// `await` alone lets real time pass too, for an agent in another process (end-to-end tests).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "kiosk/kiosk.hpp"
#include "platform/files.hpp"
#include "platform/utf8.hpp"

namespace wk {
namespace {

struct Runner {
    Kiosk& k;
    UnixMs now;
    std::string why;

    void frames(int n) {
        for (int i = 0; i < n; ++i) {
            now += 16;
            k.frame(now);
        }
    }

    const ui::Target* find(const std::string& name) {
        for (const auto& t : k.ui().targets())
            if (t.id == name) return &t;
        for (const auto& t : k.ui().targets())
            if (t.label == name) return &t;
        return nullptr;
    }

    // A touch target, or else a scroll region, by id (targets also by label).
    const ui::Target* find_draggable(const std::string& name) {
        if (const ui::Target* t = find(name)) return t;
        for (const auto& r : k.ui().scroll_regions())
            if (r.id == name) return &r;
        return nullptr;
    }

    // Presses the middle of the target or region, moves the finger `dy` pixels (negative:
    // up, to see what is below) in eight steps a frame apart, holds it, and lifts it.
    bool drag(const std::string& name, float dy) {
        frames(1);
        const ui::Target* t = find_draggable(name);
        if (!t) {
            why = "no touch target or scroll region \"" + name + "\" on this screen; there are:";
            for (const auto& x : k.ui().targets()) why += " " + x.id;
            for (const auto& x : k.ui().scroll_regions()) why += " " + x.id;
            return false;
        }
        ImVec2 c((t->min.x + t->max.x) * 0.5f, (t->min.y + t->max.y) * 0.5f);
        k.frame(now += 16, Touch{c, true});
        const int steps = 8;
        for (int i = 1; i <= steps; ++i)
            k.frame(now += 16, Touch{ImVec2(c.x, c.y + dy * static_cast<float>(i) / steps), true});
        ImVec2 end(c.x, c.y + dy);
        k.frame(now += 16, Touch{end, true});
        k.frame(now += 16, Touch{end, false});
        k.frame(now += 16, Touch{ImVec2(-1, -1), false});
        return true;
    }

    bool tap(const std::string& name) {
        frames(1);
        const ui::Target* t = find(name);
        if (!t) {
            why = "no touch target \"" + name + "\" on this screen; there are:";
            for (const auto& x : k.ui().targets()) why += " " + x.id;
            return false;
        }
        ImVec2 c((t->min.x + t->max.x) * 0.5f, (t->min.y + t->max.y) * 0.5f);
        now += 16;
        k.frame(now, Touch{c, true});
        now += 80;
        k.frame(now, Touch{c, false});
        k.frame(now += 16, Touch{ImVec2(-1, -1), false});
        return true;
    }

    // Presses the target and keeps the finger on it for `seconds`, frames every 250 ms.
    bool hold(const std::string& name, double seconds) {
        frames(1);
        const ui::Target* t = find(name);
        if (!t) return why = "no touch target \"" + name + "\" on this screen", false;
        ImVec2 c((t->min.x + t->max.x) * 0.5f, (t->min.y + t->max.y) * 0.5f);
        k.frame(now += 16, Touch{c, true});
        UnixMs end = now + static_cast<UnixMs>(seconds * 1000);
        while (now < end) {
            now = std::min(end, now + 250);
            k.app().tick(now);
            k.frame(now, Touch{c, true});
        }
        k.frame(now += 16, Touch{c, false});
        k.frame(now += 16, Touch{ImVec2(-1, -1), false});
        return true;
    }

    void keys_as_typing(const std::string& text, UnixMs gap, bool enter) {
        for (char32_t cp : utf8::decode(text)) {
            now += gap;
            k.key({KeyInput::Kind::text, static_cast<uint32_t>(cp), now});
        }
        if (enter) k.key({KeyInput::Kind::enter, 0, now += gap});
        now += 200;
        k.poll_keys(now);
        frames(2);
    }

    bool on_screen_keys(const std::string& text) {
        for (char c : text) {
            if (c >= 'A' && c <= 'Z') {  // a capital is Shift, then the letter's key
                if (!tap("osk.shift")) return false;
                c = static_cast<char>(c - 'A' + 'a');
            }
            std::string id = c == ' ' ? "osk.space" : c == '\b' ? "osk.backspace" : std::string("osk.") + c;
            if (!tap(id)) return false;
        }
        return true;
    }

    void wait(double seconds) {
        UnixMs end = now + static_cast<UnixMs>(seconds * 1000);
        while (now < end) {
            now = std::min(end, now + 1000);
            k.app().tick(now);
            k.frame(now);
        }
        frames(1);
    }

    // Up to `seconds` of real time, the virtual clock keeping pace, until `text` shows.
    bool await(double seconds, const std::string& text) {
        for (int waited = 0; waited < seconds * 1000; waited += 100) {
            if (visible(text)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            now += 100;
            k.app().tick(now);
        }
        return visible(text) || (why = "\"" + text + "\" did not show within " + std::to_string(seconds) + " s", false);
    }

    bool visible(const std::string& text) {
        frames(1);
        for (const auto& t : k.ui().texts())
            if (t.find(text) != std::string::npos) return true;
        return false;
    }

    bool dump(const std::string& path) {
        frames(1);
        std::string out;
        for (const auto& t : k.ui().texts()) out += t + "\n";
        why = files::write_atomic(path, out, 0644);
        return why.empty();
    }

    bool step(const std::string& verb, const std::string& arg) {
        k.app().wait_for_printer(10000, now);  // a step sees the printer's answer to the last one
        if (verb == "tap") return tap(arg);
        if (verb == "hold") {  // hold ID SECONDS
            size_t sp = arg.rfind(' ');
            char* end = nullptr;
            double s = sp == std::string::npos ? -1 : std::strtod(arg.c_str() + sp + 1, &end);
            if (s < 0 || end == arg.c_str() + sp + 1) return why = "hold needs a target and a number of seconds", false;
            return hold(arg.substr(0, sp), s);
        }
        if (verb == "drag") {  // drag ID DY
            size_t sp = arg.rfind(' ');
            char* end = nullptr;
            float dy = sp == std::string::npos ? 0 : std::strtof(arg.c_str() + sp + 1, &end);
            if (sp == std::string::npos || end == arg.c_str() + sp + 1 || *end)
                return why = "drag needs a target or scroll region and a number of pixels (negative: up)", false;
            return drag(arg.substr(0, sp), dy);
        }
        if (verb == "type") return keys_as_typing(arg, 150, false), true;
        if (verb == "keys") return on_screen_keys(arg);
        if (verb == "scan") return keys_as_typing(arg, 5, true), true;
        if (verb == "enter") return k.key({KeyInput::Kind::enter, 0, now += 200}), frames(2), true;
        if (verb == "backspace") return k.key({KeyInput::Kind::backspace, 0, now += 200}), frames(2), true;
        if (verb == "wait") {
            char* end = nullptr;
            double s = std::strtod(arg.c_str(), &end);
            if (end == arg.c_str() || s < 0) return why = "wait needs a number of seconds", false;
            wait(s);
            return true;
        }
        if (verb == "await") {
            char* end = nullptr;
            double s = std::strtod(arg.c_str(), &end);
            if (end == arg.c_str() || s <= 0 || *end != ' ') return why = "await needs seconds and a text", false;
            return await(s, arg.substr(static_cast<size_t>(end - arg.c_str()) + 1));
        }
        if (verb == "expect") return visible(arg) || (why = "\"" + arg + "\" is not on the screen", false);
        if (verb == "absent") return !visible(arg) || (why = "\"" + arg + "\" is on the screen", false);
        if (verb == "dump") return dump(arg);
        if (verb == "screenshot") {
            frames(2);
            return k.frontend().screenshot(arg, why);
        }
        why = "unknown step (tap, hold, drag, type, keys, scan, enter, backspace, wait, await, expect, absent, dump, "
              "screenshot)";
        return false;
    }
};

// "keys" takes the rest of the line verbatim; "\b" in it is backspace, "\\" a backslash.
std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'b') out += '\b', ++i;
        else if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\\') out += '\\', ++i;
        else out += s[i];
    }
    return out;
}

}  // namespace

int run_script(const std::string& path, Kiosk& kiosk, UnixMs start, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = path + ": cannot open the script";
        return 1;
    }
    Runner r{kiosk, start, {}};
    r.frames(2);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        size_t b = line.find_first_not_of(" \t");
        if (b == std::string::npos || line[b] == '#') continue;
        line = line.substr(b);
        size_t sp = line.find(' ');
        std::string verb = line.substr(0, sp), arg = sp == std::string::npos ? "" : line.substr(sp + 1);
        if (!r.step(verb, unescape(arg))) {
            error = path + ":" + std::to_string(n) + ": " + line + ": " + r.why;
            return 1;
        }
    }
    return 0;
}

}  // namespace wk
