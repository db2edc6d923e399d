#pragma once
/// Integration-test support: what a role ran, read back from the servers' own logs. A test sets
/// `log_statement = 'all'` on a role, remembers where each server's log ends, runs gpparity as
/// that role, and reads the statements logged since: on the PostgreSQL harness servers from their
/// stderr log (GPPARITY_TEST_PG<i>_LOG), on Greenplum from the CSV logs in the log_directory of
/// the coordinator and of every primary. Proves gpparity only reads (issue 18, point 5).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gpparity::testing {

/// The logs of a set of servers from the moment each was watched.
class ServerLogs {
public:
    /// Watches harness server `index` (1 or 2): its stderr log, from its current end. Fails the
    /// test when GPPARITY_TEST_PG<index>_LOG is not set or not readable.
    void watch_harness_server(int index);

    /// Watches the coordinator and every primary of the Greenplum cluster at `gp_conninfo`
    /// (superuser): every CSV file in each instance's log_directory, from its current end. The
    /// servers are labelled "<label> coordinator", "<label> segment <content>".
    void watch_greenplum(const std::string& gp_conninfo, const std::string& label);

    /// The statements logged since watching began, by server label (every watched server has an
    /// entry, maybe empty). On Greenplum only the lines of `role` count; the harness servers log
    /// statements only for the role the test set log_statement on. A simple-query string of
    /// several statements is split into them.
    [[nodiscard]] std::map<std::string, std::vector<std::string>>
    statements_since(const std::string& role) const;

    /// True when the log of every watched server holds `text` somewhere after where it ended
    /// when watching began (raw bytes, nothing parsed: cheap enough to poll).
    [[nodiscard]] bool all_logged_since(const std::string& text) const;

private:
    struct Watched {
        std::string label;
        std::string directory; ///< a Greenplum log directory, or empty for one harness file
        std::string file;      ///< the harness log file
        std::map<std::string, std::uintmax_t> sizes; ///< path -> size when watching began
    };
    /// What server `w` logged since watching began, file by file.
    [[nodiscard]] static std::vector<std::string> new_text(const Watched& w);

    std::vector<Watched> m_watched;
};

/// Splits a simple-query string at `;` outside quotes, dollar quotes and comments; drops empty
/// statements and surrounding whitespace.
[[nodiscard]] std::vector<std::string> split_statements(const std::string& text);

/// True for the statements a read-only client may run: SELECT (and WITH) without INTO, row locks
/// or data-modifying CTEs, and without functions that write (nextval, setval, lo_*, ...);
/// COPY ... TO STDOUT; SET and SHOW (never turning transaction_read_only off); BEGIN / START
/// TRANSACTION ... READ ONLY; COMMIT, END, ROLLBACK; LOAD. String literals are ignored.
[[nodiscard]] bool is_read_only_statement(const std::string& statement);

} // namespace gpparity::testing
