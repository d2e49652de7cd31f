// Tests kioskctl as integrators and scripts use it: the content, bundle and calendar commands,
// their output formats and their errors.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>
#include <nlohmann/json.hpp>

#include "base/date.hpp"
#include "support/run_command.hpp"

namespace fs = std::filesystem;

namespace {

using test::Run;

fs::path scratch(const std::string& name) {
    const auto dir =
        fs::temp_directory_path() / ("mingbai-ctl-" + std::to_string(::getpid())) / name;
    fs::create_directories(dir);
    return dir;
}

// kioskctl with `config` (default: the tests' own) and a data folder of the tests'.
Run ctl(const std::string& args,
        const fs::path& config = fs::path(TEST_DATA_DIR) / "config" / "test.toml") {
    return test::run_command(std::string(BIN_DIR) + "/kioskctl --config '" + config.string() +
                                 "' --data-dir " + scratch("data").string() + " " + args,
                             scratch("err") / "stderr.txt");
}

}  // namespace

TEST_CASE("content list prints one line per item: <id> <name>") {
    const auto r = ctl("content list");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("dibao 最低生活保障\n") == 0);
    CHECK(r.out.find("\nlinshi 临时救助\n") != std::string::npos);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 10);
}

TEST_CASE("content show prints every section, and --json gives them as data") {
    const auto text = ctl("content show dibao");
    REQUIRE(text.exit_code == 0);
    for (const char* title : {"【政策规定】", "【救助标准】", "【所需材料】", "【办理流程与时限】",
                              "【求助方式】", "【监督渠道】"}) {
        CHECK(text.out.find(title) != std::string::npos);
    }
    const auto json = ctl("content show dibao --json");
    REQUIRE(json.exit_code == 0);
    const auto j = nlohmann::json::parse(json.out);
    CHECK(j["id"] == "dibao");
    CHECK(j["name"] == "最低生活保障");
    REQUIRE(j["sections"].size() == 6);
    CHECK(j["sections"][2]["kind"] == "materials");
    CHECK(j["sections"][2]["title"] == "所需材料");
    const auto& blocks = j["sections"][2]["blocks"];
    CHECK(std::any_of(blocks.begin(), blocks.end(),
                      [](const auto& b) { return b["kind"] == "bullet"; }));
    CHECK(j["url"].get<std::string>().find("dibao") != std::string::npos);

    const auto missing = ctl("content show nosuch");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("no item \"nosuch\"") != std::string::npos);
}

TEST_CASE("content info names the version, publisher and dates") {
    const auto r = ctl("content info");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("version:   1") != std::string::npos);
    CHECK(r.out.find("publisher: 示例县民政局") != std::string::npos);
    CHECK(r.out.find("county:    示例县 (sample content)") != std::string::npos);
    CHECK(r.out.find("published: 2026-11-01") != std::string::npos);
}

TEST_CASE(
    "bundle build writes a bundle that bundle info reads, bad sources fail with file and line") {
    const auto out = scratch("build") / "x.bundle";
    const auto built =
        ctl("bundle build " + std::string(SOURCE_DIR) + "/kiosk/content " + out.string());
    REQUIRE_MESSAGE(built.exit_code == 0, built.err);
    CHECK(built.out.find("10 items") != std::string::npos);
    const auto info = ctl("bundle info " + out.string());
    CHECK(info.exit_code == 0);
    CHECK(info.out.find("items:     10") != std::string::npos);

    const auto src = scratch("bad-src");
    fs::copy(std::string(SOURCE_DIR) + "/kiosk/content", src,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    std::ofstream(src / "items" / "extra.toml") << "id = \"Bad Id\"\n";
    const auto bad =
        ctl("bundle build " + src.string() + " " + (scratch("build") / "y.bundle").string());
    CHECK(bad.exit_code == 2);
    CHECK_MESSAGE(bad.err.find("extra.toml:1: id: expected a short id") != std::string::npos,
                  bad.err);
    CHECK_FALSE(fs::exists(scratch("build") / "y.bundle"));

    std::ofstream(scratch("build") / "junk.bundle") << "junk";
    const auto junk = ctl("bundle info " + (scratch("build") / "junk.bundle").string());
    CHECK(junk.exit_code == 2);
    CHECK(junk.err.find("junk.bundle") != std::string::npos);
}

TEST_CASE("calendar next-help-day and add-working-days print YYYY-MM-DD") {
    CHECK(ctl("calendar next-help-day --from 2025-10-06").out == "2025-10-09\n");
    CHECK(ctl("calendar next-help-day --from 2025-04-06").out == "2025-04-07\n");
    CHECK(ctl("calendar add-working-days 2025-09-30 3").out == "2025-10-11\n");
    const auto beyond = ctl("calendar next-help-day --from 2027-03-01");
    CHECK(beyond.out == "2027-03-08\n");  // the 6th is a Saturday
    CHECK(beyond.err.find("does not cover 2027") != std::string::npos);
    const auto bad = ctl("calendar add-working-days 2025-02-30 3");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("expected a date as YYYY-MM-DD") != std::string::npos);
}

