#include "catalog/pg/connection.hpp"

#include "catalog/error.hpp"
#include "catalog/pg/conninfo.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace gpparity::catalog::pg {

void ConnDeleter::operator()(pg_conn* conn) const noexcept {
    PQfinish(conn);
}
void ResultDeleter::operator()(pg_result* result) const noexcept {
    PQclear(result);
}
void CancelDeleter::operator()(pg_cancel* cancel) const noexcept {
    PQfreeCancel(cancel);
}
void CopyBufferDeleter::operator()(char* buffer) const noexcept {
    PQfreemem(buffer);
}

namespace {

bool looks_like_conninfo(const std::string& s) {
    return s.find('=') != std::string::npos || s.rfind("postgresql://", 0) == 0 ||
           s.rfind("postgres://", 0) == 0;
}

// DESIGN.md §4: every session is pinned so that text output, hashing and catalog deparsing
// do not depend on server or database defaults. Settings that exist only on some versions
// (idle_in_transaction_session_timeout: PG 9.6+, absent on GP6; gp_use_legacy_hashops:
// Greenplum only) are set through pg_settings so that a missing one is not an error.
std::string session_setup_sql(const SessionOptions& options) {
    std::string sql =
        "SET search_path = pg_catalog; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = postgres; "
        "SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET bytea_output = hex; "
        "SET client_encoding = 'UTF8'; SET lc_monetary = 'C'; "
        "SET standard_conforming_strings = on; SET default_transaction_read_only = on; "
        "SET application_name = gpparity; ";
    sql += "SET lock_timeout = " + std::to_string(options.lock_timeout_ms) + "; ";
    sql += "SET statement_timeout = " + std::to_string(options.statement_timeout_ms) + "; ";
    sql += "SELECT pg_catalog.set_config(s.name, s.value, false) FROM pg_catalog.pg_settings p "
           "JOIN (VALUES ('idle_in_transaction_session_timeout', '0'), "
           "('gp_use_legacy_hashops', 'off')) AS s(name, value) ON p.name = s.name";
    return sql;
}

} // namespace

// ---------------------------------------------------------------------------------------- Result

int Result::rows() const noexcept {
    return PQntuples(m_result.get());
}
int Result::columns() const noexcept {
    return PQnfields(m_result.get());
}

int Result::column(std::string_view name) const {
    for (int i = 0; i < columns(); ++i) {
        if (name == PQfname(m_result.get(), i)) {
            return i;
        }
    }
    throw QueryError("result has no column \"" + std::string(name) + "\"", "", "");
}

bool Result::is_null(int row, int col) const noexcept {
    return PQgetisnull(m_result.get(), row, col) != 0;
}

std::string_view Result::value(int row, int col) const noexcept {
    const char* v = PQgetvalue(m_result.get(), row, col);
    return {v, static_cast<std::size_t>(PQgetlength(m_result.get(), row, col))};
}

std::string_view Result::column_name(int col) const noexcept {
    const char* name = PQfname(m_result.get(), col);
    return name == nullptr ? std::string_view() : std::string_view(name);
}

std::optional<std::string> Result::optional_text(int row, int col) const {
    if (is_null(row, col)) {
        return std::nullopt;
    }
    return text(row, col);
}

long long Result::integer(int row, int col) const {
    std::string_view v = value(row, col);
    long long out = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || ptr != v.data() + v.size()) {
        throw QueryError("expected an integer in column " + std::to_string(col) + ", got \"" +
                             std::string(v) + "\"",
                         "", "");
    }
    return out;
}

bool Result::boolean(int row, int col) const noexcept {
    std::string_view v = value(row, col);
    return v == "t" || v == "true" || v == "on";
}

// ------------------------------------------------------------------------------------- Canceller

bool Canceller::cancel() const noexcept {
    if (!m_cancel) {
        return false;
    }
    char errbuf[256];
    return PQcancel(m_cancel.get(), errbuf, sizeof errbuf) != 0;
}

// ---------------------------------------------------------------------------------- CopyOutStream

