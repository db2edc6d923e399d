#include "tests/integration/support/server_log.hpp"

#include "tests/integration/support/servers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

namespace gpparity::testing {

namespace {

namespace fs = std::filesystem;

std::uintmax_t size_of(const std::string& path) {
    std::error_code error;
    auto size = fs::file_size(path, error);
    return error ? 0 : size;
}

std::string read_from(const std::string& path, std::uintmax_t offset) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ADD_FAILURE() << "cannot read server log " << path;
        return {};
    }
    in.seekg(static_cast<std::streamoff>(offset));
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::map<std::string, std::uintmax_t> csv_sizes(const std::string& directory) {
    std::map<std::string, std::uintmax_t> sizes;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory, error)) {
        if (entry.path().extension() == ".csv") {
            sizes[entry.path().string()] = size_of(entry.path().string());
        }
    }
    if (error) {
        ADD_FAILURE() << "cannot list server log directory " << directory << ": "
                      << error.message();
    }
    return sizes;
}

// The statement of a log_statement message: "statement: ..." (simple query) or
// "execute <name>: ..." (extended protocol); empty for any other message.
std::string logged_statement(const std::string& message) {
    static const std::regex k_statement(R"(^(statement|execute [^:]*): )");
    std::smatch m;
    if (!std::regex_search(message, m, k_statement, std::regex_constants::match_continuous)) {
        return {};
    }
    return message.substr(static_cast<std::size_t>(m.length(0)));
}

// Greenplum's CSV log: records of quoted fields that may hold newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            record.push_back(std::move(field));
            field.clear();
            records.push_back(std::move(record));
            record.clear();
        } else {
            field += c;
        }
    }
    return records;
}

// The harness's stderr log: a record starts with a timestamp; the lines of a multi-line
// message that follow it start with a tab.
std::vector<std::string> harness_statements(const std::string& text) {
    static const std::regex k_record_start(R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)");
    std::vector<std::string> records;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? end : end - start);
        start = end == std::string::npos ? text.size() : end + 1;
        if (std::regex_search(line, k_record_start, std::regex_constants::match_continuous) ||
            records.empty()) {
            records.push_back(line);
        } else {
            records.back() += "\n" + (line.starts_with("\t") ? line.substr(1) : line);
        }
    }
    std::vector<std::string> statements;
    for (const auto& record : records) {
        std::size_t at = record.find(" LOG:  ");
        if (at != std::string::npos) {
            std::string statement = logged_statement(record.substr(at + 7));
            if (!statement.empty()) {
                statements.push_back(statement);
            }
        }
    }
    return statements;
}

// `text` with string literals, quoted identifiers, dollar-quoted bodies and comments blanked,
// upper-cased, so keywords can be searched without matching data.
std::string code_only(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\'' || c == '"') {
            std::size_t end = i + 1;
            while (end < text.size()) {
                if (text[end] == c && end + 1 < text.size() && text[end + 1] == c) {
                    end += 2;
                } else if (text[end] == c) {
                    break;
                } else {
                    ++end;
                }
            }
            out += c == '"' ? " X " : " '' ";
            i = end + 1;
        } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            std::size_t end = text.find('\n', i);
            i = end == std::string::npos ? text.size() : end;
        } else if (c == '$') {
            static const std::regex k_tag(R"(^\$[A-Za-z_]*\$)");
            std::smatch m;
            std::string rest = text.substr(i, 64);
            if (std::regex_search(rest, m, k_tag, std::regex_constants::match_continuous)) {
                std::size_t end = text.find(m.str(0), i + static_cast<std::size_t>(m.length(0)));
                i = end == std::string::npos ? text.size()
                                             : end + static_cast<std::size_t>(m.length(0));
                out += " '' ";
            } else {
                out += c;
                ++i;
            }
        } else {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            ++i;
        }
    }
    return out;
}

} // namespace

void ServerLogs::watch_harness_server(int index) {
    const std::string variable = "GPPARITY_TEST_PG" + std::to_string(index) + "_LOG";
    const char* path = std::getenv(variable.c_str());
    if (path == nullptr || !fs::exists(path)) {
        ADD_FAILURE() << variable
                      << " is not set or names no file: run through scripts/with-servers";
        return;
    }
    Watched w;
    w.label = "postgres server " + std::to_string(index);
    w.file = path;
    w.sizes[path] = size_of(path);
    m_watched.push_back(std::move(w));
}

void ServerLogs::watch_greenplum(const std::string& gp_conninfo, const std::string& label) {
    auto log_directory = sql(gp_conninfo, "SHOW log_directory");
    auto instances = sql(gp_conninfo, "SELECT content || ' ' || datadir FROM "
                                      "gp_segment_configuration WHERE role = 'p' ORDER BY content");
    ASSERT_EQ(log_directory.size(), 1U);
    ASSERT_GE(instances.size(), 2U) << "a coordinator and at least one primary";
    for (const auto& instance : instances) {
        int content = std::stoi(instance.substr(0, instance.find(' ')));
        fs::path datadir = instance.substr(instance.find(' ') + 1);
        Watched w;
        w.label = label + (content < 0 ? " coordinator" : " segment " + std::to_string(content));
        fs::path directory = log_directory[0];
        w.directory = (directory.is_absolute() ? directory : datadir / directory).string();
        w.sizes = csv_sizes(w.directory);
        m_watched.push_back(std::move(w));
    }
}

std::vector<std::string> ServerLogs::new_text(const Watched& w) {
    std::vector<std::string> out;
    if (w.directory.empty()) {
        out.push_back(read_from(w.file, w.sizes.at(w.file)));
        return out;
    }
    for (const auto& [path, size] : csv_sizes(w.directory)) {
        auto before = w.sizes.find(path);
        out.push_back(read_from(path, before == w.sizes.end() ? 0 : before->second));
    }
    return out;
}

