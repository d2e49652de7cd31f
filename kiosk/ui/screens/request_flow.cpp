// 帮办代办, step by step.
#include "kiosk/ui/screens/request_flow.hpp"

#include <algorithm>
#include <array>

#include "base/log.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

// A large tick box with its text; true when tapped.
bool tick_row(Context& ctx, ImVec2 pos, float width, std::string_view text, bool ticked,
              float* height) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const float box = ctx.px(ctx.theme.min_touch_target) * 0.7f;
    const float text_w = width - box - pad * 3;
    const float h = std::max(ctx.px(ctx.theme.min_touch_target),
                             paragraph_height(ctx.fonts.body, text, text_w) + pad);
    ImGui::SetCursorScreenPos(pos);
    ImGui::PushID(text.data(), text.data() + text.size());
    const bool tapped = ImGui::InvisibleButton("##tick", ImVec2(width, h));
    ImGui::PopID();
    panel(ctx, pos, ImVec2(width, h), ticked ? c.notice : c.surface, ticked ? c.accent : c.border);
    const ImVec2 b(pos.x + pad, pos.y + (h - box) / 2);
    auto* dl = ImGui::GetWindowDrawList();
    dl->AddRect(b, ImVec2(b.x + box, b.y + box), to_u32(c.accent), ctx.px(6), 0, ctx.px(4));
    if (ticked) {
        dl->AddLine(ImVec2(b.x + box * 0.2f, b.y + box * 0.55f),
                    ImVec2(b.x + box * 0.42f, b.y + box * 0.78f), to_u32(c.accent), ctx.px(6));
        dl->AddLine(ImVec2(b.x + box * 0.42f, b.y + box * 0.78f),
                    ImVec2(b.x + box * 0.82f, b.y + box * 0.25f), to_u32(c.accent), ctx.px(6));
    }
    paragraph(ctx, ImVec2(b.x + box + pad, pos.y + pad / 2), text_w, text, ctx.fonts.body, c.text);
    ctx.labels.add(text, pos.x, pos.y, width, h, true);
    *height = h;
    return tapped;
}

// A grid of text tiles; returns the index tapped, or -1.
int tile_grid(Context& ctx, ImVec2 origin, float width, const std::vector<std::string>& labels,
              const std::vector<std::string>& pictograms, float* height) {
    const float gap = ctx.px(ctx.theme.gap);
    const int columns = ctx.landscape() ? 4 : 2;
    const float w = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float h = ctx.px(pictograms.empty() ? 120 : 180);
    int tapped = -1;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto col = static_cast<float>(i % static_cast<std::size_t>(columns));
        const auto row = static_cast<float>(i / static_cast<std::size_t>(columns));
        const ImVec2 p(origin.x + col * (w + gap), origin.y + row * (h + gap));
        if (tile(ctx, p, ImVec2(w, h), labels[i], {}, false,
                 pictograms.empty() ? std::string_view{} : pictograms[i])) {
            tapped = static_cast<int>(i);
        }
    }
    const auto rows =
        (labels.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
    *height = static_cast<float>(rows) * (h + gap) - gap;
    return tapped;
}

float step_header(Context& ctx, float y, int step, std::string_view question) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const std::string counter = "第" + std::to_string(step) + "步，共5步";
    y += text_at(ctx, ImVec2(pad, y), counter, ctx.fonts.body, c.text_muted).y + ctx.px(8);
    y += paragraph(ctx, ImVec2(pad, y), ctx.width - pad * 2, question, ctx.fonts.heading, c.text) +
         ctx.px(ctx.theme.gap);
    return y;
}

}  // namespace

std::string_view RequestFlow::step_name() const {
    switch (step_) {
        case Step::item:
            return "item";
        case Step::service:
            return "service";
        case Step::identify:
            return "identify";
        case Step::id_keypad:
            return "keypad";
        case Step::phone:
            return "phone";
        case Step::materials:
            return "materials";
        case Step::commitments:
            return "commitments";
        case Step::saving:
            return "saving";
        case Step::done:
            return "done";
        case Step::failed:
            return "failed";
    }
    return "?";
}

void RequestFlow::go(Step s) {
    step_ = s;
    scroll_.reset();
}

void RequestFlow::reset() {
    go(Step::item);
    draft_ = {};
    id_entry_.clear();
    phone_.clear();
    materials_.clear();
    have_.clear();
    saving_.reset();
    stored_.reset();
    receipt_job_.reset();
    failure_.clear();
}

void RequestFlow::on_id(core::IdNumber id) {
    draft_.id = std::move(id);
    id_entry_.clear();
    go(Step::phone);
}

void RequestFlow::start_with(const std::string& item, const std::string& service,
                             core::IdNumber id) {
    reset();
    draft_.item_id = item;
    draft_.service = service;
    on_id(std::move(id));
}