std::optional<std::string_view> CopyOutStream::next() {
    if (m_done) {
        return std::nullopt;
    }
    m_buffer.reset();
    char* raw = nullptr;
    int length = PQgetCopyData(m_conn->raw(), &raw, 0);
    if (length > 0) {
        m_buffer.reset(raw);
        m_bytes += static_cast<std::size_t>(length);
        return std::string_view(raw, static_cast<std::size_t>(length));
    }
    m_done = true;
    if (length == -2) {
        throw ConnectionError(m_conn->label() + ": COPY failed: " +
                              redact(one_line(PQerrorMessage(m_conn->raw())), m_conn->secret()));
    }
    // length == -1: the COPY ended; its final status tells whether it succeeded.
    for (;;) {
        PGresult* result = PQgetResult(m_conn->raw());
        if (result == nullptr) {
            break;
        }
        std::unique_ptr<pg_result, ResultDeleter> owner(result);
        if (PQresultStatus(result) != PGRES_COMMAND_OK) {
            m_conn->throw_query_error(result, m_statement);
        }
    }
    return std::nullopt;
}

// ------------------------------------------------------------------------------- ConnectionGauge

ConnectionGauge::Slot::Slot(std::shared_ptr<ConnectionGauge> gauge) noexcept
    : m_gauge(std::move(gauge)) {
    if (m_gauge) {
        const int now = m_gauge->m_open.fetch_add(1, std::memory_order_relaxed) + 1;
        int peak = m_gauge->m_peak.load(std::memory_order_relaxed);
        while (now > peak &&
               !m_gauge->m_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
        }
    }
}

ConnectionGauge::Slot& ConnectionGauge::Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        if (m_gauge) {
            m_gauge->m_open.fetch_sub(1, std::memory_order_relaxed);
        }
        m_gauge = std::move(other.m_gauge);
    }
    return *this;
}

ConnectionGauge::Slot::~Slot() {
    if (m_gauge) {
        m_gauge->m_open.fetch_sub(1, std::memory_order_relaxed);
    }
}

// ------------------------------------------------------------------------------------ Connection

Connection Connection::open(const std::string& conninfo, const SessionOptions& options,
                            const std::vector<std::pair<std::string, std::string>>& overrides) {
    const std::string& label = options.label;
    std::vector<ConninfoOption> user_options;
    if (looks_like_conninfo(conninfo)) {
        try {
            user_options = parse_conninfo(conninfo);
        } catch (const UsageError& e) {
            throw UsageError(label + ": " + e.what());
        }
    }

    std::vector<std::pair<std::string, std::string>> params;
    if (std::getenv("PGCONNECT_TIMEOUT") == nullptr) {
        params.emplace_back("connect_timeout", "15");
    }
    params.emplace_back("fallback_application_name", "gpparity");
    // GSSAPI *encryption* (PostgreSQL 12+ servers only; GP6 has none) is not tried unless asked
    // for: with libpq's default gssencmode=prefer, every connection probes the Kerberos
    // credential cache, and MIT krb5 was seen aborting the process at exit
    // ("k5_mutex_unlock: Received error 22") after parallel connections. GSSAPI
    // authentication is unaffected; a gssencmode in the connection string or PGGSSENCMODE
    // wins (the connection string is expanded after this default).
    if (std::getenv("PGGSSENCMODE") == nullptr) {
        params.emplace_back("gssencmode", "disable");
    }
    params.emplace_back("dbname", conninfo);
    for (const auto& kv : overrides) {
        params.push_back(kv);
    }
    if (!options.startup_options.empty()) {
        std::string startup;
        for (const auto& [key, value] : user_options) {
            if (key == "options") {
                startup = value;
            }
        }
        if (startup.empty() && std::getenv("PGOPTIONS") != nullptr) {
            startup = std::getenv("PGOPTIONS");
        }
        if (!startup.empty()) {
            startup += ' ';
        }
        startup += options.startup_options;
        params.emplace_back("options", startup);
    }

    std::vector<const char*> keywords;
    std::vector<const char*> values;
    for (const auto& [key, value] : params) {
        keywords.push_back(key.c_str());
        values.push_back(value.c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);

    Connection conn;
    conn.m_label = label;
    conn.m_conn.reset(PQconnectdbParams(keywords.data(), values.data(), 1));
    if (!conn.m_conn) {
        throw ConnectionError(label + ": cannot connect: out of memory");
    }
    if (const char* pass = PQpass(conn.raw()); pass != nullptr) {
        conn.m_secret = pass;
    }
    if (PQstatus(conn.raw()) != CONNECTION_OK) {
        std::string message = one_line(PQerrorMessage(conn.raw()));
        throw ConnectionError(label + ": cannot connect: " + redact(message, conn.m_secret));
    }
    if (options.gauge) {
        conn.m_slot = ConnectionGauge::Slot(options.gauge);
    }
    try {
        conn.exec(session_setup_sql(options));
    } catch (const QueryError& e) {
        throw ConnectionError(label + ": cannot pin the session settings: " + e.what());
    }
    return conn;
}

void Connection::throw_query_error(const pg_result* result, const std::string& sql) const {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    std::string message = one_line(PQresultErrorMessage(result));
    if (message.empty()) {
        message = one_line(PQerrorMessage(m_conn.get()));
    }
    if (PQstatus(m_conn.get()) != CONNECTION_OK) {
        throw ConnectionError(m_label + ": connection lost: " + redact(message, m_secret));
    }
    throw QueryError(m_label + ": " + redact(message, m_secret), state ? state : "", sql);
}

Result Connection::check(pg_result* raw, const std::string& sql, int expected_status) {
    Result result(raw);
    if (raw == nullptr) {
        throw ConnectionError(m_label + ": " +
                              redact(one_line(PQerrorMessage(m_conn.get())), m_secret));
    }
    ExecStatusType status = PQresultStatus(raw);
    if (status != expected_status &&
        !(expected_status == PGRES_TUPLES_OK && status == PGRES_COMMAND_OK)) {
        throw_query_error(raw, sql);
    }
    return result;
}

Result Connection::exec(const std::string& sql) {
    return check(PQexec(m_conn.get(), sql.c_str()), sql, PGRES_TUPLES_OK);
}

Result Connection::exec_params(const std::string& sql,
                               const std::vector<std::optional<std::string>>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
    }
    return check(PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0),
                 sql, PGRES_TUPLES_OK);
}

