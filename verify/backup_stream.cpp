#include "verify/backup_stream.hpp"

#include "catalog/error.hpp"

#include <zlib.h>
#include <zstd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

namespace gpparity::verify {

namespace {

constexpr std::size_t k_input_chunk = std::size_t{256} * 1024;

struct ZstdFree {
    void operator()(ZSTD_DStream* s) const noexcept { ZSTD_freeDStream(s); }
};

} // namespace

struct BackupStream::State {
    Compression compression = Compression::none;
    std::string shown;
    std::ifstream file;
    std::vector<char> input = std::vector<char>(k_input_chunk);
    std::size_t input_pos = 0;
    std::size_t input_len = 0;
    bool input_eof = false;
    std::uint64_t produced = 0;
    // gzip
    z_stream zs{};
    bool zs_open = false;
    bool member_done = false; ///< between gzip members / zstd frames (a clean place to end)
    bool started = false;     ///< a member / frame was begun (an empty file is truncated)
    bool finished = false;
    // zstd
    std::unique_ptr<ZSTD_DStream, ZstdFree> zstd;

    ~State() {
        if (zs_open) {
            inflateEnd(&zs);
        }
    }

    [[noreturn]] void fail(const std::string& why) const {
        throw catalog::UsageError(shown + " " + why);
    }

    // Refills the input buffer when it is used up; false at the end of the file.
    bool fill() {
        if (input_pos < input_len) {
            return true;
        }
        if (input_eof) {
            return false;
        }
        file.read(input.data(), static_cast<std::streamsize>(input.size()));
        input_len = static_cast<std::size_t>(file.gcount());
        input_pos = 0;
        if (input_len < input.size()) {
            if (file.bad()) {
                fail(std::string("cannot be read: ") + std::strerror(errno));
            }
            input_eof = true;
        }
        return input_len > 0;
    }

    std::size_t read_plain(char* out, std::size_t size) {
        if (!fill()) {
            return 0;
        }
        const std::size_t n = std::min(size, input_len - input_pos);
        std::memcpy(out, input.data() + input_pos, n);
        input_pos += n;
        return n;
    }

    std::size_t read_gzip(char* out, std::size_t size) {
        while (true) {
            if (!fill()) {
                if (!member_done || !started) {
                    fail("is truncated (the gzip stream ends early)");
                }
                return 0;
            }
            if (member_done || !started) {
                started = true;
                if (zs_open) {
                    inflateReset(&zs);
                } else if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
                    fail("cannot be decompressed (zlib: out of memory)");
                } else {
                    zs_open = true;
                }
                member_done = false;
            }
            zs.next_in = reinterpret_cast<Bytef*>(input.data() + input_pos);
            zs.avail_in = static_cast<uInt>(input_len - input_pos);
            zs.next_out = reinterpret_cast<Bytef*>(out);
            zs.avail_out = static_cast<uInt>(size);
            const int rc = inflate(&zs, Z_NO_FLUSH);
            input_pos = input_len - zs.avail_in;
            const std::size_t n = size - zs.avail_out;
            if (rc == Z_STREAM_END) {
                member_done = true;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                fail(std::string("is corrupt (gzip: ") + (zs.msg != nullptr ? zs.msg : "error") +
                     ")");
            }
            if (n > 0) {
                return n;
            }
        }
    }

    std::size_t read_zstd(char* out, std::size_t size) {
        while (true) {
            if (!fill()) {
                if (!member_done || !started) {
                    fail("is truncated (the zstd stream ends early)");
                }
                return 0;
            }
            started = true;
            ZSTD_inBuffer in{input.data() + input_pos, input_len - input_pos, 0};
            ZSTD_outBuffer o{out, size, 0};
            const std::size_t rc = ZSTD_decompressStream(zstd.get(), &o, &in);
            input_pos += in.pos;
            if (ZSTD_isError(rc) != 0U) {
                fail(std::string("is corrupt (zstd: ") + ZSTD_getErrorName(rc) + ")");
            }
            member_done = rc == 0;
            if (o.pos > 0) {
                return o.pos;
            }
        }
    }
};

BackupStream::BackupStream(const std::filesystem::path& file, std::string shown)
    : m_state(std::make_unique<State>()) {
    m_state->shown = std::move(shown);
    m_state->compression = compression_of(file);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        m_state->fail("is missing");
    }
    m_state->file.open(file, std::ios::binary);
    if (!m_state->file) {
        m_state->fail(std::string("cannot be opened: ") + std::strerror(errno));
    }
    if (m_state->compression == Compression::zstd) {
        m_state->zstd.reset(ZSTD_createDStream());
        if (!m_state->zstd) {
            m_state->fail("cannot be decompressed (zstd: out of memory)");
        }
        ZSTD_initDStream(m_state->zstd.get());
    }
}

BackupStream::~BackupStream() = default;
BackupStream::BackupStream(BackupStream&&) noexcept = default;
BackupStream& BackupStream::operator=(BackupStream&&) noexcept = default;

std::size_t BackupStream::read(char* out, std::size_t size) {
    State& s = *m_state;
    std::size_t n = 0;
    switch (s.compression) {
    case Compression::none:
        n = s.read_plain(out, size);
        break;
    case Compression::gzip:
        n = s.read_gzip(out, size);
        break;
    case Compression::zstd:
        n = s.read_zstd(out, size);
        break;
    }
    s.produced += n;
    return n;
}

std::uint64_t BackupStream::position() const noexcept {
    return m_state->produced;
}

BackupStream::Compression BackupStream::compression_of(const std::filesystem::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".gz") {
        return Compression::gzip;
    }
    if (ext == ".zst") {
        return Compression::zstd;
    }
    return Compression::none;
}

} // namespace gpparity::verify