RequestFlow::Result RequestFlow::draw(Context& ctx) {
    switch (step_) {
        case Step::item:
            return draw_item(ctx);
        case Step::service:
            return draw_service(ctx);
        case Step::identify:
            return draw_identify(ctx);
        case Step::id_keypad: {
            auto r = draw_id_keypad(ctx, id_entry_);
            if (r.back) {
                id_entry_.clear();
                go(Step::identify);
            } else if (r.confirmed) {
                on_id(*r.confirmed);
            }
            return {};
        }
        case Step::phone:
            return draw_phone(ctx);
        case Step::materials:
            return draw_materials(ctx);
        case Step::commitments:
            return draw_commitments(ctx);
        case Step::saving:
            return draw_saving(ctx);
        case Step::done:
        case Step::failed:
            return draw_done(ctx);
    }
    return {};
}

RequestFlow::Result RequestFlow::draw_item(Context& ctx) {
    const float pad = ctx.px(ctx.theme.padding);
    const auto bar = top_bar(ctx, "帮办代办");
    if (bar.back) return {true};
    ScrollView view(ctx, "req-item", ImVec2(0, bar.height),
                    ImVec2(ctx.width, ctx.height - bar.height), scroll_);
    const ImVec2 o = view.origin();
    float y = step_header(ctx, o.y + pad, 1, "您要办哪一项？工作人员帮您办，不用跑腿。");
    std::vector<std::string> labels, pictos;
    for (const auto& item : ctx.content->items) {
        labels.push_back(item.short_name);
        pictos.push_back(item.pictogram);
    }
    float h = 0;
    const int tapped = tile_grid(ctx, ImVec2(pad, y), ctx.width - pad * 2, labels, pictos, &h);
    view.set_content_height(y - o.y + h + pad);
    if (tapped >= 0) {
        draft_.item_id = ctx.content->items[static_cast<std::size_t>(tapped)].id;
        go(Step::service);
    }
    return {};
}

RequestFlow::Result RequestFlow::draw_service(Context& ctx) {
    const float pad = ctx.px(ctx.theme.padding);
    const auto bar = top_bar(ctx, "帮办代办");
    if (bar.back) {
        go(Step::item);
        return {};
    }
    float y = step_header(ctx, bar.height + pad, 2, "要我们帮您做什么？");
    std::vector<std::string> labels(core::kServices.begin(), core::kServices.end());
    float h = 0;
    const int tapped = tile_grid(ctx, ImVec2(pad, y), ctx.width - pad * 2, labels, {}, &h);
    if (tapped >= 0) {
        draft_.service = labels[static_cast<std::size_t>(tapped)];
        go(Step::identify);
    }
    return {};
}

RequestFlow::Result RequestFlow::draw_identify(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "帮办代办");
    if (bar.back) {
        go(Step::service);
        return {};
    }
    float y = step_header(ctx, bar.height + pad, 3, "请刷身份证，或者扫身份证上的号码。");
    y += paragraph(ctx, ImVec2(pad, y), ctx.width - pad * 2,
                   "号码只用来办这件事，屏幕上只显示前4位和后4位。", ctx.fonts.body, c.text_muted) +
         pad;
    if (button(ctx, ImVec2(pad, y), ImVec2(ctx.width - pad * 2, ctx.px(ctx.theme.min_touch_target)),
               "手动输入身份证号", ButtonKind::secondary)) {
        id_entry_.clear();
        go(Step::id_keypad);
    }
    return {};
}

