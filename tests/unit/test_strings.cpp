// The kiosk's words (kiosk/strings.hpp and the catalogs in assets/po): every sentence
// the kiosk can show has a Vietnamese translation that keeps its blanks, every draft
// problem and every portal status reads in Vietnamese, and the .mo reader, the
// language switch, format() and local_time() do what they say.
// [SECTION] catalogs, sentences in the code, problems and statuses, helpers
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "kiosk/app.hpp"
#include "kiosk/strings.hpp"
#include "kiosk_harness.hpp"

namespace {

namespace fs = std::filesystem;
using wk::i18n::catalog;

size_t blanks(const std::string& s) {
    size_t n = 0;
    for (size_t at = s.find("{}"); at != std::string::npos; at = s.find("{}", at + 2)) ++n;
    return n;
}

class Strings : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
        wk::i18n::set_language("vi");
    }
    void TearDown() override { wk::i18n::set_language("vi"); }
};

// [SECTION] catalogs
TEST_F(Strings, EveryMsgidInTheVietnameseCatalogHasATranslation) {
    auto po = wk::test::read_po(WK_SOURCE_DIR "/assets/po/vi.po");
    ASSERT_GT(po.size(), 50u);
    for (const auto& [id, str] : po) {
        EXPECT_FALSE(str.empty()) << "vi.po leaves \"" << id << "\" untranslated";
        const std::string* t = catalog("vi").find(id);
        ASSERT_NE(t, nullptr) << "vi.mo has no \"" << id << "\"";
        EXPECT_FALSE(t->empty());
        EXPECT_TRUE(wk::valid_utf8(*t)) << id;
    }
    EXPECT_EQ(catalog("vi").size(), po.size()) << "an entry was dropped (fuzzy?) or added";
}

TEST_F(Strings, TranslationsKeepEveryBlank) {
    for (const char* lang : {"vi", "en"}) {
        auto po = wk::test::read_po(std::string(WK_SOURCE_DIR "/assets/po/") + lang + ".po");
        for (const auto& [id, str] : po)
            if (!str.empty()) {
                EXPECT_EQ(blanks(str), blanks(id)) << lang << ": \"" << id << "\" -> \"" << str << "\"";
            }
    }
}

TEST_F(Strings, TheEnglishCatalogCoversTheSameSentences) {
    auto vi = wk::test::read_po(WK_SOURCE_DIR "/assets/po/vi.po");
    auto en = wk::test::read_po(WK_SOURCE_DIR "/assets/po/en.po");
    std::set<std::string> vi_ids, en_ids;
    for (const auto& kv : vi) vi_ids.insert(kv.first);
    for (const auto& kv : en) en_ids.insert(kv.first);
    EXPECT_EQ(vi_ids, en_ids);
}

// [SECTION] sentences in the code
// Every literal the kiosk passes to _() or N_() (and the sentences the sync core marks
// for the kiosk) must be in the Vietnamese catalog, or a Vietnamese citizen reads English.
TEST_F(Strings, EverySentenceInTheKioskCodeIsTranslated) {
    std::vector<fs::path> files{fs::path(WK_SOURCE_DIR) / "sync/src/report.cpp"};
    for (const auto& e : fs::recursive_directory_iterator(fs::path(WK_SOURCE_DIR) / "kiosk/src"))
        if (e.path().extension() == ".cpp") files.push_back(e.path());
    std::regex call(R"re(\b_{1}\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)|\bN_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\))re");
    std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
    size_t found = 0;
    for (const fs::path& f : files) {
        std::string text = wk::test::read_text(f.string());
        for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
            std::string args = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str(), msgid;
            for (std::sregex_iterator l(args.begin(), args.end(), literal); l != end; ++l) msgid += (*l)[1].str();
            ++found;
            EXPECT_NE(catalog("vi").find(msgid), nullptr)
                << f.filename().string() << ": \"" << msgid << "\" has no Vietnamese translation";
        }
    }
    EXPECT_GT(found, 80u);  // the scan did find the kiosk's sentences
}

// [SECTION] problems and statuses
TEST_F(Strings, EveryDraftProblemReadsInVietnamese) {
    using E = wk::DraftError;
    for (E e : {E::no_category, E::unknown_category, E::description_empty, E::description_too_long, E::invalid_utf8,
                E::control_character, E::ward_missing, E::address_too_long, E::name_too_long, E::phone_character,
                E::phone_too_few_digits, E::phone_too_many_digits}) {
        const char* msgid = wk::describe(e);
        EXPECT_NE(catalog("vi").find(msgid), nullptr) << "\"" << msgid << "\"";
        EXPECT_STRNE(wk::i18n::tr(msgid), msgid);
    }
}