bool ServerLogs::all_logged_since(const std::string& text) const {
    return std::all_of(m_watched.begin(), m_watched.end(), [&text](const Watched& w) {
        auto files = new_text(w);
        return std::any_of(files.begin(), files.end(), [&text](const std::string& file) {
            return file.find(text) != std::string::npos;
        });
    });
}

std::map<std::string, std::vector<std::string>>
ServerLogs::statements_since(const std::string& role) const {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& w : m_watched) {
        auto& statements = out[w.label];
        std::vector<std::string> logged;
        for (const auto& text : new_text(w)) {
            if (w.directory.empty()) {
                logged = harness_statements(text);
                continue;
            }
            // CSV columns (GP6 and GP7 alike): 1 user_name, 16 event_severity, 18 message.
            for (const auto& record : parse_csv(text)) {
                if (record.size() > 18 && record[1] == role && record[16] == "LOG") {
                    std::string statement = logged_statement(record[18]);
                    if (!statement.empty()) {
                        logged.push_back(statement);
                    }
                }
            }
        }
        for (const auto& text : logged) {
            for (auto& statement : split_statements(text)) {
                statements.push_back(std::move(statement));
            }
        }
    }
    return out;
}

std::vector<std::string> split_statements(const std::string& text) {
    std::vector<std::string> out;
    auto push = [&out](std::string statement) {
        auto first = statement.find_first_not_of(" \t\r\n");
        auto last = statement.find_last_not_of(" \t\r\n");
        if (first != std::string::npos) {
            out.push_back(statement.substr(first, last - first + 1));
        }
    };
    std::string current;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\'' || c == '"') {
            std::size_t end = i + 1;
            while (end < text.size() &&
                   !(text[end] == c && !(end + 1 < text.size() && text[end + 1] == c))) {
                end += text[end] == c ? 2U : 1U;
            }
            current += text.substr(i, end + 1 - i);
            i = end + 1;
        } else if (c == '$') {
            static const std::regex k_tag(R"(^\$[A-Za-z_]*\$)");
            std::smatch m;
            std::string rest = text.substr(i, 64);
            if (std::regex_search(rest, m, k_tag, std::regex_constants::match_continuous)) {
                auto tag_length = static_cast<std::size_t>(m.length(0));
                std::size_t end = text.find(m.str(0), i + tag_length);
                std::size_t stop = end == std::string::npos ? text.size() : end + tag_length;
                current += text.substr(i, stop - i);
                i = stop;
            } else {
                current += c;
                ++i;
            }
        } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            std::size_t end = text.find('\n', i);
            i = end == std::string::npos ? text.size() : end;
        } else if (c == ';') {
            push(std::move(current));
            current.clear();
            ++i;
        } else {
            current += c;
            ++i;
        }
    }
    push(std::move(current));
    return out;
}

bool is_read_only_statement(const std::string& statement) {
    using std::regex;
    static const regex k_select(R"(^\s*(SELECT|WITH)\b)");
    static const regex k_copy(R"(^\s*COPY\b)");
    static const regex k_set(R"(^\s*SET\b)");
    static const regex k_begin(R"(^\s*(BEGIN|START\s+TRANSACTION)\b)");
    static const regex k_other(R"(^\s*(SHOW|COMMIT|END|ROLLBACK|LOAD)\b)");
    static const regex k_into(R"(\bINTO\b)");
    static const regex k_row_lock(R"(\bFOR\s+(UPDATE|SHARE|NO\s+KEY|KEY\s+SHARE)\b)");
    static const regex k_modifying_cte(R"(\(\s*(INSERT|UPDATE|DELETE|MERGE)\b)");
    static const regex k_writing_function(
        R"(\b(NEXTVAL|SETVAL|LO_CREAT|LO_CREATE|LO_IMPORT|LO_EXPORT|LO_UNLINK|LO_PUT|LO_FROM_BYTEA|)"
        R"(PG_TERMINATE_BACKEND|PG_CANCEL_BACKEND|PG_RELOAD_CONF|PG_ROTATE_LOGFILE|)"
        R"(PG_CREATE_\w+|PG_DROP_\w+|PG_SWITCH_\w+|GP_INJECT_FAULT\w*)\s*\()");
    static const regex k_to_stdout(R"(\bTO\s+STDOUT\b)");
    static const regex k_from_stdin(R"(\bFROM\s+STDIN\b)");
    static const regex k_read_write(R"(READ\s+WRITE)");
    static const regex k_read_only_off(R"(TRANSACTION_READ_ONLY\s*(=|TO)\s*'?(OFF|FALSE|0)\b)");
    static const regex k_read_only(R"(\bREAD\s+ONLY\b)");

    const std::string code = code_only(statement);
    auto has = [&code](const regex& pattern) { return std::regex_search(code, pattern); };
    auto starts = [&code](const regex& pattern) {
        return std::regex_search(code, pattern, std::regex_constants::match_continuous);
    };
    if (starts(k_select)) {
        return !has(k_into) && !has(k_row_lock) && !has(k_modifying_cte) &&
               !has(k_writing_function);
    }
    if (starts(k_copy)) {
        return has(k_to_stdout) && !has(k_from_stdin) && !has(k_modifying_cte) &&
               !has(k_writing_function);
    }
    if (starts(k_set)) {
        // The value is a literal, which code_only blanks: look at the statement itself.
        std::string upper = statement;
        for (auto& c : upper) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        return !has(k_read_write) && !std::regex_search(upper, k_read_only_off);
    }
    if (starts(k_begin)) {
        return has(k_read_only);
    }
    return starts(k_other);
}

} // namespace gpparity::testing
