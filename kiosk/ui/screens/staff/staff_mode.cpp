// Staff mode: the door, the menu, the panels and the idle close.
#include "kiosk/ui/screens/staff/staff_mode.hpp"

#include <ctime>

#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

std::string clock_time(std::int64_t unix_ms) {
    const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%H:%M", &tm);
    return text;
}

}  // namespace

void StaffMode::open(core::StaffService& staff, std::string how, std::int64_t now_ms) {
    pin_.clear();
    pin_message_.clear();
    opened_ = false;
    last_touch_ms_ = now_ms;
    attempt_.reset();
    door_ = staff.knock();
    page_ = Page::knocking;
    staff.record("staff.door", "asked", how);
    base_how_ = std::move(how);
}

void StaffMode::close(core::StaffService* staff, std::string_view why) {
    if (staff && opened_) staff->record("staff.close", std::string(why), base_how_);
    pin_.clear();
    pin_message_.clear();
    door_.reset();
    attempt_.reset();
    opened_ = false;
    page_ = Page::closed;
}

void StaffMode::take_door(const core::StaffService::Door& door) {
    using State = core::StaffService::Door::State;
    switch (door.state) {
        case State::ask_pin:
            page_ = Page::pin;
            return;
        case State::no_pin:
            shut_ = {"还没有设置工作人员密码",
                     "请县里的工程师在这台机器上运行：\nkioskctl staff set-pin\n设置好以后再来。"};
            break;
        case State::locked:
            shut_ = {"密码输错太多次，暂时锁住了",
                     "请在 " + clock_time(door.locked_until) +
                         " 以后再试。忘了密码，请县里的工程师重新设置。"};
            break;
        case State::failed:
            shut_ = {"现在打不开工作人员模式", "本机的记录读不出来。请联系县里的工程师。"};
            break;
    }
    page_ = Page::shut;
}

void StaffMode::take_attempt(const core::StaffService::PinResult& result) {
    using Outcome = core::StaffAccess::Attempt::Outcome;
    pin_.clear();
    if (!result) {
        take_door({core::StaffService::Door::State::failed, 0, result.error()});
        return;
    }
    switch (result->outcome) {
        case Outcome::opened:
            opened_ = true;
            page_ = Page::menu;
            menu_scroll_.reset();
            return;
        case Outcome::wrong:
            pin_message_ = "密码不对，还能再试 " + std::to_string(result->tries_left) + " 次";
            return;
        case Outcome::locked:
            take_door({core::StaffService::Door::State::locked, result->locked_until, {}});
            return;
        case Outcome::no_pin:
            take_door({core::StaffService::Door::State::no_pin, 0, {}});
            return;
    }
}

void StaffMode::go(Page page, Context& ctx, core::StaffService& staff) {
    page_ = page;
    switch (page) {
        case Page::printer:
            printer_.enter(staff);
            break;
        case Page::queue:
            queue_.enter(ctx, staff);
            break;
        case Page::content:
            content_.enter();
            break;
        case Page::ledger:
            ledger_.enter(ctx, staff);
            break;
        case Page::noticeboard:
            noticeboard_.enter();
            break;
        case Page::device:
            device_.enter(ctx, staff);
            break;
        case Page::settings:
            settings_.enter(ctx);
            break;
        case Page::menu:
            menu_scroll_.reset();
            break;
        default:
            break;
    }
}

bool StaffMode::waiting() const {
    switch (page_) {
        case Page::knocking:
            return true;
        case Page::pin:
            return attempt_.asked() && !attempt_.ready();
        case Page::printer:
            return printer_.waiting();
        case Page::queue:
            return queue_.waiting();
        case Page::content:
            return content_.waiting();
        case Page::ledger:
            return ledger_.waiting();
        case Page::noticeboard:
            return noticeboard_.waiting();
        case Page::device:
            return device_.waiting();
        case Page::settings:
            return settings_.waiting();
        default:
            return false;
    }
}

