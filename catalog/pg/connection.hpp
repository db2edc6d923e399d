#pragma once
/// RAII owners for libpq: a pinned, read-only Connection, its Results, COPY-out streams and
/// cancel handles. Every other folder talks to the server only through this header; libpq's own
/// header stays in catalog/pg/*.cpp.
///
/// A Connection and everything obtained from it belongs to one thread at a time. A Canceller
/// may be used from any thread (PQcancel is thread- and signal-safe).

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace gpparity::catalog::pg {

struct ConnDeleter {
    void operator()(pg_conn* conn) const noexcept;
};
struct ResultDeleter {
    void operator()(pg_result* result) const noexcept;
};
struct CancelDeleter {
    void operator()(pg_cancel* cancel) const noexcept;
};
struct CopyBufferDeleter {
    void operator()(char* buffer) const noexcept;
};

/// Counts the connections open at once through the SessionOptions that carry it (one per
/// cluster), and the most that were ever open together: the evidence for the connection budget
/// (--jobs per cluster plus one for the catalog). Thread-safe.
class ConnectionGauge {
public:
    [[nodiscard]] int open() const noexcept { return m_open.load(std::memory_order_relaxed); }
    [[nodiscard]] int peak() const noexcept { return m_peak.load(std::memory_order_relaxed); }

    /// One open connection's place on a gauge: counted while it lives, released when it is
    /// destroyed or moved over. Moved-from and default slots count nothing.
    class Slot {
    public:
        Slot() = default;
        explicit Slot(std::shared_ptr<ConnectionGauge> gauge) noexcept;
        Slot(Slot&& other) noexcept = default;
        Slot& operator=(Slot&& other) noexcept;
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot();

    private:
        std::shared_ptr<ConnectionGauge> m_gauge;
    };

private:
    std::atomic<int> m_open{0};
    std::atomic<int> m_peak{0};
};

/// Session settings every gpparity connection pins (DESIGN.md §4).
struct SessionOptions {
    /// 0 = no statement timeout (a COPY of a large table may take hours).
    long statement_timeout_ms = 0;
    /// Never wait behind DDL for long.
    long lock_timeout_ms = 30000;
    /// "options" extra to pass at startup, e.g. "-c gp_role=utility" for a segment.
    std::string startup_options;
    /// Used as the first word of every message ("source", "target", "source segment 3").
    std::string label = "server";
    /// Counts the connection while it is open (a cluster's gauge); null counts nothing.
    std::shared_ptr<ConnectionGauge> gauge;
};

/// The result of one statement. Values are views into the result and live as long as it.
class Result {
public:
    explicit Result(pg_result* result) noexcept : m_result(result) {}

    [[nodiscard]] int rows() const noexcept;
    [[nodiscard]] int columns() const noexcept;
    /// Column index by name; throws QueryError when absent (a programming error in our SQL).
    [[nodiscard]] int column(std::string_view name) const;
    /// The name (alias) of column `col`.
    [[nodiscard]] std::string_view column_name(int col) const noexcept;
    [[nodiscard]] bool is_null(int row, int col) const noexcept;
    /// The text value; an empty view for NULL.
    [[nodiscard]] std::string_view value(int row, int col) const noexcept;
    [[nodiscard]] std::string text(int row, int col) const { return std::string(value(row, col)); }
    [[nodiscard]] std::optional<std::string> optional_text(int row, int col) const;
    [[nodiscard]] long long integer(int row, int col) const;
    /// "t"/"f" as bool; NULL as false.
    [[nodiscard]] bool boolean(int row, int col) const noexcept;

private:
    std::unique_ptr<pg_result, ResultDeleter> m_result;
};

/// A cancel handle for one connection, usable from another thread or a signal handler.
class Canceller {
public:
    explicit Canceller(pg_cancel* cancel) noexcept : m_cancel(cancel) {}
    /// Asks the server to cancel the running statement. Returns false when the request failed.
    bool cancel() const noexcept;

private:
    std::unique_ptr<pg_cancel, CancelDeleter> m_cancel;
};

class Connection;

/// A COPY ... TO STDOUT in progress. Rows come as views valid until the next call.
class CopyOutStream {
public:
    CopyOutStream(CopyOutStream&&) noexcept = default;
    CopyOutStream& operator=(CopyOutStream&&) noexcept = default;
    ~CopyOutStream() = default;

    /// The next chunk (one row in text format, one row/header/trailer piece in binary
    /// format), or nullopt at the end. Throws QueryError if the COPY failed.
    [[nodiscard]] std::optional<std::string_view> next();
    /// Bytes received so far.
    [[nodiscard]] std::size_t bytes() const noexcept { return m_bytes; }

private:
    friend class Connection;
    CopyOutStream(Connection& conn, std::string statement) noexcept
        : m_conn(&conn), m_statement(std::move(statement)) {}

    Connection* m_conn;
    std::string m_statement;
    std::unique_ptr<char, CopyBufferDeleter> m_buffer;
    std::size_t m_bytes = 0;
    bool m_done = false;
};

/// An open, pinned, read-only session. Move-only.
class Connection {
public:
    /// Opens a connection from a libpq connection string or URI (PG* variables and .pgpass
    /// apply), then pins the session. `overrides` replace keywords of the string (host, port,
    /// dbname...). Throws UsageError for a malformed string, ConnectionError otherwise; the
    /// message starts with options.label and never contains a password.
    static Connection open(const std::string& conninfo, const SessionOptions& options,
                           const std::vector<std::pair<std::string, std::string>>& overrides = {});

    Connection(Connection&&) noexcept = default;
    Connection& operator=(Connection&&) noexcept = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { m_conn.reset(); }

    /// Runs one statement (or several separated by ';' with no parameters). Throws QueryError
    /// (with SQLSTATE and statement) on failure, ConnectionError if the connection is gone.
    Result exec(const std::string& sql);
    /// Runs one statement with text parameters ($1, $2...); nullopt is SQL NULL.
    Result exec_params(const std::string& sql,
                       const std::vector<std::optional<std::string>>& params);
    /// Starts a COPY ... TO STDOUT; the stream must be drained before the next statement.
    CopyOutStream copy_out(const std::string& sql);

    /// Identifier quoting through libpq (PQescapeIdentifier): always quotes.
    [[nodiscard]] std::string quote_ident(std::string_view name) const;
    /// Literal quoting through libpq (PQescapeLiteral).
    [[nodiscard]] std::string quote_literal(std::string_view value) const;

    /// A server parameter reported at startup (server_version, gp_server_version...), or empty.
    [[nodiscard]] std::string parameter_status(const char* name) const;
    [[nodiscard]] int server_version_num() const noexcept;
    [[nodiscard]] Canceller canceller() const;
    [[nodiscard]] const std::string& label() const noexcept { return m_label; }
    /// The password libpq used, if any (kept only to redact it from messages).
    [[nodiscard]] const std::string& secret() const noexcept { return m_secret; }
    /// The current database and user (as the server reports them).
    [[nodiscard]] std::string database() const;
    [[nodiscard]] std::string user() const;
    /// Host and port this connection reached.
    [[nodiscard]] std::string host() const;
    [[nodiscard]] std::string port() const;

    /// Opens a READ ONLY REPEATABLE READ transaction; commit() ends it (a read-only commit).
    void begin_read_only_snapshot();
    void commit();

    [[nodiscard]] pg_conn* raw() const noexcept { return m_conn.get(); }

private:
    Connection() = default;
    [[noreturn]] void throw_query_error(const pg_result* result, const std::string& sql) const;
    Result check(pg_result* result, const std::string& sql, int expected_status);

    std::unique_ptr<pg_conn, ConnDeleter> m_conn;
    // After m_conn: a move assignment closes the old connection before releasing its slot, and
    // the destructor closes it first too, so the gauge never shows fewer than are open.
    ConnectionGauge::Slot m_slot;
    std::string m_label;
    std::string m_secret;
    friend class CopyOutStream;
};

/// A quoted, schema-qualified relation name: "schema"."name".
[[nodiscard]] std::string qualified_name(const Connection& conn, std::string_view schema,
                                         std::string_view name);

} // namespace gpparity::catalog::pg
