// The kiosk's screens as one state machine.
#include "kiosk/ui/kiosk_ui.hpp"

#include "base/log.hpp"
#include "kiosk/core/sheets.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/screens/help_page.hpp"
#include "kiosk/ui/screens/home.hpp"
#include "kiosk/ui/screens/item_list.hpp"
#include "kiosk/ui/screens/item_page.hpp"
#include "kiosk/ui/screens/print_preview.hpp"
#include "kiosk/ui/screens/printing.hpp"
#include "kiosk/ui/screens/request_status.hpp"
#include "kiosk/ui/screens/scan_notice.hpp"
#include "kiosk/ui/screens/scan_page.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

KioskUi::KioskUi(UiOptions options)
    : options_(std::move(options)), theme_(options_.standard_theme) {}

void KioskUi::go(Screen screen) {
    if (screen == Screen::home) list_scroll_.reset();
    corner_held_since_ms_.reset();  // a finger on the corner counts only while home is up
    screen_ = screen;
    scroll_.reset();
}

namespace {

// A notice sits in a window of its own over the whole screen, above the page and its scrolled
// regions, and takes the focus. End it with ImGui::End().
void begin_overlay(Context& ctx, const char* name) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ctx.width, ctx.height));
    ImGui::SetNextWindowFocus();
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
}

}  // namespace

void KioskUi::notice(std::string title, std::string body) {
    notice_title_ = std::move(title);
    notice_body_ = std::move(body);
    scan_notice_ = true;
}

void KioskUi::watch_staff_corner(Context& ctx) {
    const ImGuiIO& io = ImGui::GetIO();
    // The header's top right corner holds the date, nothing to tap: a finger resting there for
    // three seconds is no resident's accident.
    const float size = ctx.px(ctx.theme.min_touch_target) * 1.5f;
    auto in_corner = [&](ImVec2 p) { return p.x >= ctx.width - size && p.y <= size && p.y >= 0; };
    if (!io.MouseDown[0] || !in_corner(io.MouseClickedPos[0]) || !in_corner(io.MousePos)) {
        corner_held_since_ms_.reset();
        return;
    }
    if (!corner_held_since_ms_) corner_held_since_ms_ = ctx.now_ms;
    if (ctx.now_ms - *corner_held_since_ms_ >= kStaffHoldMs) {
        corner_held_since_ms_.reset();
        open_staff(ctx, "gesture");
    }
}

void KioskUi::open_staff(Context& ctx, std::string how) {
    if (!ctx.staff) return;
    reset_session();
    staff_.open(*ctx.staff, std::move(how), ctx.now_ms);
    go(Screen::staff);
}

std::optional<std::int64_t> KioskUi::next_deadline_ms() const {
    if (screen_ == Screen::staff) return staff_.deadline_ms();
    if (screen_ == Screen::home && !scan_notice_ && corner_held_since_ms_) {
        return *corner_held_since_ms_ + kStaffHoldMs;
    }
    return std::nullopt;
}