TEST_CASE("print writes ESC/POS for the printer, escpos render turns it into the sheet") {
    const auto bin = scratch("print") / "dibao.bin";
    const auto printed = ctl("print dibao --printer file:" + bin.string());
    REQUIRE_MESSAGE(printed.exit_code == 0, printed.err);
    CHECK(printed.out.find("printed 明白纸 dibao: ") == 0);
    const auto png = scratch("print") / "dibao.png";
    const auto rendered = ctl("escpos render " + bin.string() + " " + png.string());
    REQUIRE(rendered.exit_code == 0);
    CHECK(rendered.out.find("576x") != std::string::npos);
    CHECK(fs::exists(png));

    const auto text = ctl("print dibao --profile 80mm-text --printer file:" +
                          (scratch("print") / "t.bin").string());
    REQUIRE(text.exit_code == 0);
    CHECK(fs::file_size(scratch("print") / "t.bin") * 10 < fs::file_size(bin));

    const auto junk = scratch("print") / "junk.bin";
    std::ofstream(junk) << "\x1b\x7a\x01hello";
    const auto bad =
        ctl("escpos render " + junk.string() + " " + (scratch("print") / "junk.png").string());
    CHECK(bad.err.find("not understood") != std::string::npos);
}

TEST_CASE("printer status and test page, a missing printer is named") {
    const auto status = ctl("printer status --printer emulator:" + scratch("emu").string());
    CHECK(status.exit_code == 0);
    CHECK(status.out.find(": ready") != std::string::npos);
    const auto test = ctl("printer test --printer emulator:" + scratch("emu").string());
    CHECK(test.exit_code == 0);
    CHECK(test.out.find("printed test page") == 0);
    const auto missing = ctl("printer status --printer usb:/dev/usb/lp9");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("/dev/usb/lp9: no such device") != std::string::npos);
    const auto paper = ctl("printer paper");
    CHECK(paper.exit_code == 0);
    CHECK(paper.out.find("paper left: about") == 0);
}

TEST_CASE("id check answers one line per number, in order, and never prints a full number") {
    const auto r = ctl("id check --json 11010519491231002x 110105194912310021 12345");
    CHECK(r.exit_code == 1);
    std::istringstream lines(r.out);
    std::string line;
    std::vector<nlohmann::json> answers;
    while (std::getline(lines, line)) answers.push_back(nlohmann::json::parse(line));
    REQUIRE(answers.size() == 3);
    CHECK(answers[0]["valid"] == true);
    CHECK(answers[0]["reason"].is_null());
    CHECK(answers[0]["masked"] == "1101**********002X");
    CHECK(answers[1]["valid"] == false);
    CHECK(answers[1]["reason"] == "wrong_check");
    CHECK(answers[2]["reason"] == "wrong_length");
    CHECK(r.out.find("19491231") == std::string::npos);
    CHECK(r.out.rfind("{\"valid\":", 0) == 0);  // the documented key order
    CHECK(ctl("id check 11010519491231002X").exit_code == 0);
}

TEST_CASE("id convert15 prints the 18-digit form") {
    CHECK(ctl("id convert15 110105491231002").out == "11010519491231002X\n");
    CHECK(ctl("id convert15 12345").exit_code == 1);
}

TEST_CASE("scan finds the code on a printed 明白纸 and says what the kiosk would do") {
    const auto bin = scratch("scan") / "yiliao.bin";
    REQUIRE(ctl("print yiliao --printer file:" + bin.string()).exit_code == 0);
    const auto png = scratch("scan") / "yiliao.png";
    REQUIRE(ctl("escpos render " + bin.string() + " " + png.string()).exit_code == 0);
    const auto r =
        ctl("scan --json " + png.string() + " " + (scratch("scan") / "missing.png").string());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("missing.png") != std::string::npos);
    const auto j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
    CHECK(j["file"] == png.string());
    REQUIRE(j["codes"].size() == 1);
    CHECK(j["codes"][0]["format"] == "QRCode");
    CHECK(j["codes"][0]["text"] == "https://mz.example.gov.cn/mingbai/yiliao");
    CHECK(j["codes"][0]["action"]["kind"] == "item");
    CHECK(j["codes"][0]["action"]["id"] == "yiliao");
}