CopyOutStream Connection::copy_out(const std::string& sql) {
    PGresult* raw = PQexec(m_conn.get(), sql.c_str());
    if (raw == nullptr) {
        throw ConnectionError(m_label + ": " +
                              redact(one_line(PQerrorMessage(m_conn.get())), m_secret));
    }
    std::unique_ptr<pg_result, ResultDeleter> owner(raw);
    if (PQresultStatus(raw) != PGRES_COPY_OUT) {
        throw_query_error(raw, sql);
    }
    return CopyOutStream(*this, sql);
}

std::string Connection::quote_ident(std::string_view name) const {
    std::unique_ptr<char, CopyBufferDeleter> quoted(
        PQescapeIdentifier(m_conn.get(), name.data(), name.size()));
    if (!quoted) {
        throw QueryError(m_label +
                             ": cannot quote identifier: " + one_line(PQerrorMessage(m_conn.get())),
                         "", "");
    }
    return quoted.get();
}

std::string Connection::quote_literal(std::string_view value) const {
    std::unique_ptr<char, CopyBufferDeleter> quoted(
        PQescapeLiteral(m_conn.get(), value.data(), value.size()));
    if (!quoted) {
        throw QueryError(
            m_label + ": cannot quote literal: " + one_line(PQerrorMessage(m_conn.get())), "", "");
    }
    return quoted.get();
}

std::string Connection::parameter_status(const char* name) const {
    const char* v = PQparameterStatus(m_conn.get(), name);
    return v ? v : "";
}

int Connection::server_version_num() const noexcept {
    return PQserverVersion(m_conn.get());
}

Canceller Connection::canceller() const {
    return Canceller(PQgetCancel(m_conn.get()));
}

std::string Connection::database() const {
    return PQdb(m_conn.get());
}
std::string Connection::user() const {
    return PQuser(m_conn.get());
}
std::string Connection::host() const {
    const char* h = PQhost(m_conn.get());
    return h ? h : "";
}
std::string Connection::port() const {
    const char* p = PQport(m_conn.get());
    return p ? p : "";
}

void Connection::begin_read_only_snapshot() {
    exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

void Connection::commit() {
    exec("COMMIT");
}

std::string qualified_name(const Connection& conn, std::string_view schema, std::string_view name) {
    return conn.quote_ident(schema) + "." + conn.quote_ident(name);
}

} // namespace gpparity::catalog::pg
