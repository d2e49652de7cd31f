// Tests the script driver end to end: the real kiosk program, headless, driven by scripts as a
// person would use it; failures name the step.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include "printer/emulator/emulator_server.hpp"

#include "net/county/county.hpp"
#include "scanner/id_card_emulator.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

fs::path scratch(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("mingbai-test-" + std::to_string(::getpid())) / name;
    fs::create_directories(dir);
    return dir;
}

// A program's exit code and its stdout and stderr together.
Run run_program(const std::string& command_line) {
    const std::string cmd = command_line + " 2>&1";
    Run r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buf{};
    while (const auto n = std::fread(buf.data(), 1, buf.size(), pipe))
        r.output.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// The kiosk program, headless.
Run run(const std::string& args) {
    return run_program("env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(BIN_DIR) + "/kiosk " +
                       args);
}

std::string kiosk_args(const std::string& name) {
    return "--config " + std::string(TEST_DATA_DIR) + "/config/test.toml --data-dir " +
           scratch(name + "-data").string() + " --shots " + scratch(name + "-shots").string();
}

fs::path write_script(const std::string& name, const std::string& text) {
    const auto path = scratch("scripts") / (name + ".script");
    std::ofstream(path) << text;
    return path;
}

// Width and height from a PNG's IHDR chunk.
std::pair<int, int> png_size(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char h[24] = {};
    in.read(reinterpret_cast<char*>(h), sizeof h);
    auto be32 = [&](int at) {
        return (h[at] << 24) | (h[at + 1] << 16) | (h[at + 2] << 8) | h[at + 3];
    };
    return {be32(16), be32(20)};
}

}  // namespace

TEST_CASE("the home script passes in portrait and writes its screenshot") {
    const auto r = run(kiosk_args("home") + " --script " + TEST_DATA_DIR + "/ui/home.script");
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("home: passed") != std::string::npos);
    const auto shot = scratch("home-shots") / "home-start.png";
    REQUIRE(fs::exists(shot));
    CHECK(png_size(shot) == std::pair{720, 1280});
    // What the kiosk keeps (its state, the font atlas cache) is its user's alone.
    const auto data = scratch("home-data");
    CHECK((fs::status(data).permissions() & fs::perms::mask) == fs::perms(0700));
    for (const auto& entry : fs::recursive_directory_iterator(data)) {
        const auto perms = fs::status(entry.path()).permissions() & fs::perms::mask;
        CHECK_MESSAGE((perms & fs::perms(077)) == fs::perms::none, entry.path().string());
    }
}

TEST_CASE("the home script passes in landscape") {
    const auto r = run(kiosk_args("landscape") + " --size 1280x720 --script " + TEST_DATA_DIR +
                       "/ui/home.script");
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(png_size(scratch("landscape-shots") / "home-start.png") == std::pair{1280, 720});
}

TEST_CASE("a failing expect fails the run and names the step") {
    const auto r =
        run(kiosk_args("failing") + " --script " + TEST_DATA_DIR + "/ui/failing_expect.script");
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(
        r.output.find("failing_expect.script:5: expect 待遇查询: \"待遇查询\" is not on screen") !=
            std::string::npos,
        r.output);
}

TEST_CASE(
    "tapping something that is not on screen, or is only text, fails the run and names the step") {
    const auto script = write_script("tap-missing", "expect 长辈模式\ntap 不存在的按钮\n");
    const auto r = run(kiosk_args("tap-missing") + " --script " + script.string());
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.output.find("tap-missing.script:2: tap 不存在的按钮: nothing to tap labelled "
                                "\"不存在的按钮\" on screen") != std::string::npos,
                  r.output);
}

TEST_CASE("a bad script is refused before the kiosk starts, with its line") {
    const auto script = write_script("bad", "expect 长辈模式\npress 长辈模式\n");
    const auto r = run(kiosk_args("bad") + " --script " + script.string());
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("bad.script:2: unknown command \"press\"") != std::string::npos);
}

