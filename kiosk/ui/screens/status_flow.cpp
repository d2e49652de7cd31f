// 待遇查询.
#include "kiosk/ui/screens/status_flow.hpp"

#include "base/log.hpp"
#include "kiosk/core/calendar.hpp"
#include "kiosk/core/sheets.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

constexpr std::int64_t kGiveUpMs = 8000;  // then the resident is told, not kept waiting

std::string cn_date(const std::string& iso) {
    const auto d = base::parse_date(iso);
    return d ? std::to_string(d->year) + "年" + core::chinese_date(*d, false) : iso;
}

std::string item_name(const Context& ctx, const std::string& id) {
    return core::item_name_or_id(*ctx.content, id);
}

}  // namespace

std::string_view StatusFlow::step_name() const {
    switch (step_) {
        case Step::identify:
            return "identify";
        case Step::keypad:
            return "keypad";
        case Step::consent:
            return "consent";
        case Step::waiting:
            return "waiting";
        case Step::results:
            return "results";
        case Step::none:
            return "none";
        case Step::unreachable:
            return "unreachable";
    }
    return "?";
}

void StatusFlow::go(Step s) {
    step_ = s;
    scroll_.reset();
}

void StatusFlow::reset() {
    go(Step::identify);
    entry_.clear();
    id_.reset();
    query_.reset();
    benefits_.clear();
    slip_job_.reset();
}

void StatusFlow::on_id(core::IdNumber id) {
    id_ = std::move(id);
    entry_.clear();
    go(Step::consent);
}

StatusFlow::Result StatusFlow::draw(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const float button_h = ctx.px(ctx.theme.min_touch_target);
    switch (step_) {
        case Step::identify: {
            const auto bar = top_bar(ctx, "待遇查询");
            if (bar.back) return {true, std::nullopt};
            float y = bar.height + pad * 2;
            y += paragraph(ctx, ImVec2(pad, y), inner, "请刷身份证，或者扫身份证上的号码。",
                           ctx.fonts.heading, c.text) +
                 gap;
            y += paragraph(ctx, ImVec2(pad, y), inner, "屏幕上只显示号码的前4位和后4位。",
                           ctx.fonts.body, c.text_muted) +
                 gap;
            if (button(ctx, ImVec2(pad, y), ImVec2(inner, button_h), "手动输入身份证号",
                       ButtonKind::secondary)) {
                entry_.clear();
                go(Step::keypad);
            }
            return {};
        }
        case Step::keypad: {
            auto r = draw_id_keypad(ctx, entry_);
            if (r.back) {
                entry_.clear();
                go(Step::identify);
            } else if (r.confirmed) {
                on_id(*r.confirmed);
            }
            return {};
        }
        case Step::consent: {
            const auto bar = top_bar(ctx, "待遇查询");
            if (bar.back) {
                reset();
                return {true, std::nullopt};
            }
            float y = bar.height + pad * 2;
            y += paragraph(ctx, ImVec2(pad, y), inner, "身份证号：" + id_->masked(),
                           ctx.fonts.heading, c.text) +
                 gap;
            y += paragraph(ctx, ImVec2(pad, y), inner,
                           "要向县民政局查您家享受的救助：哪一项、每月多少钱、什么时候发、有没有停"
                           "发。本机不保存查到的内容。",
                           ctx.fonts.heading, c.text) +
                 gap * 2;
            const float half = (inner - gap) / 2;
            if (button(ctx, ImVec2(pad, y), ImVec2(half, button_h * 1.2f), "不用了",
                       ButtonKind::secondary)) {
                reset();
                return {true, std::nullopt};
            }
            if (button(ctx, ImVec2(pad + half + gap, y), ImVec2(half, button_h * 1.2f), "同意")) {
                if (ctx.benefits && ctx.benefits->available()) {
                    query_ = ctx.benefits->ask(*id_);
                    started_ms_ = ctx.now_ms;
                    go(Step::waiting);
                } else {
                    go(Step::unreachable);
                }
            }
            return {};
        }
        case Step::waiting: {
            title_bar(ctx, "待遇查询");
            float y = ctx.height / 3;
            const auto elapsed = ctx.now_ms - started_ms_;
            y += paragraph(ctx, ImVec2(pad, y), inner, "正在问县里，请稍等", ctx.fonts.title,
                           c.text) +
                 gap;
            progress_bar(ctx, ImVec2(pad, y), inner, ctx.px(24),
                         static_cast<float>(elapsed) / static_cast<float>(kGiveUpMs));
            using Outcome = core::BenefitAnswer::Outcome;
            if (const auto* a = query_.get()) {
                if (!a->problem.empty())
                    base::log::warn("status", "benefit query failed: ", a->problem);
                switch (a->outcome) {
                    case Outcome::found:
                        benefits_ = a->benefits;
                        go(Step::results);
                        break;
                    case Outcome::no_record:
                    case Outcome::refused:
                        go(Step::none);
                        break;
                    case Outcome::unreachable:
                    case Outcome::malformed:
                        go(Step::unreachable);
                        break;
                }
                query_.reset();
            } else if (elapsed > kGiveUpMs) {
                base::log::warn("status", "no answer from the county in ", kGiveUpMs / 1000, " s");
                query_.reset();
                go(Step::unreachable);
            }
            return {};
        }
        case Step::results:
            return draw_results(ctx);
        case Step::none:
        case Step::unreachable: {
            const auto bar = top_bar(ctx, "待遇查询");
            float y = bar.height + pad * 2;
            const bool none = step_ == Step::none;
            y += paragraph(ctx, ImVec2(pad, y), inner,
                           none ? "没有查到您的待遇记录" : "现在连不上县里", ctx.fonts.title,
                           none ? c.text : c.danger) +
                 gap;
            y += paragraph(ctx, ImVec2(pad, y), inner,
                           none ? "家里有困难的话，可以申请。工作人员帮您办，不用跑腿。"
                                : "可以留一个查询请求，查到后工作人员告诉您。也可以过一会儿再查。",
                           ctx.fonts.heading, c.text) +
                 gap * 2;
            Result r;
            if (button(ctx, ImVec2(pad, y), ImVec2(inner, button_h),
                       none ? "申请帮办代办" : "留个查询请求")) {
                r.request = none ? std::pair<std::string, std::string>{"dibao", "登记咨询"}
                                 : std::pair<std::string, std::string>{"dibao", "信息查询"};
            }
            y += button_h + gap;
            r.home = button(ctx, ImVec2(pad, y), ImVec2(inner, button_h), "完成",
                            ButtonKind::secondary) ||
                     bar.back;
            return r;
        }
    }
    return {};
}