TEST_F(Strings, EveryPortalStatusReadsInVietnamese) {
    const std::vector<std::string> vocabulary = {
        "open",      "investigating", "in_progress",       "action_scheduled",  "fixed",    "closed", "duplicate",
        "not_councils_responsibility", "no_further_action", "internal_referral", "cancelled", "reopen", "for_triage"};
    for (const std::string& s : vocabulary) {
        EXPECT_TRUE(wk::known_status(s)) << s;
        const char* msgid = wk::status_msgid(s);
        EXPECT_NE(catalog("vi").find(msgid), nullptr) << s << " -> \"" << msgid << "\"";
    }
    for (const std::string s : {"", "pending"}) EXPECT_NE(catalog("vi").find(wk::status_msgid(s)), nullptr);
    // The groups the citizen sees: a case that is over never reads as still open.
    EXPECT_STREQ(wk::status_msgid("pending"), "Waiting to be sent");
    EXPECT_STREQ(wk::status_msgid("open"), "Received");
    EXPECT_STREQ(wk::status_msgid("in_progress"), "Being handled");
    EXPECT_STREQ(wk::status_msgid("fixed"), "Fixed");
    for (const std::string& s : vocabulary)
        if (wk::final_status(s)) {
            EXPECT_STRNE(wk::status_msgid(s), "Received") << s;
        }
    // One vocabulary (issue 15): the kiosk says, for each status, the word the portal's
    // lookup page says (it said "Đã xử lý xong" where the page said "Đã khắc phục").
    for (const std::string& s : vocabulary) {
        const std::string* vi = catalog("vi").find(wk::status_msgid(s));
        ASSERT_NE(vi, nullptr) << s;
        EXPECT_EQ(*vi, wk::status_words_vi(s)) << s;
    }
}

// [SECTION] helpers
TEST_F(Strings, TheLanguageSwitchPicksTheCatalog) {
    EXPECT_STREQ(wk::i18n::tr("File a report"), "Gửi phản ánh");
    wk::i18n::set_language("en");
    EXPECT_EQ(wk::i18n::language(), "en");
    EXPECT_STREQ(wk::i18n::tr("File a report"), "File a report");
    wk::i18n::set_language("fr");  // anything else is Vietnamese
    EXPECT_EQ(wk::i18n::language(), "vi");
    EXPECT_STREQ(wk::i18n::tr("No such sentence"), "No such sentence");
}

TEST_F(Strings, FormatFillsTheBlanksInOrder) {
    EXPECT_EQ(wk::i18n::format("{} of {} characters", {"12", "4000"}), "12 of 4000 characters");
    EXPECT_EQ(wk::i18n::format("Hotline: {}", {}), "Hotline: {}");
    EXPECT_EQ(wk::i18n::format("no blanks", {"x"}), "no blanks");
    EXPECT_EQ(wk::i18n::format(wk::i18n::tr("Hotline: {}"), {"1900 1234"}).find("1900 1234") != std::string::npos, true);
}

TEST_F(Strings, LocalTimeIsVietnamTime) {
    EXPECT_EQ(wk::i18n::local_time(wk::test::kiosk_noon()), "28/11/2026 12:00");
    EXPECT_EQ(wk::i18n::local_time(wk::open311::parse_iso8601("2026-12-31T17:30:00Z").value()), "01/01/2027 00:30");
}

TEST_F(Strings, ABrokenCatalogFileIsReportedNotLoaded) {
    wk::test::TempDir dir;
    wk::i18n::Catalog c;
    std::string error;
    EXPECT_FALSE(c.load(dir.file("missing.mo"), error));
    EXPECT_FALSE(error.empty());
    wk::test::write_text(dir.file("short.mo"), "abc");
    EXPECT_FALSE(c.load(dir.file("short.mo"), error));
    EXPECT_NE(error.find("too short"), std::string::npos) << error;
    wk::test::write_text(dir.file("html.mo"), "<html><body>not a catalog at all</body></html>");
    EXPECT_FALSE(c.load(dir.file("html.mo"), error));
    EXPECT_NE(error.find("not a .mo"), std::string::npos) << error;
    // A real header claiming more entries than the file holds.
    std::string mo = wk::test::read_text(WK_ASSET_DIR_BUILD "/locale/vi.mo");
    ASSERT_GT(mo.size(), 100u);
    wk::test::write_text(dir.file("cut.mo"), mo.substr(0, 40));
    EXPECT_FALSE(c.load(dir.file("cut.mo"), error));
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
}

}  // namespace
