// Tests kiosk/ui/screen_labels: how scripts find what is on screen.
#include <doctest/doctest.h>

#include "kiosk/ui/screen_labels.hpp"

TEST_CASE("labels are found exactly first, then by part, and tappable ones win") {
    kiosk::ui::ScreenLabels labels;
    labels.begin_frame(720, 1280);
    labels.add("长辈模式说明", 0, 0, 100, 40, false);
    labels.add("长辈模式", 10, 100, 300, 200, true);
    labels.add("求助热线 12345", 0, 300, 200, 40, false);
    const auto* tile = labels.find("长辈模式");
    REQUIRE(tile);
    CHECK(tile->tappable);
    CHECK(tile->center_x() == 160);
    CHECK(tile->center_y() == 200);
    REQUIRE(labels.find("12345"));
    CHECK(labels.find("12345")->label == "求助热线 12345");
    CHECK_FALSE(labels.find("政策明白纸"));
}

TEST_CASE("labels off screen are not visible") {
    kiosk::ui::ScreenLabels labels;
    labels.begin_frame(720, 1280);
    labels.add("below", 0, 1300, 100, 40, true);
    labels.add("left", -200, 10, 100, 40, true);
    CHECK_FALSE(labels.find("below"));
    CHECK_FALSE(labels.find("left"));
    labels.begin_frame(720, 1280);
    CHECK(labels.all().empty());
}

TEST_CASE("a tap finds only what can be tapped") {
    kiosk::ui::ScreenLabels labels;
    labels.begin_frame(720, 1280);
    labels.add("号码没问题，请点「确定」", 0, 0, 600, 40, false);
    CHECK(labels.find("确定"));                 // text a script may expect
    CHECK_FALSE(labels.find_tappable("确定"));  // but not press
    labels.add("确定", 0, 1000, 600, 96, true);
    REQUIRE(labels.find_tappable("确定"));
    CHECK(labels.find_tappable("确定")->y == 1000);
}
