// DragScroll (kiosk/drag_scroll.hpp): a press that stays within the threshold is a
// tap, one that moves further scrolls the list with the finger, and the offset never
// leaves [0, content - view]. No ImGui, no window.
#include <gtest/gtest.h>

#include "kiosk/drag_scroll.hpp"

namespace {

using wk::ui::DragScroll;

// A list of 1000 px in a view of 400 px, with a 15 px threshold.
DragScroll list() {
    DragScroll d(15);
    d.clamp(1000, 400);
    return d;
}

TEST(DragScroll, APressThatStaysWithinTheThresholdIsATapAndScrollsNothing) {
    DragScroll d = list();
    d.press(300);
    d.move(310);
    d.move(290);
    d.move(315);
    EXPECT_FALSE(d.dragged());
    EXPECT_EQ(d.offset(), 0);
    d.release();
    EXPECT_FALSE(d.dragged()) << "the release of a tap is a tap";
    EXPECT_FALSE(d.pressed());
}

TEST(DragScroll, PastTheThresholdTheListFollowsTheFinger) {
    DragScroll d = list();
    d.press(300);
    d.move(280);  // 20 px up: a drag
    EXPECT_TRUE(d.dragged());
    EXPECT_EQ(d.offset(), 20);
    d.move(100);
    EXPECT_EQ(d.offset(), 200);
    d.move(290);  // back within the threshold: still a drag, the list comes back with it
    EXPECT_TRUE(d.dragged());
    EXPECT_EQ(d.offset(), 10);
}

TEST(DragScroll, ADragStaysADragThroughItsReleaseUntilTheNextPress) {
    DragScroll d = list();
    d.press(300);
    d.move(200);
    d.release();
    EXPECT_TRUE(d.dragged()) << "the button under the finger must not fire on this release";
    EXPECT_EQ(d.offset(), 100);
    d.press(250);  // the next touch starts as a tap, where the list was left
    EXPECT_FALSE(d.dragged());
    EXPECT_EQ(d.offset(), 100);
    d.move(260);
    EXPECT_EQ(d.offset(), 100);
}

TEST(DragScroll, TheOffsetStaysBetweenTheTopAndTheEndOfTheContent) {
    DragScroll d = list();
    d.press(300);
    d.move(400);  // pulling down at the top
    EXPECT_EQ(d.offset(), 0);
    d.move(-2000);  // far past the end
    EXPECT_EQ(d.offset(), 600);
    EXPECT_FALSE(d.more_below());
    EXPECT_TRUE(d.more_above());
    d.move(-1000);
    EXPECT_EQ(d.offset(), 600);
    d.release();
}

TEST(DragScroll, ContentThatFitsDoesNotScroll) {
    DragScroll d(15);
    d.clamp(300, 400);
    d.press(300);
    d.move(0);
    EXPECT_TRUE(d.dragged());
    EXPECT_EQ(d.offset(), 0);
    EXPECT_FALSE(d.more_above());
    EXPECT_FALSE(d.more_below());
}

TEST(DragScroll, ContentThatShrinksPullsTheOffsetBack) {
    DragScroll d = list();
    d.wheel(500);
    EXPECT_EQ(d.offset(), 500);
    d.clamp(700, 400);  // a row went away (a retried report)
    EXPECT_EQ(d.offset(), 300);
    EXPECT_FALSE(d.more_below());
}

TEST(DragScroll, BeforeTheContentIsMeasuredNothingScrolls) {
    DragScroll d(15);
    d.press(300);
    d.move(0);
    EXPECT_EQ(d.offset(), 0);
    d.wheel(100);
    EXPECT_EQ(d.offset(), 0);
}

TEST(DragScroll, TheWheelScrollsButNotUnderAFinger) {
    DragScroll d = list();
    d.wheel(90);
    EXPECT_EQ(d.offset(), 90);
    d.wheel(-200);
    EXPECT_EQ(d.offset(), 0);
    d.press(300);
    d.wheel(90);
    EXPECT_EQ(d.offset(), 0);
    d.release();
    EXPECT_TRUE(d.more_below());
}

TEST(DragScroll, ResetGoesBackToTheTopAndForgetsTheFinger) {
    DragScroll d = list();
    d.press(300);
    d.move(100);
    d.reset();
    EXPECT_EQ(d.offset(), 0);
    EXPECT_FALSE(d.pressed());
    EXPECT_FALSE(d.dragged());
    d.move(0);  // a finger still down from before the reset moves nothing
    EXPECT_EQ(d.offset(), 0);
}

}  // namespace
