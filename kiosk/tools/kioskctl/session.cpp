// What every kioskctl command shares.
#include "kiosk/tools/kioskctl/session.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/content_store.hpp"
#include "kiosk/core/data_paths.hpp"

namespace kioskctl {

const kiosk::core::Config* Session::config() {
    if (config_) return &*config_;
    if (config_failed_) return nullptr;
    const auto where = kiosk::core::locate_config(config_flag);
    auto loaded = kiosk::core::load_config(where.path, where.required);
    if (!loaded) {
        config_failed_ = true;
        fail(2, "configuration problem: ", loaded.error().describe());
        return nullptr;
    }
    kiosk::core::apply_data_dir_overrides(*loaded, data_dir_flag);
    config_ = std::move(*loaded);
    return &*config_;
}

std::optional<kiosk::core::Content> Session::content(std::string* source) {
    if (!bundle_flag.empty()) {
        auto loaded = kiosk::core::load_bundle(bundle_flag);
        if (!loaded) {
            fail(2, loaded.error());
            return std::nullopt;
        }
        if (source) *source = bundle_flag;
        return std::move(*loaded);
    }
    const auto* c = config();
    if (!c) return std::nullopt;
    auto active = kiosk::core::load_active_content(c->data_dir, kiosk::core::share_dir());
    if (!active) {
        fail(2, active.error());
        return std::nullopt;
    }
    for (const auto& why : active->refused) fail(0, "not used: ", why);
    if (source) *source = active->source.string();
    return std::move(active->content);
}

bool Session::data_dir_ready() {
    const auto* c = config();
    if (!c) return false;
    if (auto ok = kiosk::core::prepare_data_dir(c->data_dir); !ok) {
        fail(2, ok.error());
        return false;
    }
    return true;
}

const kiosk::core::Item* Session::item(const kiosk::core::Content& content, const std::string& id) {
    const auto* found = content.item(id);
    if (!found) fail(2, "no item \"", id, "\" (see `kioskctl content list`)");
    return found;
}

std::function<void(std::string_view)> crash_hook() {
    const char* env = std::getenv("MINGBAI_TEST_KILL_AT");
    if (!env || !*env) return {};
    std::string step = env;
    int nth = 1;
    if (const auto colon = step.find(':'); colon != std::string::npos) {
        nth = std::max(1, std::atoi(step.c_str() + colon + 1));
        step.resize(colon);
    }
    auto seen = std::make_shared<int>(0);
    return [step, nth, seen](std::string_view at) {
        if (at == step && ++*seen == nth) ::kill(::getpid(), SIGKILL);
    };
}

}  // namespace kioskctl
