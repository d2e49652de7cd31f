// Tests net/outbox: durable stores with local numbers and idempotency keys, personal data that is
// never on disk in the clear and gone (ciphertext included) once delivered, the key file and its
// faults, the states a request moves through, replies, evaluations and the reply cursor.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "base/sqlite.hpp"
#include "net/outbox.hpp"

namespace fs = std::filesystem;
using net::Outbox;
using net::RequestState;

namespace {

constexpr const char* kId = "11010519491231002X";
constexpr const char* kPhone = "13800000000";

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() /
               ("mingbai-outbox-" + std::to_string(::getpid()) + "-" + name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

net::NewRequest request(std::string submitted_at = "2026-11-22T10:15:00+08:00",
                        std::string id = kId, std::string phone = kPhone) {
    net::NewRequest r;
    r.item = "linshi";
    r.item_name = "临时救助";
    r.service = "材料审核";
    r.id_number = std::move(id);
    r.id_masked = "1101**********002X";
    r.phone = std::move(phone);
    r.phone_masked = "138****0000";
    r.missing_materials = {"医院的诊断证明", "户口簿"};
    r.staff = "王芳";
    r.submitted_at = std::move(submitted_at);
    r.deadline = "2026-11-25";
    r.deadline_working_days = 3;
    return r;
}

std::unique_ptr<Outbox> open_outbox(const fs::path& dir) {
    auto box = Outbox::open(dir);
    REQUIRE_MESSAGE(box.has_value(), (box ? "" : box.error()));
    return std::move(*box);
}

std::string file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every byte of state.db and its WAL and shared-memory files, as `strings state.db*` would see.
std::string database_bytes(const fs::path& dir) {
    std::string all;
    for (const char* name : {"state.db", "state.db-wal", "state.db-shm"}) {
        if (fs::exists(dir / name)) all += file_bytes(dir / name);
    }
    return all;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

// The ciphertexts as stored, read by a connection of the test's own.
std::vector<std::string> ciphertexts(const fs::path& dir) {
    std::vector<std::string> out;
    auto db = base::Database::open((dir / "state.db").string(), base::Database::Mode::read_only);
    REQUIRE(db.has_value());
    auto st = db->prepare("SELECT id_cipher, phone_cipher FROM outbox ORDER BY seq");
    REQUIRE(st.has_value());
    while (true) {
        auto row = st->step();
        REQUIRE(row.has_value());
        if (!*row) break;
        for (int c : {0, 1}) {
            const auto blob = st->blob(c);
            out.emplace_back(blob.begin(), blob.end());
        }
    }
    return out;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

void write_key(const fs::path& p, std::size_t size, unsigned mode) {
    fs::remove(p);
    {
        std::ofstream out(p, std::ios::binary);
        out << std::string(size, 'k');
    }
    ::chmod(p.c_str(), mode);
}

}  // namespace

TEST_CASE("a stored request is on disk with its local number and key: reopening finds it") {
    TempDir dir("durable");
    std::string key;
    {
        auto box = open_outbox(dir.path);
        auto first = box->store(request());
        REQUIRE(first.has_value());
        CHECK(first->local_no == "A-20261122-0001");
        CHECK(first->idempotency_key.size() == 32);
        CHECK(first->idempotency_key.find_first_not_of("0123456789abcdef") == std::string::npos);
        CHECK(first->state == RequestState::queued);
        CHECK_FALSE(first->personal_data_erased);
        auto second = box->store(request());
        REQUIRE(second.has_value());
        CHECK(second->local_no == "A-20261122-0002");
        CHECK(second->idempotency_key != first->idempotency_key);
        key = first->idempotency_key;
    }
    auto box = open_outbox(dir.path);
    const auto all = box->list().value();
    REQUIRE(all.size() == 2);
    const auto& r = all.front();
    CHECK(r.local_no == "A-20261122-0001");
    CHECK(r.idempotency_key == key);
    CHECK(r.item == "linshi");
    CHECK(r.item_name == "临时救助");
    CHECK(r.service == "材料审核");
    CHECK(r.id_masked == "1101**********002X");
    CHECK(r.phone_masked == "138****0000");
    CHECK(r.missing_materials == std::vector<std::string>{"医院的诊断证明", "户口簿"});
    CHECK(r.staff == "王芳");
    CHECK(r.deadline == "2026-11-25");
    CHECK(r.deadline_working_days == 3);
    CHECK(box->find_local("A-20261122-0002").value().has_value());
    CHECK_FALSE(box->find_local("A-20261122-0003").value().has_value());
    // The personal data comes back only for sending, decrypted.
    const auto due = box->due(0).value();
    REQUIRE(due.size() == 2);
    CHECK(due.front().id_number == kId);
    CHECK(due.front().phone == kPhone);
    CHECK(box->pending().value() == 2);
}

TEST_CASE("local numbers count per day, and a day returned to goes on counting") {
    TempDir dir("days");
    auto box = open_outbox(dir.path);
    CHECK(box->store(request("2026-11-22T09:00:00+08:00"))->local_no == "A-20261122-0001");
    CHECK(box->store(request("2026-11-23T09:00:00+08:00"))->local_no == "A-20261123-0001");
    CHECK(box->store(request("2026-11-23T10:00:00+08:00"))->local_no == "A-20261123-0002");
    // The clock set back a day must not reuse a number printed on a receipt.
    CHECK(box->store(request("2026-11-22T17:00:00+08:00"))->local_no == "A-20261122-0002");
}

TEST_CASE("an incomplete request is refused and nothing is stored") {
    TempDir dir("incomplete");
    auto box = open_outbox(dir.path);
    auto r = request();
    r.item.clear();
    CHECK_FALSE(box->store(r).has_value());
    r = request();
    r.id_number.clear();
    CHECK_FALSE(box->store(r).has_value());
    CHECK(box->list().value().empty());
    // The counter was not spent either.
    CHECK(box->store(request())->local_no == "A-20261122-0001");
}

TEST_CASE("the ID number and phone are never in state.db in the clear, and gone once delivered") {
    TempDir dir("privacy");
    auto box = open_outbox(dir.path);
    // Enough requests to spread over several pages; each with its own ID and phone.
    std::vector<std::string> ids, phones;
    for (int i = 0; i < 40; ++i) {
        ids.push_back("1101051949" + std::to_string(1000000 + i) + "X");
        phones.push_back("139" + std::to_string(12345000 + i));
        REQUIRE(box->store(request("2026-11-22T10:15:00+08:00", ids.back(), phones.back()))
                    .has_value());
    }
    const auto boxes = ciphertexts(dir.path);
    REQUIRE(boxes.size() == 80);
    {
        const auto bytes = database_bytes(dir.path);
        for (int i = 0; i < 40; ++i) {
            CHECK_FALSE(contains(bytes, ids[i]));
            CHECK_FALSE(contains(bytes, phones[i]));
        }
        // Only the sealed forms are there (nonce ‖ MAC ‖ ciphertext).
        for (const auto& b : boxes) {
            CHECK(b.size() > 24 + 16);
            CHECK(contains(bytes, b));
        }
    }
    // Deliver the even ones: their ciphertexts go, in the database and in its WAL.
    const auto all = box->list().value();
    for (std::size_t i = 0; i < all.size(); i += 2) {
        REQUIRE(box->mark_sending(all[i].seq).has_value());
        REQUIRE(box->mark_delivered(all[i].seq, "C-" + std::to_string(100 + i)).has_value());
    }
    const auto bytes = database_bytes(dir.path);
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK_FALSE(contains(bytes, ids[i]));
        CHECK_FALSE(contains(bytes, phones[i]));
        const bool delivered = i % 2 == 0;
        CAPTURE(i);
        CHECK(contains(bytes, boxes[2 * i]) == !delivered);
        CHECK(contains(bytes, boxes[2 * i + 1]) == !delivered);
        const auto r = box->find_local(all[i].local_no).value();
        REQUIRE(r.has_value());
        CHECK(r->personal_data_erased == delivered);
    }
    CHECK(box->due(0).value().size() == 20);
    CHECK(box->find_case("C-100").value()->state == RequestState::delivered);
}

TEST_CASE("the key file is made with mode 0600 and 32 bytes, and read again on open") {
    TempDir dir("key");
    {
        auto box = open_outbox(dir.path);
        REQUIRE(box->store(request()).has_value());
    }
    const auto key = dir.path / "outbox.key";
    CHECK(mode_of(key) == 0600);
    CHECK(fs::file_size(key) == 32);
    const auto before = file_bytes(key);
    auto box = open_outbox(dir.path);
    CHECK(file_bytes(key) == before);
    CHECK(box->due(0).value().front().id_number == kId);  // the same key opens what it sealed
    for (const auto& entry : fs::directory_iterator(dir.path)) {
        CHECK_MESSAGE(!contains(entry.path().filename().string(), ".tmp"), entry.path());
    }
}

TEST_CASE("a key file with the wrong permissions or size is an error that names it") {
    TempDir dir("badkey");
    const auto key = dir.path / "outbox.key";
    SUBCASE("readable by others") {
        write_key(key, 32, 0644);
        auto box = Outbox::open(dir.path);
        REQUIRE_FALSE(box.has_value());
        CHECK(contains(box.error(), key.string()));
        CHECK(contains(box.error(), "0644"));
    }
    SUBCASE("too short") {
        write_key(key, 31, 0600);
        auto box = Outbox::open(dir.path);
        REQUIRE_FALSE(box.has_value());
        CHECK(contains(box.error(), key.string()));
        CHECK(contains(box.error(), "31 bytes"));
    }
    SUBCASE("empty") {
        write_key(key, 0, 0600);
        auto box = Outbox::open(dir.path);
        REQUIRE_FALSE(box.has_value());
        CHECK(contains(box.error(), key.string()));
    }
    SUBCASE("a folder") {
        fs::create_directories(key);
        auto box = Outbox::open(dir.path);
        REQUIRE_FALSE(box.has_value());
        CHECK(contains(box.error(), key.string()));
    }
}

TEST_CASE("a missing key while encrypted requests wait is an error, not a new key") {
    TempDir dir("lostkey");
    {
        auto box = open_outbox(dir.path);
        REQUIRE(box->store(request()).has_value());
    }
    fs::remove(dir.path / "outbox.key");
    auto box = Outbox::open(dir.path);
    REQUIRE_FALSE(box.has_value());
    CHECK(contains(box.error(), "outbox.key"));
    CHECK_FALSE(fs::exists(dir.path / "outbox.key"));
}

TEST_CASE("a request whose data no longer decrypts needs attention instead of being sent") {
    TempDir dir("otherkey");
    {
        auto box = open_outbox(dir.path);
        REQUIRE(box->store(request()).has_value());
    }
    write_key(dir.path / "outbox.key", 32, 0600);  // another key of the right shape
    auto box = open_outbox(dir.path);
    CHECK(box->due(0).value().empty());
    const auto r = box->list().value().front();
    CHECK(r.state == RequestState::needs_attention);
    CHECK(contains(r.last_error, "decrypt"));
    CHECK(box->pending().value() == 0);
}

TEST_CASE("states: 'sending' after a crash is due again, a retry waits, needs-attention is final") {
    TempDir dir("states");
    std::int64_t seq = 0;
    {
        auto box = open_outbox(dir.path);
        seq = box->store(request())->seq;
        REQUIRE(box->mark_sending(seq).has_value());
        // The process dies here, mid-attempt.
    }
    auto box = open_outbox(dir.path);
    auto due = box->due(1000).value();
    REQUIRE(due.size() == 1);
    CHECK(due.front().request.state == RequestState::sending);
    CHECK(due.front().request.attempts == 1);

    REQUIRE(box->mark_sending(seq).has_value());
    REQUIRE(box->mark_retry(seq, "connect: refused", 5000).has_value());
    CHECK(box->due(4999).value().empty());
    CHECK(box->due(5000).value().size() == 1);
    CHECK(box->next_due_ms().value() == 5000);
    auto r = box->find_local("A-20261122-0001").value();
    CHECK(r->state == RequestState::queued);
    CHECK(r->attempts == 2);
    CHECK(r->last_error == "connect: refused");

    REQUIRE(box->mark_needs_attention(seq, "HTTP 400 bad_request: item unknown").has_value());
    CHECK(box->due(1LL << 60).value().empty());
    CHECK(box->pending().value() == 0);
    CHECK_FALSE(box->next_due_ms().value().has_value());
    r = box->find_local("A-20261122-0001").value();
    CHECK(r->state == RequestState::needs_attention);
    CHECK(net::state_name(r->state) == "needs-attention");
    CHECK(r->last_error == "HTTP 400 bad_request: item unknown");
    CHECK_FALSE(r->personal_data_erased);  // the county does not have it

    CHECK_FALSE(box->mark_retry(9999, "x", 0).has_value());
    CHECK_FALSE(box->mark_delivered(seq, "").has_value());
}

TEST_CASE("replies move a request on, a done case takes one evaluation") {
    TempDir dir("replies");
    auto box = open_outbox(dir.path);
    const auto stored = box->store(request());
    REQUIRE(box->mark_delivered(stored->seq, "C-000123").has_value());

    CHECK_FALSE(box->set_rating(stored->local_no, "great").has_value());
    REQUIRE(box->set_rating(stored->local_no, "satisfied").has_value());
    CHECK(box->ratings_due().value().empty());  // only after done

    REQUIRE(box->apply_reply("C-000123", "accepted", "已受理", "2026-11-22T11:00:00+08:00"));
    auto r = box->find_case("C-000123").value();
    CHECK(r->state == RequestState::replied);
    CHECK(r->reply_state == "accepted");
    CHECK(r->reply_text == "已受理");
    REQUIRE(box->apply_reply("C-000123", "done", "已办结，发放临时救助金",
                             "2026-11-23T09:00:00+08:00"));
    r = box->find_case("C-000123").value();
    CHECK(r->state == RequestState::closed);
    CHECK(r->reply_text == "已办结，发放临时救助金");
    CHECK(r->replied_at == "2026-11-23T09:00:00+08:00");

    CHECK_FALSE(box->apply_reply("C-000123", "lost", "", "").has_value());
    CHECK_FALSE(box->apply_reply("C-999999", "done", "", "").has_value());

    const auto due = box->ratings_due().value();
    REQUIRE(due.size() == 1);
    CHECK(due.front().rating == "satisfied");
    REQUIRE(box->mark_rating_sent(due.front().seq).has_value());
    CHECK(box->ratings_due().value().empty());
    CHECK(box->find_case("C-000123").value()->rating_sent);
    CHECK_FALSE(box->set_rating(stored->local_no, "dissatisfied").has_value());

    // A refused evaluation is not offered again.
    const auto other = box->store(request());
    REQUIRE(box->mark_delivered(other->seq, "C-000124").has_value());
    REQUIRE(box->apply_reply("C-000124", "done", "", ""));
    REQUIRE(box->set_rating(other->local_no, "basically_satisfied").has_value());
    REQUIRE(box->ratings_due().value().size() == 1);
    REQUIRE(box->mark_rating_refused(other->seq, "HTTP 409 conflict").has_value());
    CHECK(box->ratings_due().value().empty());
    CHECK(box->find_case("C-000124").value()->rating_error == "HTTP 409 conflict");
}

TEST_CASE("a reply for a request whose answer was lost finds it by its key and erases its data") {
    TempDir dir("lostanswer");
    auto box = open_outbox(dir.path);
    const auto stored = box->store(request());
    REQUIRE(box->mark_sending(stored->seq).has_value());
    REQUIRE(box->mark_retry(stored->seq, "connect: connection reset", 1LL << 50).has_value());
    REQUIRE(box->apply_reply("C-000777", "accepted", "已受理", "2026-11-22T11:00:00+08:00",
                             stored->idempotency_key));
    const auto r = box->find_case("C-000777").value();
    REQUIRE(r.has_value());
    CHECK(r->local_no == stored->local_no);
    CHECK(r->state == RequestState::replied);
    CHECK(r->personal_data_erased);
    CHECK(box->pending().value() == 0);
    // The late 200 of the retry that will never come would change nothing either.
    REQUIRE(box->mark_delivered(stored->seq, "C-000777").has_value());
    CHECK(box->find_case("C-000777").value()->state == RequestState::replied);
}

TEST_CASE("the reply cursor is stored") {
    TempDir dir("cursor");
    {
        auto box = open_outbox(dir.path);
        CHECK(box->reply_cursor().value() == 0);
        REQUIRE(box->set_reply_cursor(17).has_value());
    }
    CHECK(open_outbox(dir.path)->reply_cursor().value() == 17);
}

TEST_CASE("the outbox shares state.db with other tables") {
    TempDir dir("shared");
    {
        auto db = base::Database::open((dir.path / "state.db").string(),
                                       base::Database::Mode::read_write_create);
        REQUIRE(db.has_value());
        REQUIRE(db->exec("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)").has_value());
        REQUIRE(db->exec("INSERT INTO settings VALUES ('paper_used_mm', '12')").has_value());
    }
    auto box = open_outbox(dir.path);
    REQUIRE(box->store(request()).has_value());
    auto db =
        base::Database::open((dir.path / "state.db").string(), base::Database::Mode::read_only);
    auto st = db->prepare("SELECT value FROM settings");
    REQUIRE(st->step().value());
    CHECK(st->text(0) == "12");
}

TEST_CASE("the UI thread stores while the sync thread delivers") {
    TempDir dir("threads");
    auto box = open_outbox(dir.path);
    constexpr int n = 40;
    std::atomic<bool> done{false};
    std::thread ui([&] {
        for (int i = 0; i < n; ++i) CHECK(box->store(request()).has_value());
        done = true;
    });
    int delivered = 0;
    while (!done || box->pending().value() > 0) {
        for (const auto& d : std::vector(box->due(0).value())) {
            REQUIRE(box->mark_sending(d.request.seq).has_value());
            REQUIRE(box->mark_delivered(d.request.seq, "C-" + std::to_string(d.request.seq)));
            ++delivered;
        }
    }
    ui.join();
    CHECK(delivered == n);
    std::set<std::string> numbers;
    for (const auto& r : std::vector(box->list().value())) {
        CHECK(r.state == RequestState::delivered);
        numbers.insert(r.local_no);
    }
    CHECK(numbers.size() == n);
}

TEST_CASE("a database that cannot be read gives errors, never an empty outbox") {
    TempDir dir("unreadable");
    auto box = open_outbox(dir.path);
    REQUIRE(box->store(request()).has_value());
    {
        // Another hand damages the file under the kiosk: the tables are gone.
        auto other = base::Database::open((dir.path / "state.db").string(),
                                          base::Database::Mode::read_write_create);
        REQUIRE(other.has_value());
        REQUIRE(other->exec("DROP TABLE outbox; DROP TABLE outbox_meta").has_value());
    }
    auto expect_error = [](const auto& result) {
        REQUIRE_FALSE(result.has_value());
        CHECK(contains(result.error(), "state.db"));
        CHECK(contains(result.error(), "no such table"));
    };
    expect_error(box->list());
    expect_error(box->find_local("A-20261122-0001"));
    expect_error(box->find_case("C-000001"));
    expect_error(box->due(0));
    expect_error(box->pending());
    expect_error(box->next_due_ms());
    expect_error(box->ratings_due());
    expect_error(box->reply_cursor());
    CHECK_FALSE(box->set_rating("A-20261122-0001", "satisfied").has_value());
}

TEST_CASE("a store that fails says plainly that the request was not saved, and why") {
    TempDir dir("store-fails");
    auto box = open_outbox(dir.path);
    {
        auto other = base::Database::open((dir.path / "state.db").string(),
                                          base::Database::Mode::read_write_create);
        REQUIRE(other.has_value());
        REQUIRE(other->exec("DROP TABLE outbox").has_value());
    }
    const auto stored = box->store(request());
    REQUIRE_FALSE(stored.has_value());
    CHECK(stored.error().starts_with("the request was not saved: "));
    CHECK(contains(stored.error(), "no such table"));
}