void KioskUi::frame(Context& ctx) {
    ctx_has_county_ = ctx.benefits && ctx.benefits->available();
    staff_service_ = ctx.staff;
    if (staff_card_) {
        std::string how = "card" + (staff_card_->empty() ? "" : ":" + *staff_card_);
        staff_card_.reset();
        open_staff(ctx, std::move(how));
    }
    // Core keeps the scanned request in memory only while its screen is up.
    if (ctx.requests && watching_ != (screen_ == Screen::request_status ? request_no_ : "")) {
        if (screen_ == Screen::request_status) {
            ctx.requests->watch(request_no_);
            watching_ = request_no_;
        } else {
            ctx.requests->unwatch();
            watching_.clear();
        }
    }
    constexpr ImGuiWindowFlags kFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ctx.width, ctx.height));
    ImGui::Begin("kiosk", nullptr, kFlags);

    // While a notice is up, the screen under it shows but does not react.
    ImGui::BeginDisabled(scan_notice_);
    switch (screen_) {
        case Screen::home: {
            const bool elder_on = options_.elder_theme && theme_ == *options_.elder_theme;
            const HomeModel model{options_.elder_theme.has_value(), elder_on};
            switch (draw_home(ctx, model, scroll_)) {
                case HomeAction::toggle_elder:
                    theme_ = elder_on ? options_.standard_theme : *options_.elder_theme;
                    break;
                case HomeAction::open_items:
                    go(Screen::item_list);
                    break;
                case HomeAction::open_help:
                    go(Screen::help);
                    break;
                case HomeAction::open_scan:
                    go(Screen::scan);
                    break;
                case HomeAction::open_status:
                    status_flow_.reset();
                    go(Screen::status);
                    break;
                case HomeAction::open_request:
                    request_flow_.reset();
                    go(Screen::request);
                    break;
                case HomeAction::none:
                    break;
            }
            break;
        }
        case Screen::item_list: {
            const auto r = draw_item_list(ctx, list_scroll_);
            if (r.back) {
                go(Screen::home);
            } else if (r.open) {
                item_id_ = *r.open;
                go(Screen::item_page);
            }
            break;
        }
        case Screen::item_page: {
            const auto* item = ctx.content->item(item_id_);
            if (!item) {  // content changed underneath: the list is the safe place to land
                go(Screen::item_list);
                break;
            }
            const auto r = draw_item_page(ctx, *item, scroll_);
            if (r.home) {
                go(Screen::home);
            } else if (r.back) {
                go(Screen::item_list);
            } else if (r.print && ctx.printing) {
                // Laid out on core's layout worker; the preview shows once it is ready.
                preparing_ = ctx.printing->prepare_async(
                    core::item_sheet(*ctx.content, *item, ctx.today), "明白纸 " + item->id);
                preparing_since_ms_ = ctx.now_ms;
                go(Screen::preparing);
            }
            break;
        }
        case Screen::preparing:
            draw_preparing(ctx);
            break;
        case Screen::print_preview: {
            if (!prepared_) {
                go(Screen::item_page);
                break;
            }
            const auto r = draw_print_preview(ctx, *prepared_, scroll_);
            if (r.back) {
                drop_preview(ctx);
                go(Screen::item_page);
            } else if (r.print) {
                print_job_ = ctx.printing->print_async(prepared_);
                drop_preview(ctx);
                go(Screen::printing);
            }
            break;
        }
        case Screen::scan: {
            const auto r = draw_scan_page(ctx);
            if (r.back) {
                go(Screen::home);
            } else if (r.keypad) {
                id_entry_.clear();
                go(Screen::id_keypad);
            }
            break;
        }
        case Screen::id_keypad: {
            const auto r = draw_id_keypad(ctx, id_entry_);
            if (r.back) {
                id_entry_.clear();
                go(Screen::scan);
            } else if (r.confirmed) {
                id_entry_.clear();
                if (ctx_has_county_) {
                    status_flow_.reset();
                    status_flow_.on_id(*r.confirmed);
                    go(Screen::status);
                } else {
                    id_ = r.confirmed;
                    go(Screen::id_result);
                }
            }
            break;
        }
        case Screen::id_result: {
            if (!id_ || draw_id_result(ctx, {id_->masked()}).home) {
                id_.reset();
                go(Screen::home);
            }
            break;
        }
        case Screen::status: {
            const auto r = status_flow_.draw(ctx);
            if (r.request && status_flow_.id()) {
                request_flow_.start_with(r.request->first, r.request->second, *status_flow_.id());
                status_flow_.reset();
                go(Screen::request);
            } else if (r.home) {
                status_flow_.reset();
                go(Screen::home);
            }
            break;
        }
        case Screen::request: {
            if (request_flow_.draw(ctx).home) {
                request_flow_.reset();
                go(Screen::home);
            }
            break;
        }
        case Screen::request_status:
            draw_request_status_screen(ctx);
            break;
        case Screen::printing: {
            const auto job =
                print_job_ && ctx.printing ? ctx.printing->job(*print_job_) : std::nullopt;
            const auto r = draw_printing(ctx, job);
            if (r.home) {
                go(Screen::home);
            } else if (r.back) {
                go(ctx.content->item(item_id_) ? Screen::item_page : Screen::item_list);
            }
            break;
        }
        case Screen::help: {
            const auto& qr = ctx.content->help.qr;
            if (draw_help_page(ctx, qr ? &*qr : nullptr, scroll_).back) {
                go(Screen::home);
            }
            break;
        }
        case Screen::staff:
            if (!ctx.staff || !staff_.draw(ctx, *ctx.staff)) go(Screen::home);
            break;
    }
    ImGui::EndDisabled();
    ImGui::End();
    if (screen_ == Screen::home && !scan_notice_) watch_staff_corner(ctx);

    // The idle countdown: big, plain, and any touch ends it (the app sees the touch).
    if (idle_countdown_) {
        begin_overlay(ctx, "idle");
        draw_scan_notice(ctx, "还在用吗？",
                         "点一下屏幕就能接着用。" + std::to_string(*idle_countdown_) +
                             "秒后回到首页，您的信息会清除。");
        ImGui::End();
    }
    if (scan_notice_) {
        begin_overlay(ctx, "notice");
        if (draw_scan_notice(ctx, notice_title_, notice_body_)) scan_notice_ = false;
        ImGui::End();
    }
}

