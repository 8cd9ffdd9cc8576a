// Asset and font lookup with environment overrides for tests and packages.
#include "platform/paths.hpp"

#include <cstdlib>
#include <filesystem>

namespace wk::paths {

std::string asset_dir() {
    if (const char* env = std::getenv("WK_ASSET_DIR"); env && *env) return env;
    if (std::filesystem::exists(WK_ASSET_DIR_DEFAULT)) return WK_ASSET_DIR_DEFAULT;
    return "/usr/share/wardkiosk";
}

std::string noto_font(const std::string& file) {
    const char* dirs[] = {"/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto"};
    for (const char* d : dirs) {
        std::filesystem::path p = std::filesystem::path(d) / file;
        if (std::filesystem::exists(p)) return p.string();
    }
    return {};
}

}  // namespace wk::paths
