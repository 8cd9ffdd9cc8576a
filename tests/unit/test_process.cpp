// The process runner behind staff mode's "shut down" (platform/process.hpp), with real
// programs: a clean exit, a failing one, one that is not there, one that hangs.
#include <gtest/gtest.h>

#include "platform/process.hpp"

namespace {
using namespace wk;

TEST(Process, SplitsACommandLineOnSpaces) {
    EXPECT_EQ(process::split_command("  systemctl poweroff   --no-ask-password "),
              (std::vector<std::string>{"systemctl", "poweroff", "--no-ask-password"}));
    EXPECT_TRUE(process::split_command("   ").empty());
}

TEST(Process, ACleanExitIsSuccessAndAFailureSaysHow) {
    EXPECT_EQ(process::run({"true"}, 5), "");
    EXPECT_EQ(process::run({"sh", "-c", "exit 3"}, 5), "sh: exited with status 3");
    EXPECT_EQ(process::run({"wardkiosk-no-such-program"}, 5).find("wardkiosk-no-such-program: "), 0u);
    EXPECT_EQ(process::run({}, 5), "no command");
}

TEST(Process, AProgramThatHangsIsKilledAtTheTimeout) {
    std::string why = process::run({"sleep", "30"}, 1);
    EXPECT_EQ(why, "sleep: no answer in 1 s");
}

}  // namespace