void KioskUi::draw_preparing(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    title_bar(ctx, "打印明白纸");
    float y = ctx.height / 3;
    y += paragraph(ctx, ImVec2(pad, y), inner, "正在准备明白纸，请稍等", ctx.fonts.title, c.text) +
         gap;
    const float phase = static_cast<float>((ctx.now_ms - preparing_since_ms_) % 1500) / 1500.0f;
    progress_bar(ctx, ImVec2(pad, y), inner, ctx.px(24), phase);
    const auto* result = preparing_.get();
    if (!result) return;
    if (*result) {
        prepared_ = **result;
        go(Screen::print_preview);
    } else {
        print_job_.reset();  // the printing screen says plainly that nothing was printed
        go(Screen::printing);
    }
    preparing_.reset();
}

void KioskUi::draw_request_status_screen(Context& ctx) {
    if (!ctx.requests) {
        notice("没找到这张回执", "本机没有这个回执号的申请。请找站里的工作人员帮您查。");
        go(Screen::home);
        return;
    }
    using State = core::WatchedRequest::State;
    const auto watched = ctx.requests->watched();
    request_loading_ = watched.state == State::none || watched.state == State::loading;
    switch (watched.state) {
        case State::none:
        case State::loading: {
            // Core reads it from disk on its worker; this shows for a frame or two.
            const auto& [c, pad, gap, inner, touch] = ctx.measures();
            title_bar(ctx, "办理进度");
            paragraph(ctx, ImVec2(pad, ctx.height / 3), inner, "正在查找…", ctx.fonts.title,
                      c.text);
            return;
        }
        case State::missing:
            notice("没找到这张回执", "本机没有这个回执号的申请。请找站里的工作人员帮您查。");
            go(Screen::home);
            return;
        case State::failed:
            // The log line is what staff and the county's technician read (journald).
            base::log::error("request", request_no_, " cannot be read: ", watched.error);
            notice("现在查不了", "本机出了点问题。请找站里的工作人员帮您查。");
            go(Screen::home);
            return;
        case State::found:
            break;
    }
    const auto r = draw_request_status(ctx, *watched.view);
    if (r.rating) ctx.requests->rate_async(request_no_, *r.rating);
    if (r.home) go(Screen::home);
}