RequestFlow::Result RequestFlow::draw_phone(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "帮办代办");
    if (bar.back) {
        go(Step::identify);
        return {};
    }
    for (const char key : take_typed_keys()) phone_.press(key);
    // Landscape: the number and 「下一步」 on the left, the keys on the right, as on the ID keypad.
    const bool wide = ctx.landscape();
    const float left_w = wide ? (ctx.width - pad * 3) * 0.45f : inner;
    float y = step_header(ctx, bar.height + pad, 3, "留个手机号，办好了告诉您。");
    y += paragraph(ctx, ImVec2(pad, y), left_w,
                   "身份证号：" + (draft_.id ? draft_.id->masked() : std::string()), ctx.fonts.body,
                   c.text_muted) +
         gap;
    const float field_h = ctx.fonts.title->FontSize + pad * 2;
    panel(ctx, ImVec2(pad, y), ImVec2(left_w, field_h), c.surface, c.accent);
    const std::string& phone = phone_.digits();
    text_at(ctx, ImVec2(pad * 2, y + pad), phone.empty() ? std::string("请输入11位手机号") : phone,
            phone.empty() ? ctx.fonts.heading : ctx.fonts.title,
            phone.empty() ? c.text_muted : c.text);
    y += field_h + gap;
    ImVec2 keys(pad, y);
    ImVec2 keys_size(inner, ctx.height - pad - touch - gap - y);
    if (wide) {
        keys = ImVec2(pad * 2 + left_w, bar.height + pad);
        keys_size = ImVec2(ctx.width - keys.x - pad, ctx.height - pad - keys.y);
    }
    if (const char key = digit_keypad(ctx, keys, keys_size, "清空", "删除")) {
        if (key == 'L') {
            phone_.clear();
        } else {
            phone_.press(key == 'R' ? '\b' : key);
        }
    }
    if (!wide) y = keys.y + digit_keypad_height(ctx, keys_size.y) + gap;
    const bool ok = phone_.valid();
    ImGui::BeginDisabled(!ok);
    if (button(ctx, ImVec2(pad, y), ImVec2(left_w, touch), "下一步") && ok) {
        draft_.phone.assign(phone_.digits());
        // The one-time list (一次性告知): every material the item needs.
        materials_.clear();
        if (const auto* item = ctx.content->item(draft_.item_id)) {
            if (const auto* s = item->section(core::SectionKind::materials)) {
                for (const auto& b : core::parse_blocks(s->body)) {
                    if (b.kind == core::TextBlock::Kind::bullet) materials_.push_back(b.text);
                }
            }
        }
        have_.assign(materials_.size(), false);
        go(Step::materials);
    }
    ImGui::EndDisabled();
    return {};
}

RequestFlow::Result RequestFlow::draw_materials(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "帮办代办");
    if (bar.back) {
        go(Step::phone);
        return {};
    }
    const float bottom_top = ctx.height - bottom_bar_height(ctx);
    {
        ScrollView view(ctx, "req-materials", ImVec2(0, bar.height),
                        ImVec2(ctx.width, bottom_top - bar.height), scroll_);
        const ImVec2 o = view.origin();
        float y = step_header(ctx, o.y + pad, 4,
                              "这些材料，您手上有的请打勾。没有的也没关系，回执上会写清楚。");
        for (std::size_t i = 0; i < materials_.size(); ++i) {
            float h = 0;
            if (tick_row(ctx, ImVec2(pad, y), ctx.width - pad * 2, materials_[i], have_[i], &h))
                have_[i] = !have_[i];
            y += h + ctx.px(12);
        }
        if (materials_.empty()) {
            y += paragraph(ctx, ImVec2(pad, y), ctx.width - pad * 2, "这一项不用带材料。",
                           ctx.fonts.body, c.text);
        }
        view.set_content_height(y - o.y + pad);
    }
    bottom_bar_background(ctx, bottom_top);
    if (button(ctx, ImVec2(pad, bottom_top + pad),
               ImVec2(ctx.width - pad * 2, ctx.px(ctx.theme.min_touch_target)), "下一步")) {
        draft_.missing_materials.clear();
        for (std::size_t i = 0; i < materials_.size(); ++i) {
            if (!have_[i]) draft_.missing_materials.push_back(materials_[i]);
        }
        go(Step::commitments);
    }
    return {};
}

RequestFlow::Result RequestFlow::draw_commitments(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "帮办代办");
    if (bar.back) {
        go(Step::materials);
        return {};
    }
    const float bottom_top = ctx.height - bottom_bar_height(ctx);
    {
        ScrollView view(ctx, "req-promise", ImVec2(0, bar.height),
                        ImVec2(ctx.width, bottom_top - bar.height), scroll_);
        const ImVec2 o = view.origin();
        float y = step_header(ctx, o.y + pad, 5, "两个承诺（双承诺）");
        const float card_inner = ctx.width - pad * 4;
        auto card = [&](std::string_view title, std::string_view body) {
            const float h = ctx.fonts.heading->FontSize + ctx.px(12) +
                            paragraph_height(ctx.fonts.heading, body, card_inner) + pad * 2;
            panel(ctx, ImVec2(pad, y), ImVec2(ctx.width - pad * 2, h), c.surface, c.border);
            text_at(ctx, ImVec2(pad * 2, y + pad), title, ctx.fonts.heading, c.accent, card_inner);
            paragraph(ctx, ImVec2(pad * 2, y + pad + ctx.fonts.heading->FontSize + ctx.px(12)),
                      card_inner, body, ctx.fonts.heading, c.text);
            y += h + gap;
        };
        card("您的承诺",
             "我说的家里情况都是真的。家里人口、收入、财产有变化，我会及时告诉工作人员。");
        card("我们的承诺", "依法办事，按时办结，不收您一分钱。办不了的，书面告诉您为什么。");
        view.set_content_height(y - o.y + pad);
    }
    bottom_bar_background(ctx, bottom_top);
    if (button(ctx, ImVec2(pad, bottom_top + pad),
               ImVec2(ctx.width - pad * 2, ctx.px(ctx.theme.min_touch_target)), "我承诺，提交")) {
        if (!ctx.requests) {
            failure_ = "requests unavailable";
            go(Step::failed);
            return {};
        }
        // Stored on the storage worker; 「已提交」 only once it is on disk.
        saving_ = ctx.requests->submit_async(draft_, *ctx.content, ctx.today);
        saving_since_ms_ = ctx.now_ms;
        go(Step::saving);
    }
    return {};
}

