#include "catalog/pg/conninfo.hpp"

#include "catalog/error.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace gpparity::catalog::pg {

namespace {

struct ConninfoOptionsDeleter {
    void operator()(PQconninfoOption* options) const noexcept { PQconninfoFree(options); }
};
struct FreememDeleter {
    void operator()(char* p) const noexcept { PQfreemem(p); }
};

constexpr std::string_view k_mask = "********";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

std::vector<ConninfoOption> parse_conninfo(const std::string& conninfo) {
    char* raw_error = nullptr;
    std::unique_ptr<PQconninfoOption, ConninfoOptionsDeleter> options(
        PQconninfoParse(conninfo.c_str(), &raw_error));
    std::unique_ptr<char, FreememDeleter> error(raw_error);
    if (!options) {
        std::string reason = error ? one_line(error.get()) : "out of memory";
        throw UsageError("invalid connection string: " + redact(reason, {}));
    }
    std::vector<ConninfoOption> result;
    for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
        if (o->val != nullptr) {
            result.emplace_back(o->keyword, o->val);
        }
    }
    return result;
}

std::string with_database(const std::string& conninfo, const std::string& database) {
    std::string out;
    auto append = [&out](const std::string& keyword, const std::string& value) {
        out += out.empty() ? "" : " ";
        out += keyword + "='";
        for (char c : value) {
            if (c == '\\' || c == '\'') {
                out += '\\';
            }
            out += c;
        }
        out += '\'';
    };
    for (const auto& [keyword, value] : parse_conninfo(conninfo)) {
        if (keyword != "dbname") {
            append(keyword, value);
        }
    }
    append("dbname", database);
    return out;
}

std::string redacted_conninfo(const std::string& conninfo) {
    std::vector<ConninfoOption> options;
    try {
        options = parse_conninfo(conninfo);
    } catch (const Error&) {
        return redact_secrets(conninfo);
    }
    std::string out;
    for (const auto& [key, value] : options) {
        if (!out.empty()) {
            out += ' ';
        }
        out += key;
        out += '=';
        if (key == "password") {
            out += k_mask;
            continue;
        }
        bool needs_quotes = value.empty();
        for (char c : value) {
            needs_quotes = needs_quotes || is_space(c) || c == '\'' || c == '\\';
        }
        if (!needs_quotes) {
            out += value;
            continue;
        }
        out += '\'';
        for (char c : value) {
            if (c == '\'' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        out += '\'';
    }
    return out;
}

std::string redact_secrets(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        // key=value form: password = value, password='quoted \' value'
        if (text.compare(i, 8, "password") == 0 &&
            (i == 0 ||
             !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_'))) {
            std::size_t j = i + 8;
            while (j < text.size() && is_space(text[j])) {
                ++j;
            }
            if (j < text.size() && text[j] == '=') {
                ++j;
                while (j < text.size() && is_space(text[j])) {
                    ++j;
                }
                if (j < text.size() && text[j] == '\'') {
                    ++j;
                    while (j < text.size() && text[j] != '\'') {
                        j += (text[j] == '\\' && j + 1 < text.size()) ? 2U : 1U;
                    }
                    j = std::min(text.size(), j + 1);
                } else {
                    while (j < text.size() && !is_space(text[j]) && text[j] != '&') {
                        ++j;
                    }
                }
                out += "password=";
                out += k_mask;
                i = j;
                continue;
            }
        }
        // URI form: scheme://user:secret@host
        if (text.compare(i, 3, "://") == 0) {
            std::size_t authority_end = text.find_first_of("/?#", i + 3);
            if (authority_end == std::string_view::npos) {
                authority_end = text.size();
            }
            std::size_t at = text.rfind('@', authority_end);
            if (at != std::string_view::npos && at > i + 3) {
                std::size_t colon = text.find(':', i + 3);
                if (colon != std::string_view::npos && colon < at) {
                    out += text.substr(i, colon + 1 - i);
                    out += k_mask;
                    i = at;
                    continue;
                }
            }
        }
        out += text[i];
        ++i;
    }
    return out;
}

std::string redact(std::string_view text, std::string_view secret) {
    std::string out(text);
    if (!secret.empty()) {
        std::size_t pos = 0;
        while ((pos = out.find(secret, pos)) != std::string::npos) {
            out.replace(pos, secret.size(), k_mask);
            pos += k_mask.size();
        }
    }
    return redact_secrets(out);
}

std::string one_line(std::string_view message) {
    std::string out;
    std::size_t start = 0;
    while (start <= message.size()) {
        std::size_t end = message.find('\n', start);
        if (end == std::string_view::npos) {
            end = message.size();
        }
        std::string_view line = message.substr(start, end - start);
        while (!line.empty() && is_space(line.front())) {
            line.remove_prefix(1);
        }
        while (!line.empty() && is_space(line.back())) {
            line.remove_suffix(1);
        }
        if (!line.empty()) {
            if (!out.empty()) {
                out += "; ";
            }
            out += line;
        }
        start = end + 1;
    }
    return out;
}

} // namespace gpparity::catalog::pg
