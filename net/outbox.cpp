// The outbox of 帮办代办 requests in state.db: durable stores, encrypted personal data, erasure.
#include "net/outbox.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <ctime>
#include <functional>
#include <mutex>

#include "base/date.hpp"
#include "base/log.hpp"
#include "base/posix_error.hpp"
#include "base/sqlite.hpp"
#include "net/api.hpp"

namespace net {

namespace {

constexpr std::string_view kLog = "outbox";
constexpr std::size_t kKeyBytes = crypto_secretbox_KEYBYTES;
static_assert(kKeyBytes == 32);

// Other parts of the kiosk keep their own tables in the same file, hence IF NOT EXISTS and the
// outbox_ prefix. Ciphertexts are nonce ‖ secretbox(plaintext); NULL once erased.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  local_no TEXT NOT NULL UNIQUE,
  idempotency_key TEXT NOT NULL UNIQUE,
  item TEXT NOT NULL,
  item_name TEXT NOT NULL,
  service TEXT NOT NULL,
  id_cipher BLOB,
  phone_cipher BLOB,
  id_masked TEXT NOT NULL,
  phone_masked TEXT NOT NULL,
  missing_materials TEXT NOT NULL,
  staff TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  deadline TEXT NOT NULL,
  deadline_working_days INTEGER NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  case_no TEXT NOT NULL DEFAULT '',
  reply_state TEXT NOT NULL DEFAULT '',
  reply_text TEXT NOT NULL DEFAULT '',
  replied_at TEXT NOT NULL DEFAULT '',
  rating TEXT NOT NULL DEFAULT '',
  rating_sent INTEGER NOT NULL DEFAULT 0,
  rating_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS outbox_case_no ON outbox(case_no);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(state, next_attempt_ms);
CREATE TABLE IF NOT EXISTS outbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// The columns row_to_request reads, in its order.
constexpr const char* kColumns =
    "seq, local_no, idempotency_key, item, item_name, service, id_masked, phone_masked, "
    "missing_materials, staff, submitted_at, deadline, deadline_working_days, state, attempts, "
    "next_attempt_ms, last_error, case_no, reply_state, reply_text, replied_at, rating, "
    "rating_sent, rating_error, (id_cipher IS NULL AND phone_cipher IS NULL)";
constexpr int kColumnCount = 25;

constexpr const char* kPendingStates = "('queued', 'sending')";

StoredRequest row_to_request(const base::Statement& st) {
    StoredRequest r;
    r.seq = st.integer(0);
    r.local_no = st.text(1);
    r.idempotency_key = st.text(2);
    r.item = st.text(3);
    r.item_name = st.text(4);
    r.service = st.text(5);
    r.id_masked = st.text(6);
    r.phone_masked = st.text(7);
    r.missing_materials = api::materials_from_text(st.text(8));
    r.staff = st.text(9);
    r.submitted_at = st.text(10);
    r.deadline = st.text(11);
    r.deadline_working_days = static_cast<int>(st.integer(12));
    r.state = parse_state(st.text(13)).value_or(RequestState::needs_attention);
    r.attempts = static_cast<int>(st.integer(14));
    r.next_attempt_ms = st.integer(15);
    r.last_error = st.text(16);
    r.case_no = st.text(17);
    r.reply_state = st.text(18);
    r.reply_text = st.text(19);
    r.replied_at = st.text(20);
    r.rating = st.text(21);
    r.rating_sent = st.integer(22) != 0;
    r.rating_error = st.text(23);
    r.personal_data_erased = st.integer(24) != 0;
    return r;
}

// 128 random bits as 32 lowercase hex characters: unguessable and never reused, so the county
// can tell a retry from a new request.
std::string new_idempotency_key() {
    std::array<unsigned char, 16> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, 33> hex{};
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    return std::string(hex.data(), 32);
}

// "YYYYMMDD" of the submission: the date in submitted_at (the kiosk's local clock, with its
// offset) when it has one, else today.
std::string local_day(const std::string& submitted_at) {
    const auto date = base::parse_date(std::string_view(submitted_at).substr(0, 10));
    const base::Date d = date ? *date : base::today_local();
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
    return buf;
}

std::optional<RequestState> state_for_reply(std::string_view reply_state) {
    if (reply_state == "accepted" || reply_state == "in_progress") return RequestState::replied;
    if (reply_state == "done" || reply_state == "terminated") return RequestState::closed;
    return std::nullopt;
}

// Reads <path> as the key: a regular file of exactly 32 bytes that only its owner may read.
std::expected<std::array<unsigned char, kKeyBytes>, std::string> read_key(
    const std::filesystem::path& path, int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return std::unexpected(base::errno_message(path.string(), errno));
    if (!S_ISREG(st.st_mode)) return std::unexpected(path.string() + ": not a regular file");
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return std::unexpected(path.string() + ": permissions " + mode +
                               ", must be 0600 (the key of the residents' personal data)");
    }
    if (st.st_size != static_cast<off_t>(kKeyBytes)) {
        return std::unexpected(path.string() + ": " + std::to_string(st.st_size) +
                               " bytes, a key is " + std::to_string(kKeyBytes));
    }
    std::array<unsigned char, kKeyBytes> key{};
    std::size_t got = 0;
    while (got < key.size()) {
        const ssize_t n = ::read(fd, key.data() + got, key.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            sodium_memzero(key.data(), key.size());
            return std::unexpected(path.string() + ": " +
                                   (n < 0 ? base::errno_text(errno) : std::string("short read")));
        }
        got += static_cast<std::size_t>(n);
    }
    return key;
}

// Makes a new key file that appears complete or not at all: the bytes go to a private temporary
// file (O_CREAT|O_EXCL, 0600) that is fsynced, then linked to its name (link fails when another
// process got there first) and the folder fsynced. A crash never leaves a short key behind.
std::expected<void, std::string> create_key(const std::filesystem::path& path) {
    const auto tmp = path.string() + ".tmp." + std::to_string(::getpid());
    ::unlink(tmp.c_str());  // a leftover of a crashed process with the same pid
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return std::unexpected(base::errno_message(tmp, errno));
    std::array<unsigned char, kKeyBytes> key{};
    crypto_secretbox_keygen(key.data());
    std::size_t put = 0;
    int err = 0;
    while (put < key.size()) {
        const ssize_t n = ::write(fd, key.data() + put, key.size() - put);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            break;
        }
        put += static_cast<std::size_t>(n);
    }
    sodium_memzero(key.data(), key.size());
    if (err == 0 && ::fsync(fd) != 0) err = errno;
    ::close(fd);
    if (err == 0 && ::link(tmp.c_str(), path.c_str()) != 0) err = errno;
    ::unlink(tmp.c_str());
    if (err == EEXIST) return {};  // another process made it meanwhile: that one counts
    if (err != 0) return std::unexpected(base::errno_message(path.string(), err));
    const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    base::log::info(kLog, "made a new key ", path.string());
    return {};
}

