// The kiosk's cache of its cases' public photos (issue 16): the store's side
// (store_photos.cpp: only this kiosk's cases, each URL once, retries later, questions
// only for cases the portal has, gone with the report) and the agent's thumbnails
// (agent_photos.cpp: small JPEGs from real JPEG and PNG bytes; hostile bytes refused).
// [SECTION] store  [SECTION] thumbnails
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <string>
#include <vector>

#include "agent.hpp"
#include "sync/store.hpp"
#include "temp_dir.hpp"
#include "test_pictures.hpp"

namespace {

using wk::Store;
using wk::test::two_colours;

wk::Draft draft() {
    wk::Draft d;
    d.service_code = "moi-truong";
    d.description = "Rác thải đổ trộm cạnh hồ, bốc mùi cả tuần nay.";
    d.ward = "Phường Điện Biên";
    d.address = "Số 5 ngõ Đội Cấn";
    return d;
}

class PhotoCache : public ::testing::Test {
  protected:
    wk::test::TempDir dir;
    Store store = Store::open(dir.file("wardkiosk.db"));
    wk::ContactBox box = wk::ContactBox::from_key(std::vector<uint8_t>(32, 0x5A));

    // A report of this kiosk the portal acknowledged as `id`; its receipt code.
    std::string filed(const std::string& id, int64_t now = 1000) {
        wk::SubmitResult r = store.submit(draft(), 1, box, now);
        if (!id.empty()) store.acknowledge(r.id, id, now + 1);
        return r.code;
    }
};

// [SECTION] store
TEST_F(PhotoCache, OnlyThisKiosksCasesAreWantedAndEachUrlOnce) {
    std::string code = filed("HN-2026-000001");
    store.want_photo("HN-2026-000001", "https://portal.example/media/a.jpg");
    store.want_photo("HN-2026-000001", "https://portal.example/media/a.jpg");  // the next pull says it again
    store.want_photo("HN-2026-999999", "https://portal.example/media/b.jpg");  // another kiosk's case
    store.want_photo("HN-2026-000001", "");
    auto wanted = store.photos_wanted(5000, 10);
    ASSERT_EQ(wanted.size(), 1u);
    EXPECT_EQ(wanted[0].first, code);
    EXPECT_EQ(wanted[0].second, "https://portal.example/media/a.jpg");
    EXPECT_TRUE(store.photos(code).empty()) << "nothing shown before it is fetched";
}

TEST_F(PhotoCache, AFetchedThumbnailIsShownAndAFailedOneIsTriedAgainLater) {
    std::string code = filed("HN-2026-000001");
    store.want_photo("HN-2026-000001", "https://p/media/a.jpg");
    store.want_photo("HN-2026-000001", "https://p/media/b.jpg");
    store.photo_fetched(code, "https://p/media/a.jpg", {1, 2, 3}, 320, 200);
    store.photo_failed(code, "https://p/media/b.jpg", 10000);
    auto shown = store.photos(code);
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].jpeg, (std::vector<uint8_t>{1, 2, 3}));
    EXPECT_EQ(shown[0].width, 320);
    EXPECT_TRUE(store.photos_wanted(9999, 10).empty()) << "a failed fetch waits for its time";
    ASSERT_EQ(store.photos_wanted(10000, 10).size(), 1u);
}

TEST_F(PhotoCache, QuestionsAreOnlyForCasesThePortalHasAndEndWhenAnswered) {
    std::string sent = filed("HN-2026-000001"), waiting = filed("");
    store.ask_photos(sent, 2000);
    store.ask_photos(waiting, 2000);  // not on the portal yet: nothing to ask
    store.ask_photos("00100000X", 2000);  // not this kiosk's
    auto q = store.photo_questions();
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q[0].first, sent);
    EXPECT_EQ(q[0].second, "HN-2026-000001");
    store.photo_question_answered(sent);
    EXPECT_TRUE(store.photo_questions().empty());
}

TEST_F(PhotoCache, PhotosGoWithTheirReport) {
    std::string code = filed("HN-2026-000001");
    store.want_photo("HN-2026-000001", "https://p/media/a.jpg");
    store.photo_fetched(code, "https://p/media/a.jpg", {1}, 10, 10);
    store.db().prepare("DELETE FROM report_events").run();
    store.db().prepare("DELETE FROM reports WHERE code = ?").bind(1, code).run();
    EXPECT_TRUE(store.photos(code).empty());
    auto left = store.db().prepare("SELECT COUNT(*) FROM report_photos");
    left.step();
    EXPECT_EQ(left.int_at(0), 0);
}

// [SECTION] thumbnails
TEST(Thumbnail, APhotoBecomesASmallJpegOfTheSameShape) {
    for (bool png : {false, true}) {
        auto t = wk::agent::make_thumbnail(two_colours(2000, 1000, png));
        ASSERT_TRUE(t) << (png ? "png" : "jpeg");
        EXPECT_EQ(t->width, 320);
        EXPECT_EQ(t->height, 160);
        int w = 0, h = 0, n = 0;
        stbi_uc* back = stbi_load_from_memory(t->jpeg.data(), static_cast<int>(t->jpeg.size()), &w, &h, &n, 3);
        ASSERT_NE(back, nullptr);
        EXPECT_EQ(w, 320);
        EXPECT_GT(back[0], 150) << "the left is still red";
        EXPECT_GT(back[(static_cast<size_t>(10) * w + 310) * 3 + 2], 150) << "the right is still blue";
        stbi_image_free(back);
        EXPECT_LT(t->jpeg.size(), 64u * 1024);
    }
    auto small = wk::agent::make_thumbnail(two_colours(100, 50, true));
    ASSERT_TRUE(small);
    EXPECT_EQ(small->width, 100) << "a small photo is not blown up";
}

TEST(Thumbnail, HostileBytesAreRefused) {
    std::string png = two_colours(8, 8, true);
    std::string huge = png;  // IHDR claims 30,000 x 30,000
    for (int i : {16, 20}) huge[i] = 0, huge[i + 1] = 0, huge[i + 2] = 0x75, huge[i + 3] = 0x30;
    std::string jpeg = two_colours(64, 64, false);
    for (const std::string& bad : {std::string(), std::string("<html><script>alert(1)</script>"), huge,
                                   jpeg.substr(0, 40), std::string("GIF89a") + std::string(100, '\x01')})
        EXPECT_FALSE(wk::agent::make_thumbnail(bad)) << bad.size() << " bytes";
}

}  // namespace
