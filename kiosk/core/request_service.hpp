// 帮办代办 requests as the kiosk uses them: a resident's choices become a durable request in the
// outbox (the county gets it by the sync thread, exactly once), a receipt to print, replies and
// the resident's evaluation. The screens and kioskctl share it.
#pragma once

#include <array>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/sheets.hpp"
#include "net/outbox.hpp"
#include "net/sync_worker.hpp"
#include "scanner/id_number.hpp"

namespace kiosk::core {

// The service kinds of reference/002, plus 上门帮办 for those who cannot come.
inline constexpr std::array<std::string_view, 8> kServices = {"登记咨询", "表格填写", "材料审核", "要件传递",
                                                              "信息查询", "证件邮寄", "打印复印", "上门帮办"};

// Applications are accepted within 3 working days (reference/003).
inline constexpr int kAcceptWorkingDays = 3;

struct RequestDraft {
    std::string item_id;
    std::string service;
    std::optional<scanner::IdNumber> id;
    std::string phone;
    std::vector<std::string> missing_materials;  // what the resident does not have yet
};

// "13800000000" → "138****0000".
std::string mask_phone(std::string_view phone);
bool valid_phone(std::string_view phone);

class RequestService {
public:
    // The outbox always; syncing only when the county is configured: on a thread of its own
    // (the kiosk), or only when asked with sync_once()/until_empty() (kioskctl).
    static std::expected<std::unique_ptr<RequestService>, std::string> create(const Config& config,
                                                                              std::function<void()> on_change,
                                                                              bool background_sync = true);
    ~RequestService();

    // Stores the request durably; the value comes back only once it is on disk.
    std::expected<net::StoredRequest, std::string> submit(const RequestDraft& draft, const Content& content,
                                                          base::Date today);
    std::optional<net::StoredRequest> find(const std::string& local_no) const;
    std::vector<net::StoredRequest> list() const;
    std::expected<void, std::string> rate(const std::string& local_no, const std::string& rating);

    Receipt receipt(const net::StoredRequest& request) const;
    bool connected_to_county() const { return sync_ != nullptr; }
    net::Outbox& outbox() { return *outbox_; }
    net::SyncWorker* sync() { return sync_.get(); }

private:
    RequestService() = default;
    Config config_;
    std::unique_ptr<net::Outbox> outbox_;
    std::unique_ptr<net::SyncWorker> sync_;
};

// The ledger (台账) of reference/002 as CSV: 序号, 委托人 (masked), 帮办代办员, 事项, 受理时间,
// 办理时限, 办理结果, 回复时间, 备注 — for the requests submitted in a quarter ("2025Q3").
std::expected<std::string, std::string> ledger_csv(const std::vector<net::StoredRequest>& requests,
                                                   std::string_view quarter);

}  // namespace kiosk::core