std::expected<std::array<unsigned char, kKeyBytes>, std::string> open_key(
    const std::filesystem::path& path, bool encrypted_rows_exist) {
    for (int tries = 0; tries < 2; ++tries) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd >= 0) {
            auto key = read_key(path, fd);
            ::close(fd);
            return key;
        }
        if (errno != ENOENT) return std::unexpected(base::errno_message(path.string(), errno));
        // A new key would not open what the old one sealed: refuse rather than strand those
        // requests silently.
        if (encrypted_rows_exist) {
            return std::unexpected(path.string() +
                                   ": missing, but requests in the outbox are encrypted with it");
        }
        if (auto made = create_key(path); !made) return std::unexpected(made.error());
    }
    return std::unexpected(path.string() + ": could not be created");
}

}  // namespace

namespace {
// What a failed store says first: the request is not there, whatever the cause after it.
std::string not_saved(const std::string& why) {
    return "the request was not saved: " + why;
}
}  // namespace

std::string_view state_name(RequestState state) {
    switch (state) {
        case RequestState::queued:
            return "queued";
        case RequestState::sending:
            return "sending";
        case RequestState::delivered:
            return "delivered";
        case RequestState::replied:
            return "replied";
        case RequestState::closed:
            return "closed";
        case RequestState::needs_attention:
            return "needs-attention";
    }
    return "unknown";
}