void KioskUi::on_scan(core::ScanEvent scan) {
    using Kind = core::ScanEvent::Kind;
    // Staff mode ends with a resident's scan (and its end is logged); a staff card opens it anew.
    if (staff_.active()) {
        staff_.close(staff_service_, "scan");
        go(Screen::home);
    }
    scan_notice_ = false;
    switch (scan.kind) {
        case Kind::item:
            // A 明白纸 code opens its page, from wherever the resident is.
            item_id_ = scan.target;
            go(Screen::item_page);
            break;
        case Kind::id: {
            auto& id = scan.id;
            // The request flow waiting for an ID takes it.
            if (screen_ == Screen::request && request_flow_.wants_id() && id) {
                request_flow_.on_id(std::move(*id));
                break;
            }
            if (screen_ == Screen::status && status_flow_.wants_id() && id) {
                status_flow_.on_id(std::move(*id));
                break;
            }
            // Another resident's card ends the last session first.
            request_flow_.reset();
            status_flow_.reset();
            prepared_.reset();
            preparing_.reset();
            print_job_.reset();
            id_entry_.clear();
            id_.reset();
            if (!ctx_has_county_ || !id) {
                id_ = std::move(id);
                go(Screen::id_result);
                break;
            }
            status_flow_.on_id(std::move(*id));
            go(Screen::status);
            break;
        }
        case Kind::request:
            request_no_ = scan.target;
            request_loading_ = true;
            go(Screen::request_status);
            break;
        case Kind::staff:
            // Opened at the next frame, where core's staff service is at hand.
            staff_card_ = scan.target;
            break;
        case Kind::unknown:
            notice("扫到了一个码", "这个码本机还不认识。请找站里的工作人员看看。");
            break;
    }
}

void KioskUi::drop_preview(Context& ctx) {
    prepared_.reset();
    if (ctx.textures) ctx.textures->release_all();
}

void KioskUi::reset_session() {
    if (staff_.active()) staff_.close(staff_service_, "reset");
    go(Screen::home);
    prepared_.reset();
    preparing_.reset();
    print_job_.reset();
    item_id_.clear();
    theme_ = options_.standard_theme;
    scan_notice_ = false;
    id_entry_.clear();
    id_.reset();
    request_flow_.reset();
    status_flow_.reset();
    request_no_.clear();
}

bool KioskUi::in_session() const {
    // Staff mode keeps its own idle close (two minutes), and no resident's data is on screen.
    if (screen_ == Screen::staff) return false;
    return screen_ != Screen::home || scan_notice_ || theme_ != options_.standard_theme;
}

KioskUi::Animation KioskUi::animation() const {
    if (scroll_.animating() || list_scroll_.animating()) return Animation::moving;
    const bool waiting = screen_ == Screen::preparing ||
                         (screen_ == Screen::status && status_flow_.waiting()) ||
                         (screen_ == Screen::request && request_flow_.waiting()) ||
                         (screen_ == Screen::request_status && request_loading_) ||
                         (screen_ == Screen::staff && staff_.waiting());
    return waiting ? Animation::waiting : Animation::none;
}

std::string KioskUi::screen_name() const {
    if (scan_notice_) return "scan-notice";
    switch (screen_) {
        case Screen::home:
            return "home";
        case Screen::item_list:
            return "item-list";
        case Screen::item_page:
            return "item-page";
        case Screen::preparing:
            return "preparing";
        case Screen::help:
            return "help";
        case Screen::print_preview:
            return "print-preview";
        case Screen::printing:
            return "printing";
        case Screen::scan:
            return "scan";
        case Screen::id_keypad:
            return "id-keypad";
        case Screen::id_result:
            return "id-result";
        case Screen::request:
            return "request:" + std::string(request_flow_.step_name());
        case Screen::request_status:
            return "request-status";
        case Screen::status:
            return "status:" + std::string(status_flow_.step_name());
        case Screen::staff:
            return "staff:" + staff_.page_name();
    }
    return "?";
}

}  // namespace kiosk::ui
