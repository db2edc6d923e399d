#pragma once
/// The one root of gpparity's error types, and the kinds every layer throws.
/// Differences between clusters are data, never errors: these are for failures that stop an
/// operation. `cli/main.cpp` is the one catch site; it maps them to exit status 2.

#include <stdexcept>
#include <string>

namespace gpparity::catalog {

/// Root of every gpparity exception. `what()` is one line, names the side where it applies,
/// and never contains a password.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A connection could not be opened, or was lost.
class ConnectionError : public Error {
public:
    using Error::Error;
};

/// The server rejected a statement. Carries the SQLSTATE and the statement text.
class QueryError : public Error {
public:
    QueryError(const std::string& message, std::string sqlstate, std::string statement)
        : Error(message), m_sqlstate(std::move(sqlstate)), m_statement(std::move(statement)) {}
    [[nodiscard]] const std::string& sqlstate() const noexcept { return m_sqlstate; }
    [[nodiscard]] const std::string& statement() const noexcept { return m_statement; }

private:
    std::string m_sqlstate;
    std::string m_statement;
};

/// Bad arguments, a bad configuration file, an unreadable snapshot file.
class UsageError : public Error {
public:
    using Error::Error;
};

/// The run was cancelled (Ctrl-C or a signal).
class CancelledError : public Error {
public:
    using Error::Error;
};

} // namespace gpparity::catalog