std::optional<RequestState> parse_state(std::string_view name) {
    for (auto s : {RequestState::queued, RequestState::sending, RequestState::delivered,
                   RequestState::replied, RequestState::closed, RequestState::needs_attention}) {
        if (state_name(s) == name) return s;
    }
    return std::nullopt;
}

struct Outbox::Impl {
    std::filesystem::path db_path;
    mutable std::mutex mutex;
    mutable base::Database db;
    std::array<unsigned char, kKeyBytes> key{};
    // An erasure whose WAL checkpoint could not finish (a reader was in the way): tried again on
    // the next write and on close.
    mutable bool checkpoint_owed = false;

    Impl(std::filesystem::path path, base::Database database)
        : db_path(std::move(path)), db(std::move(database)) {}
    ~Impl() { sodium_memzero(key.data(), key.size()); }

    std::string fail(const std::string& what) const { return db_path.string() + ": " + what; }

    std::vector<unsigned char> seal(std::string_view plain) const {
        std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                       plain.size());
        randombytes_buf(box.data(), crypto_secretbox_NONCEBYTES);
        crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                              reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                              box.data(), key.data());
        return box;
    }

    std::optional<std::string> unseal(const std::vector<unsigned char>& box) const {
        constexpr std::size_t overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
        if (box.size() < overhead) return std::nullopt;
        std::string plain(box.size() - overhead, '\0');
        if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                       box.data() + crypto_secretbox_NONCEBYTES,
                                       box.size() - crypto_secretbox_NONCEBYTES, box.data(),
                                       key.data()) != 0) {
            return std::nullopt;
        }
        return plain;
    }

    std::int64_t changes() const { return sqlite3_changes64(db.handle()); }

    std::expected<bool, std::string> exists(std::int64_t seq) const {
        auto st = db.prepare("SELECT 1 FROM outbox WHERE seq = ?");
        if (!st) return std::unexpected(fail(st.error()));
        st->bind(1, seq);
        auto row = st->step();
        if (!row) return std::unexpected(fail(row.error()));
        return *row;
    }

    // Runs an UPDATE of one row; no row with that seq is an error, a row whose state made the
    // WHERE clause skip it is not (the update no longer applies).
    std::expected<void, std::string> update(std::string_view sql, std::int64_t seq,
                                            const std::function<void(base::Statement&)>& bind) {
        flush_owed_checkpoint();
        auto st = db.prepare(sql);
        if (!st) return std::unexpected(fail(st.error()));
        bind(*st);
        if (auto ok = st->run(); !ok) return std::unexpected(fail(ok.error()));
        if (changes() == 0) {
            auto there = exists(seq);
            if (!there) return std::unexpected(there.error());
            if (!*there) return std::unexpected("no request with seq " + std::to_string(seq));
        }
        return {};
    }

    // Moves erased pages out of the WAL into the database file (where secure_delete zeroed the
    // old bytes) and truncates the WAL, so no earlier page image with the ciphertext survives.
    void checkpoint() const {
        auto st = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        bool done = false;
        if (st) {
            auto row = st->step();
            done = row && *row && st->integer(0) == 0;
        }
        checkpoint_owed = !done;
        if (!done) base::log::warn(kLog, "WAL checkpoint after erasure postponed (database busy)");
    }

    void flush_owed_checkpoint() const {
        if (checkpoint_owed) checkpoint();
    }

    std::expected<std::vector<StoredRequest>, std::string> select(
        const std::string& where, const std::function<void(base::Statement&)>& bind) const {
        std::vector<StoredRequest> out;
        auto st = db.prepare(std::string("SELECT ") + kColumns + " FROM outbox " + where);
        if (!st) return std::unexpected(read_failed(st.error()));
        bind(*st);
        while (true) {
            auto row = st->step();
            if (!row) return std::unexpected(read_failed(row.error()));
            if (!*row) break;
            out.push_back(row_to_request(*st));
        }
        return out;
    }

    // The first row of a select, if any.
    std::expected<std::optional<StoredRequest>, std::string> select_one(
        const std::string& where, const std::function<void(base::Statement&)>& bind) const {
        auto rows = select(where, bind);
        if (!rows) return std::unexpected(rows.error());
        if (rows->empty()) return std::optional<StoredRequest>();
        return std::optional(std::move(rows->front()));
    }

    // One integer (COUNT, MIN); nullopt when the query gives NULL.
    std::expected<std::optional<std::int64_t>, std::string> scalar(std::string_view sql) const {
        auto st = db.prepare(sql);
        if (!st) return std::unexpected(read_failed(st.error()));
        auto row = st->step();
        if (!row) return std::unexpected(read_failed(row.error()));
        if (!*row || st->is_null(0)) return std::optional<std::int64_t>();
        return std::optional(st->integer(0));
    }

    // Logged here, once, as the error it is; the caller decides what the person is told.
    std::string read_failed(const std::string& what) const {
        auto message = fail(what);
        base::log::error(kLog, "cannot read: ", message);
        return message;
    }

    std::expected<std::optional<std::string>, std::string> meta(const std::string& name) const {
        auto st = db.prepare("SELECT value FROM outbox_meta WHERE key = ?");
        if (!st) return std::unexpected(fail(st.error()));
        st->bind(1, name);
        auto row = st->step();
        if (!row) return std::unexpected(fail(row.error()));
        if (!*row) return std::optional<std::string>();
        return std::optional(st->text(0));
    }

    std::expected<void, std::string> set_meta(const std::string& name, const std::string& value) {
        auto st = db.prepare(
            "INSERT INTO outbox_meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        if (!st) return std::unexpected(st.error());
        return st->bind(1, name).bind(2, value).run();
    }

    // The INSERT and the day counter, inside the caller's transaction.
    std::expected<std::int64_t, std::string> insert(const NewRequest& r) {
        const std::string day = local_day(r.submitted_at);
        const std::string counter_key = "local_no_counter:" + day;
        std::int64_t counter = 0;
        auto v = meta(counter_key);
        if (!v) return std::unexpected(v.error());
        if (*v) counter = std::strtoll((*v)->c_str(), nullptr, 10);
        ++counter;
        if (auto ok = set_meta(counter_key, std::to_string(counter)); !ok)
            return std::unexpected(ok.error());
        char local_no[32];
        std::snprintf(local_no, sizeof local_no, "A-%s-%04lld", day.c_str(),
                      static_cast<long long>(counter));

        auto st = db.prepare(
            "INSERT INTO outbox (local_no, idempotency_key, item, item_name, service, id_cipher, "
            "phone_cipher, id_masked, phone_masked, missing_materials, staff, submitted_at, "
            "deadline, deadline_working_days, state, next_attempt_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0) RETURNING seq");
        if (!st) return std::unexpected(st.error());
        const auto id_box = seal(r.id_number);
        const auto phone_box = seal(r.phone);
        st->bind(1, std::string_view(local_no))
            .bind(2, new_idempotency_key())
            .bind(3, r.item)
            .bind(4, r.item_name)
            .bind(5, r.service)
            .bind_blob(6, id_box)
            .bind_blob(7, phone_box)
            .bind(8, r.id_masked)
            .bind(9, r.phone_masked)
            .bind(10, api::materials_to_text(r.missing_materials))
            .bind(11, r.staff)
            .bind(12, r.submitted_at)
            .bind(13, r.deadline)
            .bind(14, std::int64_t{r.deadline_working_days});
        auto row = st->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return std::unexpected(std::string("insert returned no row"));
        const std::int64_t seq = st->integer(0);
        if (auto done = st->run(); !done) return std::unexpected(done.error());
        return seq;
    }
};

