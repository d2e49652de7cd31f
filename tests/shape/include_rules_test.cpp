// The shape of the tree, checked on every build: the screens reach everything through kiosk/core
// (the values they draw too, under core's names in kiosk/core/screen_values.hpp), only kiosk/app
// includes SDL, only kiosk/app and kiosk/ui include ImGui, and the kiosk's own code never includes
// the county server's HTTP library. A file that breaks a rule fails this test, naming the file, the
// line and the rule.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

bool starts_with_any(const std::string& s, std::initializer_list<const char*> prefixes) {
    for (const char* p : prefixes) {
        if (s.starts_with(p)) return true;
    }
    return false;
}

bool is_sdl(const std::string& header) {
    return header.starts_with("SDL") || header.starts_with("SDL2/") ||
           header.starts_with("imgui_impl_sdl");
}

bool is_imgui(const std::string& header) {
    return header.starts_with("imgui");
}

// The rules for one file, given its path from the project root and its text.
std::vector<std::string> violations(const std::string& path, const std::string& text) {
    const bool ui = path.starts_with("kiosk/ui/");
    const bool app = path.starts_with("kiosk/app/");
    const bool county = path.starts_with("net/county/");
    static const std::regex include_line(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        std::smatch m;
        if (!std::regex_search(line, m, include_line)) continue;
        const bool quoted = m[1] == "\"";
        const std::string header = m[2];
        const std::string where = path + ":" + std::to_string(n) + ": " + header + ": ";
        if (is_sdl(header) && !app) out.push_back(where + "only kiosk/app includes SDL");
        if (is_imgui(header) && !is_sdl(header) && !app && !ui) {
            out.push_back(where + "only kiosk/app and kiosk/ui include ImGui");
        }
        if (header == "httplib.h" && !county) {
            out.push_back(where + "only the county server (net/county) uses cpp-httplib");
        }
        if (quoted && (ui || app)) {
            const bool allowed =
                starts_with_any(header, {"kiosk/core/", "kiosk/ui/", "themes/", "base/"}) ||
                (app && header.starts_with("kiosk/app/"));
            if (!allowed) {
                out.push_back(where + "the screens and the app reach " +
                              header.substr(0, header.find('/')) + "/ through kiosk/core");
            }
        }
    }
    return out;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("the rules catch what they are meant to catch") {
    CHECK(violations("kiosk/ui/screens/x.cpp", "#include \"net/outbox.hpp\"\n").size() == 1);
    CHECK(violations("kiosk/ui/x.cpp", "#include \"printer/print_worker.hpp\"\n").size() == 1);
    CHECK(violations("kiosk/app/x.cpp", "  #  include \"scanner/payload.hpp\"\n").size() == 1);
    // Values too: a screen takes them under core's names.
    CHECK(violations("kiosk/ui/x.hpp", "#include \"printer/qr_code.hpp\"\n").size() == 1);
    CHECK(violations("kiosk/ui/x.hpp", "#include \"scanner/id_number.hpp\"\n").size() == 1);
    CHECK(violations("kiosk/ui/x.cpp", "#include <SDL.h>\n").size() == 1);
    CHECK(violations("kiosk/core/x.cpp", "#include <imgui.h>\n").size() == 1);
    CHECK(violations("printer/x.cpp", "#include <SDL2/SDL_events.h>\n").size() == 1);
    CHECK(violations("net/x.cpp", "#include <httplib.h>\n").size() == 1);
    // What is allowed stays allowed.
    CHECK(violations("kiosk/ui/x.cpp",
                     "#include <imgui.h>\n#include \"kiosk/core/worker.hpp\"\n"
                     "#include \"kiosk/core/screen_values.hpp\"\n#include \"base/log.hpp\"\n")
              .empty());
    CHECK(violations("kiosk/app/x.cpp", "#include <SDL.h>\n#include \"kiosk/app/script.hpp\"\n")
              .empty());
    CHECK(violations("net/county/routes.cpp", "#include <httplib.h>\n").empty());
    CHECK(violations("kiosk/tools/kioskctl/x.cpp",
                     "#include \"printer/emulator/escpos_emulator.hpp\"\n")
              .empty());
}

TEST_CASE(
    "every source file keeps the shape: screens through core, SDL in app, ImGui in app and ui") {
    const fs::path root = SOURCE_DIR;
    std::vector<std::string> all;
    std::size_t files = 0;
    for (const char* folder : {"base", "themes", "printer", "scanner", "net", "kiosk"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h")) {
                continue;
            }
            ++files;
            const std::string rel = fs::relative(entry.path(), root).generic_string();
            for (auto& v : violations(rel, read_file(entry.path()))) all.push_back(std::move(v));
        }
    }
    CHECK(files > 100);
    std::string list;
    for (const auto& v : all) list += "\n  " + v;
    CHECK_MESSAGE(all.empty(), "files that break the shape:", list);
}
