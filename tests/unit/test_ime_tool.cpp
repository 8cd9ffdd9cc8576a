// The real wardkiosk-ime program (kiosk/ime/tool): lines of keys on stdin, composed
// lines on stdout, options, exit codes. Runs the binary from WK_BIN_DIR via popen.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct ToolRun {
    std::string out;
    int status = -1;
};

// Runs wardkiosk-ime with `args`, feeding `input` on stdin through a temporary file.
ToolRun run_tool(const std::string& args, const std::string& input) {
    const std::string in_path = "/tmp/wk-ime-test-" + std::to_string(::getpid()) + ".txt";
    {
        std::ofstream f(in_path, std::ios::binary);
        f << input;
    }
    const std::string cmd = std::string(WK_BIN_DIR) + "/wardkiosk-ime " + args + " < " + in_path + " 2>/dev/null";
    ToolRun r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::remove(in_path.c_str());
    return r;
}

TEST(ImeTool, ComposesTelexLines) {
    ToolRun r = run_tool("--method telex",
                     "dduwowngf ngaapj nuwowcs\n"
                     "ddenf ddwowngf khoong sasng\n"
                     "Facebook COVID-19 SDDT\n"
                     "thuow\\b vieet\\bs \\\\ ok\n");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out,
              "đường ngập nước\n"
              "đèn đường không sáng\n"
              "Facebook COVID-19 SĐT\n"
              "thu viế \\ ok\n");
}

TEST(ImeTool, ComposesVniLinesInOldStyle) {
    ToolRun r = run_tool("--method vni --style old", "hoa2 khoe3 thuy3 quy1\nD9u7o7ng2 so61 12\n");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "hòa khỏe thủy quý\nĐường số 12\n");
}

TEST(ImeTool, NewStyleIsTheDefaultAndALastLineWithoutNewlineCounts) {
    ToolRun r = run_tool("--method=telex", "hoaf khoer thuyr");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "hoà khoẻ thuỷ\n");
}

TEST(ImeTool, VersionAndHelp) {
    ToolRun v = run_tool("--version", "");
    EXPECT_EQ(v.status, 0);
    EXPECT_EQ(v.out, "wardkiosk-ime 0.1.0\n");
    ToolRun h = run_tool("--help", "");
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.out.find("--method telex|vni"), std::string::npos);
    EXPECT_NE(h.out.find("--style old|new"), std::string::npos);
}

TEST(ImeTool, BadArgumentsExitWithTwo) {
    EXPECT_EQ(run_tool("--method qwerty", "a\n").status, 2);
    EXPECT_EQ(run_tool("--style modern", "a\n").status, 2);
    EXPECT_EQ(run_tool("--frobnicate", "a\n").status, 2);
    EXPECT_EQ(run_tool("--method", "a\n").status, 2);
}

}  // namespace