Outbox::Outbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Outbox::~Outbox() {
    if (impl_) {
        std::lock_guard lock(impl_->mutex);
        impl_->flush_owed_checkpoint();
    }
}

std::expected<std::unique_ptr<Outbox>, std::string> Outbox::open(
    const std::filesystem::path& data_dir) {
    // sodium_init is itself safe to call repeatedly; the static makes it once per process.
    static const int sodium_ready = sodium_init();
    if (sodium_ready < 0) return std::unexpected(std::string("libsodium could not initialise"));

    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return std::unexpected(data_dir.string() + ": " + ec.message());

    const auto db_path = data_dir / "state.db";
    auto db = base::Database::open(db_path.string(), base::Database::Mode::read_write_create);
    if (!db) return std::unexpected(db_path.string() + ": " + db.error());
    auto impl = std::make_unique<Impl>(db_path, std::move(*db));
    // busy_timeout: other parts of the kiosk write the same file through their own connections.
    // secure_delete: freed bytes (erased ciphertexts) are overwritten with zeros, not left behind.
    for (const char* sql : {"PRAGMA busy_timeout=5000", "PRAGMA journal_mode=WAL",
                            "PRAGMA synchronous=NORMAL", "PRAGMA secure_delete=ON", kSchema}) {
        if (auto ok = impl->db.exec(sql); !ok) return std::unexpected(impl->fail(ok.error()));
    }

    // A read that fails here must not pass for "nothing encrypted": a new key would strand what
    // the old one sealed.
    auto encrypted = impl->scalar(
        "SELECT 1 FROM outbox WHERE id_cipher IS NOT NULL OR phone_cipher IS NOT NULL LIMIT 1");
    if (!encrypted) return std::unexpected(encrypted.error());
    auto key = open_key(data_dir / "outbox.key", encrypted->has_value());
    if (!key) return std::unexpected(key.error());
    impl->key = *key;
    sodium_memzero(key->data(), key->size());
    return std::unique_ptr<Outbox>(new Outbox(std::move(impl)));
}