TEST_CASE("a bad config stops start-up naming the file, the key and what is expected") {
    const auto config = scratch("bad-config") / "kiosk.toml";
    std::ofstream(config) << "[display]\nwidth = 720\nheigth = 1280\n";
    const auto r =
        run("--config " + config.string() + " --data-dir " + scratch("bad-config-data").string() +
            " --script " + TEST_DATA_DIR + "/ui/home.script");
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(
        r.output.find(config.string() + ":3: display.heigth: unknown key") != std::string::npos,
        r.output);
}

TEST_CASE("what stops start-up, kioskctl config check refuses with the same message") {
    const std::string bad[] = {
        "[ui]\nfont = \"/nonexistent/NotoSansCJK.ttc\"\n",
        "[ui]\ntheme = \"nosuch\"\n",
        "[printer]\ntransport = \"tcp:127.0.0.1:99999\"\n",
        "[county]\nurl = \"http://127.0.0.1.nip.io\"\n",
        "[county]\ntoken = \"tok\\nen\"\n",
    };
    int n = 0;
    for (const auto& toml : bad) {
        CAPTURE(toml);
        const auto config = scratch("refused") / ("kiosk-" + std::to_string(++n) + ".toml");
        std::ofstream(config) << toml;
        const auto kiosk =
            run("--config " + config.string() + " --data-dir " + scratch("refused-data").string() +
                " --script " + TEST_DATA_DIR + "/ui/home.script");
        CHECK(kiosk.exit_code == 2);
        const std::string kiosk_says = "kiosk: configuration problem, not starting: ";
        const auto at = kiosk.output.find(kiosk_says);
        REQUIRE_MESSAGE(at != std::string::npos, kiosk.output);
        const std::string why = kiosk.output.substr(
            at + kiosk_says.size(), kiosk.output.find('\n', at) - at - kiosk_says.size());
        CHECK(why.starts_with(config.string() + ":2: "));

        const auto check = run_program(std::string(BIN_DIR) + "/kioskctl --config " +
                                       config.string() + " config check");
        CHECK(check.exit_code == 2);
        CHECK_MESSAGE(check.output.find("kioskctl: configuration problem: " + why + "\n") !=
                          std::string::npos,
                      check.output);
    }
}

