#pragma once
/// Unit-test support: gzip-compressing bytes in memory (snapshot files, gpbackup data files).

#include <zlib.h>

#include <string>

namespace gpparity::testing {

/// `text` as one gzip member (compression level 1, as gpbackup's default).
inline std::string gzip(const std::string& text) {
    z_stream zs{};
    deflateInit2(&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, static_cast<uLong>(text.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

} // namespace gpparity::testing