TEST_CASE(
    "request submit prints the number once durable, the ledger exports the quarter with masked "
    "IDs") {
    const auto sub =
        ctl("request submit --item dibao --service 表格填写 --id 11010519491231002X --phone "
            "13800000000 "
            "--missing 户口簿 --json");
    REQUIRE_MESSAGE(sub.exit_code == 0, sub.err);
    const auto j = nlohmann::json::parse(sub.out);
    const std::string no = j["request_no"];
    CHECK(no.rfind("A-", 0) == 0);
    CHECK(j["idempotency_key"].get<std::string>().size() == 32);
    CHECK(sub.out.rfind("{\"request_no\":", 0) == 0);

    const auto show = ctl("request show " + no);
    CHECK(show.out.find("1101**********002X") != std::string::npos);
    CHECK(show.out.find("11010519491231002X") == std::string::npos);
    CHECK(show.out.find("\"state\": \"queued\"") != std::string::npos);

    // The receipt the screen printed, printed again: its code reads back to the request.
    const auto bin = scratch("receipt") / "receipt.bin";
    const auto again = ctl("request receipt " + no + " --printer file:" + bin.string());
    REQUIRE_MESSAGE(again.exit_code == 0, again.err);
    CHECK(again.out.find("printed 回执 " + no) == 0);
    const auto png = scratch("receipt") / "receipt.png";
    REQUIRE(ctl("escpos render " + bin.string() + " " + png.string()).exit_code == 0);
    const auto scanned = ctl("scan " + png.string());
    CHECK(scanned.out.find("request " + no) != std::string::npos);
    CHECK(ctl("request receipt A-19990101-0001 --printer file:" + bin.string()).exit_code == 2);

    const auto bad_id =
        ctl("request submit --item dibao --service 表格填写 --id 110105194912310021 --phone "
            "13800000000");
    CHECK(bad_id.exit_code == 2);
    CHECK(bad_id.err.find("最后一位不对") != std::string::npos);
    const auto bad_service = ctl(
        "request submit --item dibao --service 跑腿 --id 11010519491231002X --phone 13800000000");
    CHECK(bad_service.exit_code == 2);

    const auto csv = scratch("ledger") / "q.csv";
    const auto today = base::today_local();
    const std::string quarter =
        std::to_string(today.year) + "Q" + std::to_string((today.month - 1) / 3 + 1);
    REQUIRE(ctl("ledger export --quarter " + quarter + " --csv " + csv.string()).exit_code == 0);
    std::ifstream in(csv);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("序号,委托人,帮办代办员,事项,受理时间,办理时限,办理结果,回复时间,备注") !=
          std::string::npos);
    CHECK(text.find("1101**********002X") != std::string::npos);
    CHECK(text.find("11010519491231002X") == std::string::npos);
    CHECK(text.find("最低生活保障") != std::string::npos);
    CHECK(ctl("ledger export --quarter 2025Q5 --csv " + csv.string()).exit_code == 2);
    // No county configured: sync says so instead of pretending.
    const auto sync = ctl("sync --once");
    CHECK(sync.exit_code == 2);
    CHECK(sync.err.find("no county configured") != std::string::npos);
}