std::expected<StoredRequest, std::string> Outbox::store(const NewRequest& request) {
    if (request.item.empty()) return std::unexpected(std::string("request without an item"));
    if (request.id_number.empty())
        return std::unexpected(std::string("request without an ID number"));
    std::lock_guard lock(impl_->mutex);
    auto& db = impl_->db;
    impl_->flush_owed_checkpoint();
    // FULL: the WAL is fsynced at COMMIT, so 「已提交」 on screen means on disk. The other writes
    // stay NORMAL (a power cut may undo the last of them, which the next sync pass redoes).
    if (auto ok = db.exec("PRAGMA synchronous=FULL"); !ok)
        return std::unexpected(not_saved(impl_->fail(ok.error())));
    auto restore = [&] { (void)db.exec("PRAGMA synchronous=NORMAL"); };
    if (auto ok = db.exec("BEGIN IMMEDIATE"); !ok) {
        restore();
        return std::unexpected(not_saved(impl_->fail(ok.error())));
    }
    auto seq = impl_->insert(request);
    if (seq) {
        if (auto ok = db.exec("COMMIT"); !ok) seq = std::unexpected(ok.error());
    }
    if (!seq) {
        (void)db.exec("ROLLBACK");  // may already be rolled back (a full disk): harmless then
        restore();
        auto why = not_saved(impl_->fail(seq.error()));
        base::log::error(kLog, why);
        return std::unexpected(std::move(why));
    }
    restore();
    // Committed: from here on it is stored, even if reading it back fails.
    auto row = impl_->select_one("WHERE seq = ?", [&](base::Statement& st) { st.bind(1, *seq); });
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::unexpected(impl_->fail("stored request not found again"));
    base::log::info(kLog, "stored ", (*row)->local_no, " (", (*row)->item, ")");
    return std::move(**row);
}

std::expected<std::vector<StoredRequest>, std::string> Outbox::list() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->select("ORDER BY seq", [](base::Statement&) {});
}

std::expected<std::optional<StoredRequest>, std::string> Outbox::find_local(
    const std::string& local_no) const {
    std::lock_guard lock(impl_->mutex);
    return impl_->select_one("WHERE local_no = ?",
                             [&](base::Statement& st) { st.bind(1, local_no); });
}

std::expected<std::optional<StoredRequest>, std::string> Outbox::find_case(
    const std::string& case_no) const {
    if (case_no.empty()) return std::optional<StoredRequest>();
    std::lock_guard lock(impl_->mutex);
    return impl_->select_one("WHERE case_no = ?",
                             [&](base::Statement& st) { st.bind(1, case_no); });
}