std::optional<std::int64_t> StaffMode::deadline_ms() const {
    if (!active()) return std::nullopt;
    return last_touch_ms_ + core::kStaffIdleMs;
}

bool StaffMode::draw(Context& ctx, core::StaffService& staff) {
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsAnyMouseDown() || !io.InputQueueCharacters.empty()) last_touch_ms_ = ctx.now_ms;
    if (ctx.now_ms - last_touch_ms_ >= core::kStaffIdleMs) {
        close(&staff, "idle");
        return false;
    }
    switch (page_) {
        case Page::closed:
            return false;
        case Page::knocking: {
            const auto bar = top_bar(ctx, "工作人员");
            const auto& [c, pad, gap, inner, touch] = ctx.measures();
            paragraph(ctx, ImVec2(pad, bar.height + pad * 2), inner, "请稍等…", ctx.fonts.heading,
                      c.text_muted);
            if (bar.back) close(&staff, "back");
            if (const auto* door = door_.get()) {
                take_door(*door);
                door_.reset();
            }
            break;
        }
        case Page::pin: {
            if (const auto* result = attempt_.get()) {
                take_attempt(*result);
                attempt_.reset();
                if (page_ != Page::pin) break;
            }
            const bool busy = attempt_.asked();
            const auto r = draw_pin_pad(ctx, pin_, pin_message_, busy);
            if (r.back && !busy) {
                close(&staff, "back");
            } else if (r.submit && !busy) {
                pin_message_.clear();
                attempt_ = staff.try_pin(pin_.secret());
                pin_.clear();
            }
            break;
        }
        case Page::shut:
            if (draw_door_shut(ctx, shut_)) close(&staff, "back");
            break;
        case Page::menu:
            switch (draw_staff_menu(ctx, menu_scroll_)) {
                case StaffChoice::exit:
                    close(&staff, "exit");
                    break;
                case StaffChoice::printer:
                    go(Page::printer, ctx, staff);
                    break;
                case StaffChoice::queue:
                    go(Page::queue, ctx, staff);
                    break;
                case StaffChoice::content:
                    go(Page::content, ctx, staff);
                    break;
                case StaffChoice::ledger:
                    go(Page::ledger, ctx, staff);
                    break;
                case StaffChoice::noticeboard:
                    go(Page::noticeboard, ctx, staff);
                    break;
                case StaffChoice::device:
                    go(Page::device, ctx, staff);
                    break;
                case StaffChoice::settings:
                    go(Page::settings, ctx, staff);
                    break;
                case StaffChoice::none:
                    break;
            }
            break;
        case Page::printer:
            if (printer_.draw(ctx, staff).back) go(Page::menu, ctx, staff);
            break;
        case Page::queue:
            if (queue_.draw(ctx, staff).back) go(Page::menu, ctx, staff);
            break;
        case Page::content:
            if (content_.draw(ctx, staff).back) go(Page::menu, ctx, staff);
            break;
        case Page::ledger:
            if (ledger_.draw(ctx, staff).back) go(Page::menu, ctx, staff);
            break;
        case Page::noticeboard:
            if (noticeboard_.draw(ctx, staff).back) go(Page::menu, ctx, staff);
            break;
        case Page::device:
            if (device_.draw(ctx, staff).back) go(Page::menu, ctx, staff);
            break;
        case Page::settings:
            if (settings_.draw(ctx, staff).back) go(Page::menu, ctx, staff);
            break;
    }
    return active();
}

std::string StaffMode::page_name() const {
    switch (page_) {
        case Page::closed:
            return "closed";
        case Page::knocking:
            return "knocking";
        case Page::pin:
            return "pin";
        case Page::shut:
            return "shut";
        case Page::menu:
            return "menu";
        case Page::printer:
            return "printer";
        case Page::queue:
            return "queue";
        case Page::content:
            return "content";
        case Page::ledger:
            return "ledger";
        case Page::noticeboard:
            return "noticeboard";
        case Page::device:
            return "device";
        case Page::settings:
            return "settings";
    }
    return "?";
}

}  // namespace kiosk::ui