TEST_CASE("a scanner burst of 10,000 characters is dropped and the kiosk goes on") {
    const auto script =
        write_script("flood", "scan " + std::string(10'000, '7') +
                                  "\nexpect-not 这个码本机还不认识\ntap 长辈模式\nexpect 已开启\n");
    const auto r = run(kiosk_args("flood") + " --script " + script.string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("without Enter; dropped") != std::string::npos);
}

TEST_CASE("typing at a person's speed is not taken for a scan") {
    const auto script = write_script("typing",
                                     "type 12345678\nexpect-not 这个码本机还不认识\n"
                                     "scan 12345678\nexpect 这个码本机还不认识\n");
    const auto r = run(kiosk_args("typing") + " --script " + script.string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
}

TEST_CASE("every item page opens from the list, and a long page scrolls by dragging") {
    const auto script = write_script("pages", R"(tap 政策明白纸
tap 低保
expect 最低生活保障
expect 政策规定
expect-not 监督渠道
drag 360 650 360 200
drag 360 650 360 200
drag 360 650 360 200
drag 360 650 360 200
drag 360 650 360 200
drag 360 650 360 200
wait 2000
expect 监督渠道
tap 返回
expect 点一下，看看能得到什么帮助
tap 受灾救助
expect 受灾人员救助
tap 回到首页
expect 请选择您要办的事
tap 求助与监督
expect 社会救助二维码
)");
    for (const char* size : {"720x1280", "1280x720"}) {
        CAPTURE(size);
        const auto r =
            run(kiosk_args("pages") + " --size " + size + " --script " + script.string());
        CHECK_MESSAGE(r.exit_code == 0, r.output);
    }
}

TEST_CASE(
    "a damaged installed bundle is passed over: the kiosk starts with the default and says why") {
    const auto data = scratch("damaged-data");
    fs::create_directories(data / "content" / "current");
    std::ofstream(data / "content" / "current" / "content.bundle")
        << "SQLite format 3 but not really";
    const auto r = run("--config " + std::string(TEST_DATA_DIR) + "/config/test.toml --data-dir " +
                       data.string() + " --shots " + scratch("damaged-shots").string() +
                       " --script " + TEST_DATA_DIR + "/ui/home.script");
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("bundle not used: " +
                        (data / "content" / "current" / "content.bundle").string()) !=
          std::string::npos);
    // The damaged file is kept for staff to look at, not deleted.
    CHECK(fs::exists(data / "content" / "current" / "content.bundle"));
}

namespace {

std::string zbar_decode(const fs::path& png) {
    FILE* pipe = ::popen(("zbarimg --raw -q " + png.string() + " 2>/dev/null").c_str(), "r");
    REQUIRE(pipe);
    std::string out;
    std::array<char, 512> buf{};
    while (const auto n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    ::pclose(pipe);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

}  // namespace

TEST_CASE("a resident prints an item's 明白纸: preview, print, one sheet whose QR opens the page") {
    const auto data = scratch("print-data");
    const auto script = write_script("print", R"(tap 政策明白纸
tap 临时救助
tap 打印这页
expect 打印预览
expect 明白纸预览
shot preview
tap 打印
expect 打好了
expect 请从出纸口取走
tap 回到首页
expect 请选择您要办的事
)");
    const auto r = run("--config " + std::string(TEST_DATA_DIR) + "/config/test.toml --data-dir " +
                       data.string() + " --shots " + scratch("print-shots").string() +
                       " --script " + script.string());
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    std::vector<fs::path> sheets;
    for (const auto& e : fs::directory_iterator(data / "printed")) sheets.push_back(e.path());
    REQUIRE(sheets.size() == 1);
    CHECK(png_size(sheets[0]).first == 576);
    CHECK(zbar_decode(sheets[0]) == "https://mz.example.gov.cn/mingbai/linshi");
}

TEST_CASE("paper out mid-job: the resident is told plainly, and that staff know") {
    printer::emulator::EmulatorOptions o;
    o.paper_mm = 30;
    auto server = printer::emulator::EmulatorServer::listen_tcp("127.0.0.1", 0, o);
    REQUIRE(server);
    const auto config = scratch("paper-out") / "kiosk.toml";
    std::ofstream(config) << "[printer]\ntransport = \"tcp:127.0.0.1:" << (*server)->port()
                          << "\"\n";
    const auto script = write_script("paper-out", R"(tap 政策明白纸
tap 低保
tap 打印这页
tap 打印
expect 打印纸用完了
expect 已经告诉站里的工作人员了
shot paper-out
tap 回到首页
expect 请选择您要办的事
)");
    const auto r =
        run("--config " + config.string() + " --data-dir " + scratch("paper-out-data").string() +
            " --shots " + scratch("paper-out-shots").string() + " --script " + script.string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("paper out") != std::string::npos);  // the log line staff read
    (*server)->with_emulator([](auto& emu) { CHECK(emu.sheets().empty()); });
}

TEST_CASE("with no usable printer there is no print button, and the kiosk goes on") {
    const auto config = scratch("no-printer") / "kiosk.toml";
    std::ofstream(config) << "[printer]\nprofile = \"no-such-profile\"\n";
    const auto script = write_script(
        "no-printer", "tap 政策明白纸\ntap 低保\nexpect 最低生活保障\nexpect-not 打印这页\n");
    const auto r =
        run("--config " + config.string() + " --data-dir " + scratch("no-printer-data").string() +
            " --shots " + scratch("no-printer-shots").string() + " --script " + script.string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("printing unavailable") != std::string::npos);
    // config check refuses it all the same, and the kiosk's log says it in the same words.
    const auto check = run_program(std::string(BIN_DIR) + "/kioskctl --config " + config.string() +
                                   " config check");
    CHECK(check.exit_code == 2);
    const std::string ctl_says = "kioskctl: configuration problem: ";
    const auto at = check.output.find(ctl_says);
    REQUIRE_MESSAGE(at != std::string::npos, check.output);
    const std::string why = check.output.substr(at + ctl_says.size(),
                                                check.output.find('\n', at) - at - ctl_says.size());
    CHECK(why.starts_with(config.string() + ":2: printer.profile: "));
    CHECK_MESSAGE(r.output.find(why) != std::string::npos, r.output);
}

TEST_CASE(
    "scans are routed: a page code opens its item, a receipt and an ID are recognised, junk is "
    "named") {
    const auto script = write_script("routing", R"(scan https://mz.example.gov.cn/mingbai/zhufang
expect 住房救助
expect 政策规定
scan MINGBAI:REQ:A-20261122-0007
expect 没找到这张回执
tap 知道了
scan 11010519491231002X
expect 已读到身份证号
expect 1101**********002X
expect-not 11010519491231002X
scan ~~~~ not a code we know ~~~~
expect 这个码本机还不认识
tap 知道了
idle 81
expect 请选择您要办的事
expect-not 1101**********002X
shot after-idle
)");
    const auto r = run(kiosk_args("routing") + " --script " + script.string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("11010519491231002X") == std::string::npos);  // not in the log either
}

TEST_CASE("the keypad checks the number as it is typed and says plainly what is wrong") {
    const auto script = write_script("keypad", R"(tap 扫一扫
tap 手动输入身份证号
expect 请输入18位身份证号
type 1101051949
expect 还差8位
type 1331
expect 出生日期不对
tap 删除
tap 删除
tap 删除
tap 删除
type 1231002
tap 8
expect 最后一位不对，请再核对一下
tap 删除
tap X
expect 号码没问题
tap 确定
expect 1101**********002X
)");
    const auto r = run(kiosk_args("keypad") + " --script " + script.string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
}

TEST_CASE("a card laid on the ID card reader opens the ID page once, masked") {
    scanner::EmulatorCard card;
    card.name = "张三";
    card.birth = "19491231";
    card.address = "示例县示例村";
    card.id = "11010519491231002X";
    card.authority = "示例县公安局";
    card.valid_from = "20200101";
    card.valid_until = "长期";
    auto reader = scanner::IdCardEmulator::open_pty(card);
    REQUIRE(reader);
    const auto config = scratch("card") / "kiosk.toml";
    std::ofstream(config) << "[scanner]\ncard_reader = \"" << (*reader)->pty_path() << "\"\n";
    const auto script = write_script("card", R"(expect 已读到身份证号
expect 1101**********002X
tap 回到首页
expect 请选择您要办的事
expect-not 已读到身份证号
)");
    const auto r =
        run("--config " + config.string() + " --data-dir " + scratch("card-data").string() +
            " --shots " + scratch("card-shots").string() + " --script " + script.string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("11010519491231002X") == std::string::npos);
    CHECK(r.output.find("张三") == std::string::npos);
}

TEST_CASE("the camera's frames are scanned: a printed sheet held up opens its page") {
    // The folder source stands in for the camera: the same scan thread, decoder and routing.
    const auto frames = scratch("frames");
    const auto data = scratch("frames-data");
    const auto print = write_script(
        "frames-print", "tap 政策明白纸\ntap 住房救助\ntap 打印这页\ntap 打印\nexpect 打好了\n");
    auto r = run("--config " + std::string(TEST_DATA_DIR) + "/config/test.toml --data-dir " +
                 data.string() + " --shots " + scratch("frames-shots").string() + " --script " +
                 print.string());
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    for (const auto& e : fs::directory_iterator(data / "printed"))
        fs::copy_file(e.path(), frames / e.path().filename());
    const auto config = scratch("frames-config") / "kiosk.toml";
    std::ofstream(config) << "[scanner]\ncamera = \"files:" << frames.string() << "\"\n";
    const auto look = write_script("frames-look", "expect 住房救助\nexpect 政策规定\n");
    r = run("--config " + config.string() + " --data-dir " + scratch("frames-data2").string() +
            " --shots " + scratch("frames-shots2").string() + " --script " + look.string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
}

TEST_CASE(
    "a resident asks for help, the county replies, the resident scans the receipt and rates it") {
    const auto county_db = scratch("county") / "county.db";
    county::CountyServerOptions county_options;
    county_options.db = county_db;
    county_options.token = "tok";
    auto county = county::CountyServer::start(county_options);
    REQUIRE(county);
    const auto data = scratch("request-data");
    const auto config = scratch("request-config") / "kiosk.toml";
    std::ofstream(config) << "[county]\nurl = \"" << (*county)->url()
                          << "\"\ntoken = \"tok\"\nkiosk_id = \"k1\"\n";
    const auto args = "--config " + config.string() + " --data-dir " + data.string() + " --shots " +
                      scratch("request-shots").string();
    auto r = run(args + " --script " +
                 write_script("request", R"(tap 帮办代办
tap 临时救助
tap 材料审核
tap 手动输入身份证号
type 11010519491231002X
tap 确定
type 13800000000
tap 下一步
tap 临时救助申请书
tap 下一步
expect 两个承诺
tap 我承诺，提交
expect 已提交
expect 回执打好了
)")
                     .string());
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);

    // The request reaches the county (the kiosk's own thread may already have delivered it).
    const std::string ctl = std::string(BIN_DIR) + "/kioskctl --config " + config.string() +
                            " --data-dir " + data.string();
    REQUIRE(std::system((ctl + " sync --until-empty --timeout 20 > /dev/null 2>&1").c_str()) == 0);
    auto received = county::list_requests(county_db);
    REQUIRE(received);
    REQUIRE(received->size() == 1);
    const auto& req = received->front();
    CHECK(req.item == "linshi");
    CHECK(req.id_number == "11010519491231002X");
    CHECK(std::find(req.missing_materials.begin(), req.missing_materials.end(),
                    "临时救助申请书。不会写的，工作人员帮您填。") ==
          req.missing_materials.end());  // ticked: the resident has it
    REQUIRE(county::post_reply(county_db, req.case_no, "done", "已发放临时救助金1000元"));

    // Later: the resident scans the receipt and sees the reply, then rates the service.
    r = run(args + " --script " +
            write_script("request-later", "scan MINGBAI:REQ:" + req.local_no + R"(
expect 办理进度
expect 办结
expect 已发放临时救助金1000元
tap 满意
expect 谢谢您的评价
)")
                .string());
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    REQUIRE(std::system((ctl + " sync --until-empty --timeout 20 > /dev/null 2>&1").c_str()) == 0);
    received = county::list_requests(county_db);
    REQUIRE(received);
    CHECK(received->front().rating == "satisfied");

    // The kiosk's files hold no full ID number or phone once the county has them.
    for (const auto& e : fs::recursive_directory_iterator(data)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        CHECK_MESSAGE(bytes.find("11010519491231002X") == std::string::npos, e.path());
        CHECK_MESSAGE(bytes.find("13800000000") == std::string::npos, e.path());
    }
}

namespace {

struct StatusCounty {
    std::unique_ptr<county::CountyServer> server;
    fs::path config;
};

StatusCounty status_county(const std::string& name) {
    const auto db = scratch(name + "-county") / "county.db";
    REQUIRE(county::import_benefits(db, fs::path(SOURCE_DIR) / "net" / "sample_benefits.csv"));
    county::CountyServerOptions server_options;
    server_options.db = db;
    server_options.token = "tok";
    auto server = county::CountyServer::start(server_options);
    REQUIRE(server);
    const auto config = scratch(name + "-config") / "kiosk.toml";
    std::ofstream(config) << "[county]\nurl = \"" << (*server)->url()
                          << "\"\ntoken = \"tok\"\nkiosk_id = \"k1\"\n";
    return {std::move(*server), config};
}

Run run_with(const fs::path& config, const std::string& name, const std::string& script) {
    return run("--config " + config.string() + " --data-dir " + scratch(name + "-data").string() +
               " --shots " + scratch(name + "-shots").string() + " --script " +
               write_script(name, script).string());
}

}  // namespace

TEST_CASE("status found: after consent, each benefit in large type, the log never has the number") {
    auto county = status_county("found");
    const auto r = run_with(county.config, "found", R"(tap 待遇查询
tap 手动输入身份证号
type 990102195803120015
tap 确定
expect 要向县民政局查
tap 同意
expect 最低生活保障
expect 每月 600.00 元
expect 每月10日前发到您的卡上
expect 下次复查：2027年3月1日
tap 完成
scan 990102194907230038
tap 同意
expect 最低生活保障（已停发）
expect 2026年6月30日停发
expect 原因：家庭收入已超过低保标准
expect 最近一次：2026年6月10日
)");
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("990102195803120015") == std::string::npos);
    CHECK(r.output.find("990102194907230038") == std::string::npos);
}

TEST_CASE("status none: a kind word and the way to apply, 不用了 asks nothing") {
    auto county = status_county("none");
    const auto r = run_with(county.config, "none", R"(scan 11010519491231002X
expect 要向县民政局查
tap 不用了
expect 请选择您要办的事
scan 11010519491231002X
tap 同意
expect 没有查到您的待遇记录
tap 申请帮办代办
expect 留个手机号
expect 1101**********002X
)");
    CHECK_MESSAGE(r.exit_code == 0, r.output);
}

TEST_CASE("status with the county down: said plainly, and a 信息查询 request can be left") {
    const auto config = scratch("down-config") / "kiosk.toml";
    std::ofstream(config) << "[county]\nurl = \"http://127.0.0.1:1\"\ntoken = \"tok\"\n";
    const auto r = run_with(config, "down", R"(scan 990102195803120015
tap 同意
expect 现在连不上县里
tap 留个查询请求
expect 留个手机号
type 13800000000
tap 下一步
tap 下一步
tap 我承诺，提交
expect 已提交
)");
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    // kioskctl says so too, and quickly, with a non-zero exit.
    const std::string ctl = std::string(BIN_DIR) + "/kioskctl --config " + config.string() +
                            " --data-dir " + scratch("down-data").string();
    CHECK(WEXITSTATUS(std::system(
              (ctl + " status query 990102195803120015 > /dev/null 2>&1").c_str())) == 1);
    FILE* p = ::popen((ctl + " request list --json").c_str(), "r");
    std::array<char, 4096> buf{};
    const std::string listed(buf.data(), std::fread(buf.data(), 1, buf.size(), p));
    ::pclose(p);
    CHECK(listed.find("信息查询") != std::string::npos);
}

TEST_CASE("idle wipe: the countdown, then home, the screenshot after shows no personal data") {
    auto county = status_county("wipe");
    const auto r = run_with(county.config, "wipe", R"(scan 990102195803120015
tap 同意
expect 每月 600.00 元
idle 61
expect 还在用吗
idle 20
expect 请选择您要办的事
expect-not 9901
expect-not 600.00
expect-not 还在用吗
shot after-wipe
)");
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(fs::exists(scratch("wipe-shots") / "after-wipe.png"));
    // Nothing of the answer was written to the kiosk's disk.
    for (const auto& e : fs::recursive_directory_iterator(scratch("wipe-data"))) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        CHECK(bytes.find("990102195803120015") == std::string::npos);
        CHECK(bytes.find("600.00") == std::string::npos);
    }
}

TEST_CASE("kioskctl status query prints what the screen would show") {
    auto county = status_county("ctl");
    const std::string ctl = std::string(BIN_DIR) + "/kioskctl --config " + county.config.string() +
                            " --data-dir " + scratch("ctl-data").string();
    FILE* p = ::popen((ctl + " status query --json 990102195803120015").c_str(), "r");
    std::array<char, 4096> buf{};
    const std::string out(buf.data(), std::fread(buf.data(), 1, buf.size(), p));
    CHECK(WEXITSTATUS(::pclose(p)) == 0);
    const auto j = nlohmann::json::parse(out);
    CHECK(j["id"] == "9901**********0015");
    CHECK(j["benefits"][0]["amount_yuan"] == "600.00");
    CHECK(j["benefits"][0]["status"] == "active");
    CHECK(out.find("990102195803120015") == std::string::npos);

    // The slip the screen prints, from the shell.
    const auto slip = scratch("ctl-slip") / "slip.bin";
    CHECK(std::system((ctl + " status query 990102195803120015 --print --printer file:" +
                       slip.string() + " > /dev/null 2>&1")
                          .c_str()) == 0);
    CHECK(fs::file_size(slip) > 1000);
}