std::expected<std::vector<Outbox::Due>, std::string> Outbox::due(std::int64_t now_ms) const {
    std::lock_guard lock(impl_->mutex);
    auto& db = impl_->db;
    std::vector<Due> out;
    std::vector<std::int64_t> unreadable;
    auto st = db.prepare(std::string("SELECT ") + kColumns +
                         ", id_cipher, phone_cipher FROM outbox WHERE state IN " + kPendingStates +
                         " AND next_attempt_ms <= ? ORDER BY seq");
    if (!st) return std::unexpected(impl_->read_failed(st.error()));
    st->bind(1, now_ms);
    while (true) {
        auto row = st->step();
        if (!row) return std::unexpected(impl_->read_failed(row.error()));
        if (!*row) break;
        Due d;
        d.request = row_to_request(*st);
        auto id = impl_->unseal(st->blob(kColumnCount));
        auto phone = impl_->unseal(st->blob(kColumnCount + 1));
        if (!id || !phone) {
            unreadable.push_back(d.request.seq);
            base::log::error(kLog, d.request.local_no,
                             ": personal data does not decrypt; needs attention");
            continue;
        }
        d.id_number = std::move(*id);
        d.phone = std::move(*phone);
        out.push_back(std::move(d));
    }
    st->reset();
    // Sending it without the ID number is pointless and retrying cannot help: staff must see it.
    for (const auto seq : unreadable) {
        auto up =
            db.prepare("UPDATE outbox SET state = 'needs-attention', last_error = ? WHERE seq = ?");
        if (!up) continue;
        (void)up
            ->bind(1, std::string_view("personal data cannot be decrypted (outbox.key replaced?)"))
            .bind(2, seq)
            .run();
    }
    return out;
}

std::expected<std::int64_t, std::string> Outbox::pending() const {
    std::lock_guard lock(impl_->mutex);
    auto n =
        impl_->scalar(std::string("SELECT COUNT(*) FROM outbox WHERE state IN ") + kPendingStates);
    if (!n) return std::unexpected(n.error());
    return n->value_or(0);
}

std::expected<std::optional<std::int64_t>, std::string> Outbox::next_due_ms() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->scalar(std::string("SELECT MIN(next_attempt_ms) FROM outbox WHERE state IN ") +
                         kPendingStates);
}

std::expected<void, std::string> Outbox::mark_sending(std::int64_t seq) {
    std::lock_guard lock(impl_->mutex);
    return impl_->update(std::string("UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
                                     "WHERE seq = ? AND state IN ") +
                             kPendingStates,
                         seq, [&](base::Statement& st) { st.bind(1, seq); });
}

std::expected<void, std::string> Outbox::mark_delivered(std::int64_t seq,
                                                        const std::string& case_no) {
    if (case_no.empty()) return std::unexpected(std::string("delivered without a case number"));
    std::lock_guard lock(impl_->mutex);
    // A reply may have got there first (matched by key): then the state is already further on
    // and the case number already set; only the erasure is repeated.
    auto ok = impl_->update(
        "UPDATE outbox SET "
        "state = CASE WHEN state IN ('queued', 'sending', 'needs-attention') THEN 'delivered' "
        "ELSE state END, "
        "case_no = CASE WHEN case_no = '' THEN ? ELSE case_no END, "
        "id_cipher = NULL, phone_cipher = NULL, last_error = '' WHERE seq = ?",
        seq, [&](base::Statement& st) { st.bind(1, case_no).bind(2, seq); });
    if (ok) impl_->checkpoint();
    return ok;
}

std::expected<void, std::string> Outbox::mark_retry(std::int64_t seq, const std::string& error,
                                                    std::int64_t next_ms) {
    std::lock_guard lock(impl_->mutex);
    return impl_->update(
        std::string("UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_ms = ? "
                    "WHERE seq = ? AND state IN ") +
            kPendingStates,
        seq, [&](base::Statement& st) { st.bind(1, error).bind(2, next_ms).bind(3, seq); });
}

std::expected<void, std::string> Outbox::mark_needs_attention(std::int64_t seq,
                                                              const std::string& error) {
    std::lock_guard lock(impl_->mutex);
    // The county does not have it, so the encrypted personal data stays for staff to act on.
    return impl_->update(std::string("UPDATE outbox SET state = 'needs-attention', last_error = ? "
                                     "WHERE seq = ? AND state IN ") +
                             kPendingStates,
                         seq, [&](base::Statement& st) { st.bind(1, error).bind(2, seq); });
}