TEST_CASE("config check refuses what the kiosk would refuse, naming the file, line and key") {
    struct Case {
        std::string toml;
        std::string says;  // after "FILE:2: "
    };
    const Case cases[] = {
        {"[county]\nurl = \"http://127.example.org\"\n", "county.url: expected an https://"},
        {"[county]\nurl = \"http://127.0.0.1.nip.io\"\n", "county.url: expected an https://"},
        {"[county]\nurl = \"http://127.0.0.1@evil.example\"\n", "county.url: expected an https://"},
        {"[county]\nurl = \"http://localhost.evil.example\"\n", "county.url: expected an https://"},
        {"[county]\nurl = \"https://kiosk:s3cret@county.example.cn\"\n",
         "county.url: expected no user name or password"},
        {"[county]\ntoken = \"tok\\nen\"\n", "county.token: expected"},
        {"[ui]\nfont = \"/nonexistent/NotoSansCJK.ttc\"\n", "ui.font: expected a font file"},
        {"[ui]\ntheme = \"nosuch\"\n", "ui.theme: expected one of the themes"},
        {"[printer]\nprofile = \"90mm\"\n",
         "printer.profile: expected one of the printer profiles"},
        {"[printer]\ntransport = \"serial:/dev/ttyUSB0?baud=123\"\n",
         "printer.transport: expected baud=9600, 19200"},
        {"[printer]\ntransport = \"tcp:127.0.0.1:99999\"\n",
         "printer.transport: expected a port from 1 to 65535"},
    };
    int n = 0;
    for (const auto& c : cases) {
        CAPTURE(c.toml);
        const auto config = scratch("config-check") / ("bad-" + std::to_string(++n) + ".toml");
        std::ofstream(config) << "# a config with one thing wrong\n" << c.toml;
        const auto r = ctl("config check", config);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK_MESSAGE(r.err.find("kioskctl: configuration problem: " + config.string() +
                                 ":3: " + c.says) != std::string::npos,
                      r.err);
        CHECK(r.err.find("s3cret") == std::string::npos);
    }

    const auto folder = ctl("config check", scratch("config-check"));
    CHECK(folder.exit_code == 2);
    CHECK_MESSAGE(folder.err.find(scratch("config-check").string() + ": is a folder, not a file") !=
                      std::string::npos,
                  folder.err);

    // What the kiosk takes, config check takes: this machine over plain http, a real printer.
    const auto good = scratch("config-check") / "good.toml";
    std::ofstream(good) << "[county]\nurl = \"http://[::1]:18090\"\ntoken = \"county-token-1\"\n"
                        << "[printer]\ntransport = \"serial:/dev/ttyUSB0?baud=9600\"\n"
                        << "profile = \"58mm\"\n";
    const auto ok = ctl("config check", good);
    CHECK_MESSAGE(ok.exit_code == 0, ok.err);
    CHECK(ok.out.find("ok: " + good.string()) == 0);
}

TEST_CASE("config show writes TOML that reads back to the same values, the token not shown") {
    const auto config = scratch("config-show") / "kiosk.toml";
    std::ofstream(config)
        << "[station]\n"
        << "name = \"幸福村 \\\"一站式\\\" 服务站\"\n"
        << "welcome = \"\"\"第一行\n第二行 \\\\ 反斜杠\ttab\"\"\"\n"
        << "staff = 'C:\\staff \"张三\"'\n"
        << "[scanner]\ndevices = [\"serial:/dev/ttyACM0\", \"evdev:/dev/input/x\"]\n"
        << "[county]\nurl = \"https://county.example.cn\"\n"
        << "token = \"county-secret-token\"\n";
    const auto shown = ctl("config show", config);
    REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
    CHECK(shown.out.find("county-secret-token") == std::string::npos);
    CHECK(shown.out.find("# token is set; not shown") != std::string::npos);

    toml::table read_back;
    try {
        read_back = toml::parse(shown.out);
    } catch (const toml::parse_error& e) {
        const std::string why = std::string("config show is not valid TOML: ") +
                                std::string(e.description()) + "\n" + shown.out;
        FAIL(why);
    }
    CHECK(read_back["station"]["name"].value_or(std::string()) == "幸福村 \"一站式\" 服务站");
    CHECK(read_back["station"]["welcome"].value_or(std::string()) ==
          "第一行\n第二行 \\ 反斜杠\ttab");
    CHECK(read_back["station"]["staff"].value_or(std::string()) == "C:\\staff \"张三\"");
    CHECK(read_back["county"]["url"].value_or(std::string()) == "https://county.example.cn");
    CHECK_FALSE(read_back["county"]["token"]);
    const auto* devices = read_back["scanner"]["devices"].as_array();
    REQUIRE(devices);
    REQUIRE(devices->size() == 2);
    CHECK((*devices)[1].value_or(std::string()) == "evdev:/dev/input/x");

    // And the kiosk reads it as the same configuration, but for the token it was not shown.
    const auto again_file = scratch("config-show") / "again.toml";
    std::ofstream(again_file) << shown.out;
    const auto again = ctl("config show", again_file);
    REQUIRE_MESSAGE(again.exit_code == 0, again.err);
    std::string expected = shown.out.substr(shown.out.find('\n'));
    const std::string hidden = "# token is set; not shown";
    expected.replace(expected.find(hidden), hidden.size(), "token = \"\"");
    CHECK(again.out.substr(again.out.find('\n')) == expected);
}

TEST_CASE("a bad printer spec is bad input: exit 2 naming the spec, on every command taking one") {
    const std::string port = "tcp:127.0.0.1:99999";
    const std::string baud = "'serial:/dev/null?baud=123'";
    const std::string commands[] = {
        "print dibao --printer " + port,
        "print dibao --printer " + baud,
        "printer status --printer " + port,
        "printer test --printer " + baud,
        "request receipt A-19990101-0001 --printer " + port,
        "status query 11010519491231002X --print --printer " + port,
        "print dibao --printer lpt:1",
    };
    for (const auto& command : commands) {
        CAPTURE(command);
        const auto r = ctl(command);
        CHECK(r.exit_code == 2);
        CHECK_MESSAGE(r.err.find("kioskctl: --printer: bad printer spec \"") != std::string::npos,
                      r.err);
        CHECK(r.err.find("Connection refused") == std::string::npos);
    }
    const auto r = ctl("print dibao --printer " + port);
    CHECK(r.err.find("bad printer spec \"" + port + "\": expected a port from 1 to 65535") !=
          std::string::npos);
}

