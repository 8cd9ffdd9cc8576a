// Where things are on disk: assets (translations, categories), fonts from Debian's
// fonts-noto-core. Lookups only; nothing here creates files.
#pragma once
#include <string>

namespace wk::paths {

// The assets folder: $WK_ASSET_DIR, else the build tree's assets, else /usr/share/wardkiosk.
std::string asset_dir();
// A font file by name (e.g. "NotoSans-Regular.ttf") from the Noto folders; empty if missing.
std::string noto_font(const std::string& file);

}  // namespace wk::paths