std::expected<void, std::string> Outbox::apply_reply(const std::string& case_no,
                                                     const std::string& state,
                                                     const std::string& text,
                                                     const std::string& replied_at,
                                                     const std::string& idempotency_key) {
    const auto next = state_for_reply(state);
    if (!next) return std::unexpected("reply state \"" + state + "\" unknown");
    if (case_no.empty()) return std::unexpected(std::string("reply without a case number"));
    std::lock_guard lock(impl_->mutex);
    auto found =
        impl_->select_one("WHERE case_no = ?", [&](base::Statement& st) { st.bind(1, case_no); });
    if (found && !*found && !idempotency_key.empty()) {
        found = impl_->select_one("WHERE idempotency_key = ? AND case_no = ''",
                                  [&](base::Statement& st) { st.bind(1, idempotency_key); });
    }
    if (!found) return std::unexpected(found.error());
    if (!*found) return std::unexpected("no request with case " + case_no);
    const auto& r = **found;
    // A reply proves the county has the request, whatever the kiosk last heard: personal data
    // goes, like on delivery.
    auto ok = impl_->update(
        "UPDATE outbox SET state = ?, case_no = ?, reply_state = ?, reply_text = ?, "
        "replied_at = ?, id_cipher = NULL, phone_cipher = NULL, last_error = '' WHERE seq = ?",
        r.seq, [&](base::Statement& st) {
            st.bind(1, state_name(*next))
                .bind(2, case_no)
                .bind(3, state)
                .bind(4, text)
                .bind(5, replied_at)
                .bind(6, r.seq);
        });
    if (ok && !r.personal_data_erased) impl_->checkpoint();
    return ok;
}

std::expected<void, std::string> Outbox::set_rating(const std::string& local_no,
                                                    const std::string& rating) {
    if (!api::is_rating(rating)) return std::unexpected("rating \"" + rating + "\" unknown");
    std::lock_guard lock(impl_->mutex);
    auto found =
        impl_->select_one("WHERE local_no = ?", [&](base::Statement& st) { st.bind(1, local_no); });
    if (!found) return std::unexpected(found.error());
    if (!*found) return std::unexpected("no request " + local_no);
    if ((*found)->rating_sent) {
        return std::unexpected(local_no + ": the evaluation was already sent");
    }
    const std::int64_t seq = (*found)->seq;
    return impl_->update("UPDATE outbox SET rating = ?, rating_error = '' WHERE seq = ?", seq,
                         [&](base::Statement& st) { st.bind(1, rating).bind(2, seq); });
}

std::expected<std::vector<StoredRequest>, std::string> Outbox::ratings_due() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->select(
        "WHERE rating != '' AND rating_sent = 0 AND rating_error = '' AND reply_state = 'done' "
        "AND case_no != '' ORDER BY seq",
        [](base::Statement&) {});
}

std::expected<void, std::string> Outbox::mark_rating_sent(std::int64_t seq) {
    std::lock_guard lock(impl_->mutex);
    return impl_->update("UPDATE outbox SET rating_sent = 1, rating_error = '' WHERE seq = ?", seq,
                         [&](base::Statement& st) { st.bind(1, seq); });
}

std::expected<void, std::string> Outbox::mark_rating_refused(std::int64_t seq,
                                                             const std::string& error) {
    if (error.empty()) return std::unexpected(std::string("refusal without a reason"));
    std::lock_guard lock(impl_->mutex);
    return impl_->update("UPDATE outbox SET rating_error = ? WHERE seq = ?", seq,
                         [&](base::Statement& st) { st.bind(1, error).bind(2, seq); });
}

std::expected<std::int64_t, std::string> Outbox::reply_cursor() const {
    std::lock_guard lock(impl_->mutex);
    const auto v = impl_->meta("reply_cursor");
    if (!v) return std::unexpected(impl_->read_failed(v.error()));
    return *v ? std::strtoll((*v)->c_str(), nullptr, 10) : 0;
}

std::expected<void, std::string> Outbox::set_reply_cursor(std::int64_t cursor) {
    std::lock_guard lock(impl_->mutex);
    if (auto ok = impl_->set_meta("reply_cursor", std::to_string(cursor)); !ok) {
        return std::unexpected(impl_->fail(ok.error()));
    }
    return {};
}

}  // namespace net