StatusFlow::Result StatusFlow::draw_results(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "您享受的待遇");
    Result r;
    r.home = bar.back;
    const float bottom_top = ctx.height - bottom_bar_height(ctx);
    {
        ScrollView view(ctx, "benefits", ImVec2(0, bar.height),
                        ImVec2(ctx.width, bottom_top - bar.height), scroll_);
        const ImVec2 o = view.origin();
        float y = pad;
        const float card_inner = ctx.width - pad * 4;
        y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), ctx.width - pad * 2,
                       "身份证号：" + id_->masked(), ctx.fonts.body, c.text_muted) +
             gap;
        for (const auto& b : benefits_) {
            std::vector<std::string> lines;
            const bool stopped = b.stopped;
            lines.push_back("每月 " + b.amount_yuan + " 元");
            lines.push_back("从" + cn_date(b.start_date) + "开始");
            if (!stopped) lines.push_back("每月" + std::to_string(b.pay_day) + "日前发到您的卡上");
            if (!b.last_payment_date.empty()) {
                lines.push_back("最近一次：" + cn_date(b.last_payment_date) + "，发了 " +
                                b.last_payment_yuan + " 元");
            }
            if (stopped) {
                lines.push_back(cn_date(b.stop_date) + "停发");
                lines.push_back("原因：" + b.stop_reason);
            } else if (!b.next_review.empty()) {
                lines.push_back("下次复查：" + cn_date(b.next_review));
            }
            float h = pad * 2 + ctx.fonts.title->FontSize + ctx.px(12);
            for (const auto& l : lines)
                h += paragraph_height(ctx.fonts.heading, l, card_inner) + ctx.px(10);
            panel(ctx, ImVec2(o.x + pad, o.y + y), ImVec2(ctx.width - pad * 2, h),
                  stopped ? c.surface : c.notice, stopped ? c.border : c.accent);
            float ly = o.y + y + pad;
            text_at(ctx, ImVec2(o.x + pad * 2, ly),
                    item_name(ctx, b.item) + (stopped ? "（已停发）" : ""), ctx.fonts.title,
                    stopped ? c.text_muted : c.accent, card_inner);
            ly += ctx.fonts.title->FontSize + ctx.px(12);
            for (const auto& l : lines)
                ly += paragraph(ctx, ImVec2(o.x + pad * 2, ly), card_inner, l, ctx.fonts.heading,
                                c.text) +
                      ctx.px(10);
            y += h + gap;
        }
        y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), ctx.width - pad * 2,
                       "以上以县民政局核定为准。有疑问请找工作人员。", ctx.fonts.body,
                       c.text_muted) +
             pad;
        view.set_content_height(y);
    }
    bottom_bar_background(ctx, bottom_top);
    const float button_h = ctx.px(ctx.theme.min_touch_target);
    if (ctx.printing) {
        const float half = (ctx.width - pad * 3) / 2;
        if (button(ctx, ImVec2(pad, bottom_top + pad), ImVec2(half, button_h), "打印",
                   ButtonKind::secondary)) {
            const core::BenefitSlip slip{id_->masked(), benefits_, ctx.today,
                                         ctx.config.station.name, ctx.config.station.hotline};
            slip_job_ =
                ctx.printing->print_async(core::benefit_slip(*ctx.content, slip), "待遇查询单");
        }
        r.home |=
            button(ctx, ImVec2(pad * 2 + half, bottom_top + pad), ImVec2(half, button_h), "完成");
    } else {
        r.home |= button(ctx, ImVec2(pad, bottom_top + pad), ImVec2(ctx.width - pad * 2, button_h),
                         "完成");
    }
    return r;
}

}  // namespace kiosk::ui