TEST_CASE(
    "config set changes values in the file in place and prints them as the kiosk reads them") {
    const auto dir = scratch("config-set");
    const auto config = dir / "kiosk.toml";
    fs::copy_file(fs::path(SOURCE_DIR) / "image" / "kiosk.toml", config,
                  fs::copy_options::overwrite_existing);
    const auto set =
        ctl("config set ui.volume 70 station.name '幸福村 \"一站式\"' ui.volume 65", config);
    REQUIRE_MESSAGE(set.exit_code == 0, set.err);
    CHECK(set.out == "ui.volume = 65\nstation.name = \"幸福村 \\\"一站式\\\"\"\n");
    std::ifstream in(config);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("# `kioskctl config check` reads it as the kiosk would.\n") !=
          std::string::npos);
    CHECK(text.find("\nvolume = 65                         # percent") != std::string::npos);
    const auto shown = ctl("config show", config);
    CHECK(shown.out.find("\nvolume = 65\n") != std::string::npos);
    CHECK(shown.out.find("\nname = \"幸福村 \\\"一站式\\\"\"\n") != std::string::npos);

    // No file yet: one is made with just the change.
    const auto fresh = dir / "new.toml";
    fs::remove(fresh);
    const auto made = ctl("config set county.url https://county.example.cn", fresh);
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    CHECK(made.out == "county.url = \"https://county.example.cn\"\n");
    CHECK(ctl("config check", fresh).exit_code == 0);
}

TEST_CASE("config set refuses a bad value with the kiosk's own words, the file left as it was") {
    const auto dir = scratch("config-set-bad");
    const auto config = dir / "kiosk.toml";
    const std::string before = "# the county's file\n[ui]\nidle_reset_seconds = 60  # a minute\n";
    std::ofstream(config) << before;
    const auto read_back = [&] {
        std::ifstream in(config);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };

    const auto bad = ctl("config set ui.idle_reset_seconds 3", config);
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.empty());
    const std::string says = config.string() +
                             ":3: ui.idle_reset_seconds: expected a whole number from 10 to "
                             "3600, got 3";
    CHECK(bad.err == "kioskctl: not changed: " + says + "\n");
    CHECK(read_back() == before);
    const auto theme = ctl("config set ui.theme nosuch", config);
    CHECK(theme.exit_code == 1);
    CHECK_MESSAGE(theme.err.find(config.string() + ":4: ui.theme: expected one of the themes") !=
                      std::string::npos,
                  theme.err);
    CHECK(read_back() == before);

    // What start-up and config check say of the same value written by hand.
    const auto by_hand = dir / "by-hand.toml";
    std::ofstream(by_hand) << "# the county's file\n[ui]\nidle_reset_seconds = 3  # a minute\n";
    const auto check = ctl("config check", by_hand);
    CHECK(check.err.find("kioskctl: configuration problem: " + by_hand.string() +
                         ":3: ui.idle_reset_seconds: expected a whole number from 10 to 3600, "
                         "got 3") != std::string::npos);

    const auto unknown = ctl("config set county.token secret", config);
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err ==
          "kioskctl: config set: \"county.token\" cannot be set: expected one of station.name, "
          "station.hotline, county.url, ui.idle_reset_seconds, ui.theme, ui.volume\n");
    CHECK(ctl("config set ui.volume", config).exit_code == 2);
    CHECK(ctl("config set ui.volume loud", config).exit_code == 2);
    CHECK(read_back() == before);

    // A disk with no room: files may not grow past 1 KiB here (SIGXFSZ ignored, as a full disk
    // fails the write, not the process).
    const auto full = test::run_command("trap '' XFSZ; ulimit -f 2; exec " + std::string(BIN_DIR) +
                                            "/kioskctl --config '" + config.string() +
                                            "' config set station.name " + std::string(2000, 'x'),
                                        dir / "full-stderr.txt");
    CHECK(full.exit_code == 1);
    CHECK(full.err == "kioskctl: not changed: " + config.string() +
                          " could not be written: the disk is full\n");
    CHECK(read_back() == before);
    CHECK_FALSE(fs::exists(config.string() + ".tmp"));
}