RequestFlow::Result RequestFlow::draw_saving(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    title_bar(ctx, "帮办代办");
    float y = ctx.height / 3;
    y += paragraph(ctx, ImVec2(pad, y), inner, "正在保存…", ctx.fonts.title, c.text) + gap;
    y += paragraph(ctx, ImVec2(pad, y), inner, "请稍等，马上就好。", ctx.fonts.heading,
                   c.text_muted) +
         gap;
    // A bar that moves, so the resident sees the kiosk is busy, not stuck.
    const float phase = static_cast<float>((ctx.now_ms - saving_since_ms_) % 1500) / 1500.0f;
    progress_bar(ctx, ImVec2(pad, y), inner, ctx.px(24), phase);
    const auto* result = saving_.get();
    if (!result) return {};
    if (!*result) {
        // Not saved: say so. Nothing pretends to be 已提交 unless it is on disk.
        base::log::error("request", "not stored: ", result->error());
        failure_ = result->error();
        saving_.reset();
        go(Step::failed);
        return {};
    }
    stored_ = **result;
    saving_.reset();
    base::log::info("request", "stored ", stored_->request_no, " (", stored_->item, ", ",
                    stored_->service, ")");
    if (ctx.printing) {
        receipt_job_ = ctx.printing->print_async(
            core::receipt_sheet(ctx.requests->receipt(*stored_)), "回执 " + stored_->request_no);
    }
    // The resident's number leaves memory now; the outbox has it, encrypted.
    draft_.id.reset();
    phone_.clear();
    draft_.phone.clear();
    go(Step::done);
    return {};
}

RequestFlow::Result RequestFlow::draw_done(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "帮办代办");
    float y = bar.height + pad * 2;
    if (step_ == Step::failed || !stored_) {
        // Whatever the cause (a full disk most often), the resident needs one thing: this was
        // not kept, and a person here can help. The cause is in the log for staff.
        y += paragraph(ctx, ImVec2(pad, y), inner, "没存上，请找工作人员", ctx.fonts.title,
                       c.danger) +
             pad;
        paragraph(ctx, ImVec2(pad, y), inner,
                  "这次的申请没有存进本机，县里也没有收到。请找站里的工作人员帮您办。",
                  ctx.fonts.heading, c.text);
    } else {
        y += paragraph(ctx, ImVec2(pad, y), inner, "已提交", ctx.fonts.title, c.accent) + pad;
        y += paragraph(ctx, ImVec2(pad, y), inner, "回执号：" + stored_->request_no,
                       ctx.fonts.heading, c.text) +
             pad / 2;
        y += paragraph(ctx, ImVec2(pad, y), inner,
                       std::to_string(stored_->deadline_working_days) + "个工作日内受理，" +
                           stored_->deadline + "前。",
                       ctx.fonts.heading, c.text) +
             pad;
        std::string printing = "回执正在打印，请从出纸口取走。";
        if (receipt_job_ && ctx.printing) {
            using State = core::PrintJobView::State;
            if (const auto job = ctx.printing->job(*receipt_job_)) {
                if (job->state == State::done) printing = "回执打好了，请从出纸口取走。";
                if (job->state == State::waiting_for_printer || job->state == State::failed) {
                    printing = "回执还没打出来，工作人员会补给您。请记下回执号。";
                }
            }
        } else if (!ctx.printing) {
            printing = "本机不能打印，请记下回执号。";
        }
        y += paragraph(ctx, ImVec2(pad, y), inner, printing, ctx.fonts.body, c.text) + pad;
        if (!stored_->missing_materials.empty()) {
            paragraph(ctx, ImVec2(pad, y), inner, "还缺的材料都写在回执上了，下次带来就行。",
                      ctx.fonts.body, c.text_muted);
        }
    }
    const float top = ctx.height - bottom_bar_height(ctx);
    bottom_bar_background(ctx, top);
    const bool home = button(ctx, ImVec2(pad, top + pad),
                             ImVec2(inner, ctx.px(ctx.theme.min_touch_target)), "回到首页");
    return {home || bar.back};
}

}  // namespace kiosk::ui
