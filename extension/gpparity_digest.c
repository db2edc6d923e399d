/*
 * gpparity_digest.c
 *
 * Server-side twin of gpparity's client row digest (docs/encoding.md, encoding "c1").
 *
 * gpparity normally reads every row through binary COPY and hashes it on the client
 * (checksum/row_codec.cpp). The aggregate here computes the same digest inside the server so
 * that only 24 bytes per segment travel: for each row it builds the canonical row encoding
 * (tag, length, canonical bytes per field), hashes it with XXH3-128, and keeps the row count
 * and the sum of the row hashes mod 2^128.
 *
 * The client decodes send-format bytes; to stay byte-for-byte identical this file does the
 * same for every type it has no fast path for (it calls the type's send function and runs a
 * port of the client's decoder on the result). For the common scalar types it reads the
 * Datum directly, which gives the same bytes without the send round trip.
 *
 * Builds against PostgreSQL 9.4 (Greenplum 6), 12 (Greenplum 7) and 15.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

PG_MODULE_MAGIC;

/* The library's version; c1_digest_version() reports it so a stale install is visible. */
#define GPPARITY_VERSION "1.0"
/* The encoding this library produces; any change to a produced byte needs a new name. */
#define GPPARITY_ENCODING "c1"

/*
 * Times are hashed as the int64 microseconds the send functions produce. PostgreSQL 10+
 * has only integer datetimes; before that (Greenplum 6) the build must have them too.
 */
#if PG_VERSION_NUM < 100000 && !defined(HAVE_INT64_TIMESTAMP)
#error "gpparity needs a server built with integer datetimes"
#endif

/* 24-byte state and result: count, sum high64, sum low64, each big-endian. */
#define STATE_BYTES 24

/* Value class tag of a NULL field (docs/encoding.md). */
#define TAG_NULL 0x00

/* Nesting limit of the descriptor: deeper than any real type, small enough for the stack. */
#define MAX_DEPTH 64

/* One node of the codec descriptor: how to encode one value. */
typedef struct CodecNode
{
    uint8       tag;            /* value class tag written into the encoding */
    char        wire;           /* send format letter (see the README) */
    int         nchildren;
    struct CodecNode *children; /* array: the element; record: one per field */
} CodecNode;

/* How a top-level argument is encoded: straight from the Datum, or through its send function. */
typedef enum FastPath
{
    FAST_NONE = 0,              /* generic: send function + ported client decoder */
    FAST_SKIP,                  /* '-' node: contributes no bytes */
    FAST_INT2,
    FAST_INT4,
    FAST_INT8,
    FAST_FLOAT4,
    FAST_FLOAT8,
    FAST_BOOL,
    FAST_DATE,
    FAST_INT64,                 /* time, timestamp, timestamptz */
    FAST_TIMETZ,
    FAST_INTERVAL,
    FAST_UUID,
    FAST_NUMERIC,
    FAST_TEXT,                  /* text, varchar, bpchar */
    FAST_NAME,
    FAST_CHAR,                  /* "char": charsend sends the raw byte */
    FAST_BYTEA
} FastPath;

typedef struct ArgPlan
{
    const CodecNode *node;
    FastPath    fast;
    int         column;         /* 1-based position among the variadic arguments */
    FmgrInfo    send;           /* FAST_NONE only */
} ArgPlan;

/* Everything one call site needs, built at its first row and kept in fn_extra. */
typedef struct DigestCache
{
    char       *descriptor;     /* NUL-terminated copy, to check it stays the same */
    int         descriptor_len;
    int         nargs;
    ArgPlan    *args;
    bool        in_agg;         /* called as an aggregate: the state may be updated in place */
    bool        descriptor_const;   /* a constant in the query: no per-row comparison */
    bool        convert_text;   /* database encoding must be converted to UTF-8 */
    int         leaf_encoding;  /* encoding of text inside send output, -1 = already UTF-8 */
    MemoryContext rowcxt;       /* per-row temporaries, reset after every row */
    StringInfoData row;         /* the row encoding, reused across rows */
} DigestCache;

/* Where a decoder writes and which column it is decoding (for error messages). */
typedef struct DecodeCtx
{
    StringInfo  out;
    int         column;
    int         leaf_encoding;
} DecodeCtx;

typedef struct Parser
{
    const char *text;           /* the whole descriptor, for messages */
    const char *p;
} Parser;

PG_FUNCTION_INFO_V1(gpparity_c1_digest_transfn);
PG_FUNCTION_INFO_V1(gpparity_c1_digest_combinefn);
PG_FUNCTION_INFO_V1(gpparity_c1_digest_version);
PG_FUNCTION_INFO_V1(gpparity_c1_digest_encoding);

static void encode_nested(DecodeCtx *ctx, const CodecNode *node, const char *b, int len);


/* ------------------------------------------------------------------------------------------
 * Byte helpers
 * ------------------------------------------------------------------------------------------ */

/*
 * Big-endian stores and loads through memcpy and byte swaps: one instruction each on the
 * usual targets (the state update and every integer field go through them).
 */
static inline uint32
to_be32(uint32 v)
{
#ifdef WORDS_BIGENDIAN
    return v;
#else
    return __builtin_bswap32(v);
#endif
}

static inline uint64
to_be64(uint64 v)
{
#ifdef WORDS_BIGENDIAN
    return v;
#else
    return __builtin_bswap64(v);
#endif
}

static inline void
store_u32(char *p, uint32 v)
{
    v = to_be32(v);
    memcpy(p, &v, sizeof(v));
}

static inline void
store_u64(char *p, uint64 v)
{
    v = to_be64(v);
    memcpy(p, &v, sizeof(v));
}

static inline uint32
read_u32(const char *p)
{
    uint32      v;

    memcpy(&v, p, sizeof(v));
    return to_be32(v);
}

static inline uint16
read_u16(const char *p)
{
    const unsigned char *u = (const unsigned char *) p;

    return (uint16) (((uint16) u[0] << 8) | u[1]);
}

static inline uint64
read_u64(const char *p)
{
    uint64      v;

    memcpy(&v, p, sizeof(v));
    return to_be64(v);
}

static inline void
put_u32(StringInfo out, uint32 v)
{
    char        b[4];

    store_u32(b, v);
    appendBinaryStringInfo(out, b, 4);
}

static inline void
put_u64(StringInfo out, uint64 v)
{
    char        b[8];

    store_u64(b, v);
    appendBinaryStringInfo(out, b, 8);
}

/* Room for n more bytes (and the trailing NUL); the common case needs no call. */
static inline void
reserve(StringInfo out, int n)
{
    if (out->len + n >= out->maxlen)
        enlargeStringInfo(out, n);
}

/* A whole field: tag, big-endian length, value bytes; one capacity check for all of it. */
static inline void
put_field(StringInfo out, uint8 tag, const char *value, int len)
{
    char       *p;

    reserve(out, 5 + len);
    p = out->data + out->len;
    p[0] = (char) tag;
    store_u32(p + 1, (uint32) len);
    memcpy(p + 5, value, len);
    out->len += 5 + len;
    out->data[out->len] = '\0';
}

/* A field whose canonical bytes are one big-endian int64 (integers, floats, times). */
static inline void
put_u64_field(StringInfo out, uint8 tag, uint64 v)
{
    char        b[8];

    store_u64(b, v);
    put_field(out, tag, b, 8);
}

/* SQL equality first: every NaN is one value and -0 = +0 (row_codec.cpp). */
static inline uint64
canonical_float_bits(double value)
{
    uint64      bits;

    if (isnan(value))
        return UINT64CONST(0x7FF8000000000000);
    if (value == 0.0)
        return 0;
    memcpy(&bits, &value, sizeof(bits));
    return bits;
}


/* ------------------------------------------------------------------------------------------
 * numeric text, as numeric_out prints it
 * ------------------------------------------------------------------------------------------ */

/* Signs as numeric_send sends them (and as the stored header holds them). */
#define NUMERIC_SIGN_POS    0x0000
#define NUMERIC_SIGN_NEG    0x4000
#define NUMERIC_SIGN_NAN    0xC000
#define NUMERIC_SIGN_PINF   0xD000  /* PostgreSQL 14+ */
#define NUMERIC_SIGN_NINF   0xF000  /* PostgreSQL 14+ */

/*
 * A numeric value's fields: from numeric_send bytes (big-endian digits) or from the stored
 * value (native-endian digits, see numeric_parts_from_datum).
 */
typedef struct NumericParts
{
    int         ndigits;
    int         weight;         /* of the first digit, in base-10000 positions */
    uint16      sign;
    int         dscale;         /* decimal digits after the point */
    const char *digits;         /* ndigits base-10000 digits, 2 bytes each, maybe unaligned */
    bool        big_endian;
} NumericParts;

/* Digit i; digits outside the stored ones are 0. */
static inline unsigned
numeric_part_digit(const NumericParts *n, int i)
{
    uint16      d;

    if (i < 0 || i >= n->ndigits)
        return 0;
    if (n->big_endian)
        return read_u16(n->digits + 2 * i);
    memcpy(&d, n->digits + 2 * i, sizeof(d));
    return d;
}

/* "00" .. "99": four decimal digits are two table copies instead of four divisions. */
static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static inline char *
write_four_digits(char *p, unsigned d)
{
    unsigned    hi = d / 100;

    memcpy(p, digit_pairs + 2 * hi, 2);
    memcpy(p + 2, digit_pairs + 2 * (d - hi * 100), 2);
    return p + 4;
}

/*
 * The text numeric_out's get_str_from_var prints: sign, integer part without leading zeros
 * ("0" when the weight is negative), then exactly dscale fraction digits. The client
 * (append_numeric_text in row_codec.cpp) prints the same from numeric_send bytes.
 */
static void
append_numeric_parts(StringInfo out, const NumericParts *n)
{
    char       *p;
    char       *end;
    int         d;

    if (n->sign == NUMERIC_SIGN_NAN || n->sign == NUMERIC_SIGN_PINF ||
        n->sign == NUMERIC_SIGN_NINF)
    {
        appendStringInfoString(out, n->sign == NUMERIC_SIGN_NAN ? "NaN" :
                               n->sign == NUMERIC_SIGN_PINF ? "Infinity" : "-Infinity");
        return;
    }
    /* Room for the sign, every integer digit, the point and the fraction (+3 spare). */
    reserve(out, 1 + 4 * (Max(n->weight, 0) + 1) + 1 + n->dscale + 3);
    p = out->data + out->len;
    if (n->sign == NUMERIC_SIGN_NEG)
        *p++ = '-';
    if (n->weight < 0)
        *p++ = '0';
    for (d = 0; d <= n->weight; d++)
    {
        unsigned    dig = numeric_part_digit(n, d);

        if (d > 0 || dig >= 1000)
            p = write_four_digits(p, dig);
        else
        {
            /* The first group without leading zeros (a zero integer part prints "0"). */
            if (dig >= 100)
                *p++ = (char) ('0' + dig / 100);
            if (dig >= 10)
                *p++ = (char) ('0' + (dig / 10) % 10);
            *p++ = (char) ('0' + dig % 10);
        }
    }
    if (n->dscale > 0)
    {
        *p++ = '.';
        end = p + n->dscale;
        for (d = n->weight + 1; p < end; d++)
            p = write_four_digits(p, numeric_part_digit(n, d));
        p = end;
    }
    out->len = (int) (p - out->data);
    out->data[out->len] = '\0';
}


/* ------------------------------------------------------------------------------------------
 * Codec descriptor: "c1:" node*, node := CC W [ "(" node* ")" ]
 * ------------------------------------------------------------------------------------------ */

static void pg_attribute_noreturn()
descriptor_error(const Parser *ps, const char *what)
{
    ereport(ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
             errmsg("malformed c1_digest codec descriptor \"%s\"", ps->text),
             errdetail("%s at offset %d.", what, (int) (ps->p - ps->text))));
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static bool
is_wire_letter(char c)
{
    return c != '\0' && strchr("hilfFnMbtydkKsSvujJImwBar-", c) != NULL;
}

static CodecNode *parse_list(Parser *ps, int depth, int *count);

/* The children of an array or record node, between parentheses. */
static void
parse_children(Parser *ps, CodecNode *node, int depth)
{
    if (*ps->p != '(')
        descriptor_error(ps, "array and record nodes need \"(\"");
    ps->p++;
    node->children = parse_list(ps, depth + 1, &node->nchildren);
    if (*ps->p != ')')
        descriptor_error(ps, "missing \")\"");
    ps->p++;
    if (node->wire == 'a' && node->nchildren != 1)
        descriptor_error(ps, "an array node needs exactly one element node");
}

static void
parse_node(Parser *ps, CodecNode *node, int depth)
{
    int         hi = hex_digit(ps->p[0]);
    int         lo = hi < 0 ? -1 : hex_digit(ps->p[1]);

    if (hi < 0 || lo < 0)
        descriptor_error(ps, "expected two lowercase hex digits");
    ps->p += 2;
    if (!is_wire_letter(*ps->p))
        descriptor_error(ps, "unknown wire letter");
    node->tag = (uint8) (hi * 16 + lo);
    node->wire = *ps->p++;
    node->nchildren = 0;
    node->children = NULL;
    if (node->wire == '-')
    {
        /* Only a whole argument can be ignored; a nested field always has bytes. */
        if (node->tag != TAG_NULL || depth > 0)
            descriptor_error(ps, "\"-\" must be \"00-\" and only at the top level");
        return;
    }
    if (node->tag == TAG_NULL)
        descriptor_error(ps, "class 00 is reserved for NULL");
    if (node->wire == 'a' || node->wire == 'r')
        parse_children(ps, node, depth);
    else if (*ps->p == '(')
        descriptor_error(ps, "only array and record nodes have children");
}

/* Nodes up to a ")" or the end. */
static CodecNode *
parse_list(Parser *ps, int depth, int *count)
{
    int         capacity = 4;
    int         n = 0;
    CodecNode  *nodes = palloc(capacity * sizeof(CodecNode));

    check_stack_depth();
    if (depth > MAX_DEPTH)
        descriptor_error(ps, "nested too deeply");
    while (*ps->p != '\0' && *ps->p != ')')
    {
        if (n == capacity)
        {
            capacity *= 2;
            nodes = repalloc(nodes, capacity * sizeof(CodecNode));
        }
        parse_node(ps, &nodes[n++], depth);
    }
    *count = n;
    return nodes;
}

/* The top-level nodes, one per variadic argument. Allocates in the current context. */
static CodecNode *
parse_descriptor(const char *text, int *count)
{
    Parser      ps;
    CodecNode  *nodes;

    ps.text = text;
    ps.p = text;
    if (strncmp(text, GPPARITY_ENCODING ":", strlen(GPPARITY_ENCODING ":")) != 0)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("c1_digest codec descriptor \"%s\" is not for encoding \"%s\"",
                        text, GPPARITY_ENCODING),
                 errhint("The descriptor must start with \"%s:\".", GPPARITY_ENCODING)));
    ps.p += strlen(GPPARITY_ENCODING ":");
    nodes = parse_list(&ps, 0, count);
    if (*ps.p != '\0')
        descriptor_error(&ps, "unbalanced \")\"");
    return nodes;
}


/* ------------------------------------------------------------------------------------------
 * Generic path: a port of the client's decoder (checksum/row_codec.cpp) over send bytes
 * ------------------------------------------------------------------------------------------ */

static void pg_attribute_noreturn()
bad_value(const DecodeCtx *ctx, const char *what, int len)
{
    ereport(ERROR,
            (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
             errmsg("c1_digest: column %d: cannot decode a %s value of %d bytes",
                    ctx->column, what, len)));
}

static inline void
need(const DecodeCtx *ctx, int len, int size, const char *what)
{
    if (len != size)
        bad_value(ctx, what, len);
}

/*
 * Text inside send output (text, json, jsonb, enum labels, xml) is in the sending process's
 * client encoding (text_leaf_encoding): UTF-8 in gpparity's session, but not necessarily in
 * a parallel worker or another session. Convert it to the UTF-8 the client hashes, so the
 * digest does not depend on client_encoding.
 */
static void
append_text_leaf(DecodeCtx *ctx, const char *s, int len)
{
    if (ctx->leaf_encoding >= 0 && len > 0)
    {
        char       *utf8 = (char *) pg_do_encoding_conversion((unsigned char *) s, len,
                                                              ctx->leaf_encoding, PG_UTF8);

        if (utf8 != s)
        {
            s = utf8;
            len = (int) strlen(utf8);
        }
    }
    appendBinaryStringInfo(ctx->out, s, len);
}

/* numeric_send bytes (ndigits, weight, sign, dscale, digits) -> numeric_out text. */
static void
append_numeric_text(DecodeCtx *ctx, const char *b, int len)
{
    NumericParts n;
    int         i;

    if (len < 8)
        bad_value(ctx, "numeric", len);
    n.ndigits = (int16) read_u16(b);
    n.weight = (int16) read_u16(b + 2);
    n.sign = read_u16(b + 4);
    n.dscale = read_u16(b + 6);
    n.digits = b + 8;
    n.big_endian = true;
    if (n.ndigits < 0 || len != 8 + 2 * n.ndigits)
        bad_value(ctx, "numeric", len);
    if (n.sign != NUMERIC_SIGN_POS && n.sign != NUMERIC_SIGN_NEG &&
        n.sign != NUMERIC_SIGN_NAN && n.sign != NUMERIC_SIGN_PINF &&
        n.sign != NUMERIC_SIGN_NINF)
        bad_value(ctx, "numeric", len);
    for (i = 0; i < n.ndigits; i++)
        if (read_u16(n.digits + 2 * i) > 9999)
            bad_value(ctx, "numeric", len);
    append_numeric_parts(ctx->out, &n);
}

/*
 * cash_send: int64 hundredths (lc_monetary=C), printed as numeric with scale 2, the text
 * `c::numeric` gives at the top level.
 */
static void
append_money_text(DecodeCtx *ctx, const char *b, int len)
{
    int64       cents;
    uint64      magnitude;
    char        digits[32];

    need(ctx, len, 8, "money");
    cents = (int64) read_u64(b);
    magnitude = cents < 0 ? (uint64) 0 - (uint64) cents : (uint64) cents;
    snprintf(digits, sizeof(digits), "%s" UINT64_FORMAT ".%02d",
             cents < 0 ? "-" : "", magnitude / 100, (int) (magnitude % 100));
    appendStringInfoString(ctx->out, digits);
}

/*
 * array_send: ndim, has-null flag, element type OID (differs per cluster: ignored), then
 * (length, lower bound) per dimension, then each element as (length or -1, bytes).
 */
static void
encode_array(DecodeCtx *ctx, const CodecNode *node, const char *b, int len)
{
    uint32      ndim;
    uint32      d;
    uint64      elements;
    uint64      i;
    int64       pos = 12;

    if (len < 12)
        bad_value(ctx, "array", len);
    ndim = read_u32(b);
    if (ndim > 6 || len < pos + 8 * (int64) ndim)
        bad_value(ctx, "array", len);
    put_u32(ctx->out, ndim);
    elements = ndim == 0 ? 0 : 1;
    for (d = 0; d < ndim; d++, pos += 8)
    {
        uint32      length = read_u32(b + pos);

        put_u32(ctx->out, length);
        put_u32(ctx->out, read_u32(b + pos + 4));
        elements *= length;
    }
    for (i = 0; i < elements; i++)
    {
        int32       elen;

        if (len - pos < 4)
            bad_value(ctx, "array", len);
        elen = (int32) read_u32(b + pos);
        pos += 4;
        if (elen < 0)
        {
            appendStringInfoChar(ctx->out, TAG_NULL);
            continue;
        }
        if (len - pos < elen)
            bad_value(ctx, "array", len);
        encode_nested(ctx, &node->children[0], b + pos, elen);
        pos += elen;
    }
    if (pos != len)
        bad_value(ctx, "array", len);
}

/*
 * record_send: field count, then (type OID, length or -1, bytes) per field. The OIDs differ
 * per cluster; the descriptor (built from each side's own catalog) decides.
 */
static void
encode_record(DecodeCtx *ctx, const CodecNode *node, const char *b, int len)
{
    uint32      count;
    int64       pos = 4;
    int         f;

    if (len < 4)
        bad_value(ctx, "composite", len);
    count = read_u32(b);
    if (count != (uint32) node->nchildren)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                 errmsg("c1_digest: column %d: composite value has %u fields, expected %d",
                        ctx->column, count, node->nchildren)));
    put_u32(ctx->out, count);
    for (f = 0; f < node->nchildren; f++)
    {
        int32       flen;

        if (len - pos < 8)
            bad_value(ctx, "composite", len);
        flen = (int32) read_u32(b + pos + 4);
        pos += 8;
        if (flen < 0)
        {
            appendStringInfoChar(ctx->out, TAG_NULL);
            continue;
        }
        if (len - pos < flen)
            bad_value(ctx, "composite", len);
        encode_nested(ctx, &node->children[f], b + pos, flen);
        pos += flen;
    }
    if (pos != len)
        bad_value(ctx, "composite", len);
}

/* Fixed-size values whose canonical bytes are the send bytes. */
static bool
encode_fixed_raw(DecodeCtx *ctx, char wire, const char *b, int len)
{
    switch (wire)
    {
        case 'l':
            need(ctx, len, 8, "int8");
            break;
        case 'd':
            need(ctx, len, 4, "date");
            break;
        case 'k':
        case 's':
        case 'S':
            need(ctx, len, 8, "time/timestamp");
            break;
        case 'K':
            need(ctx, len, 12, "timetz");
            break;
        case 'v':
            need(ctx, len, 16, "interval");
            break;
        case 'u':
            need(ctx, len, 16, "uuid");
            break;
        case 'm':
            need(ctx, len, 6, "macaddr");
            break;
        case 'w':
            need(ctx, len, 8, "macaddr8");
            break;
        default:
            return false;
    }
    appendBinaryStringInfo(ctx->out, b, len);
    return true;
}

/* Numbers and booleans whose canonical bytes differ from the send bytes. */
static bool
encode_converted(DecodeCtx *ctx, char wire, const char *b, int len)
{
    switch (wire)
    {
        case 'h':
            need(ctx, len, 2, "int2");
            put_u64(ctx->out, (uint64) (int64) (int16) read_u16(b));
            return true;
        case 'i':
            need(ctx, len, 4, "int4");
            put_u64(ctx->out, (uint64) (int64) (int32) read_u32(b));
            return true;
        case 'f':
            {
                uint32      bits;
                float4      f;

                need(ctx, len, 4, "float4");
                bits = read_u32(b);
                memcpy(&f, &bits, sizeof(f));
                put_u64(ctx->out, canonical_float_bits((double) f));
                return true;
            }
        case 'F':
            {
                uint64      bits;
                float8      d;

                need(ctx, len, 8, "float8");
                bits = read_u64(b);
                memcpy(&d, &bits, sizeof(d));
                put_u64(ctx->out, canonical_float_bits(d));
                return true;
            }
        case 'b':
            need(ctx, len, 1, "boolean");
            appendStringInfoChar(ctx->out, b[0] != 0 ? 1 : 0);
            return true;
        case 'n':
            append_numeric_text(ctx, b, len);
            return true;
        case 'M':
            append_money_text(ctx, b, len);
            return true;
        default:
            return false;
    }
}

/* Variable-length values: text-like, bytea, inet, bit, jsonb, containers. */
static void
encode_variable(DecodeCtx *ctx, const CodecNode *node, const char *b, int len)
{
    switch (node->wire)
    {
        case 'J':
            /* jsonb_send: version byte 1, then the text form. */
            if (len < 1 || b[0] != 1)
                bad_value(ctx, "jsonb", len);
            append_text_leaf(ctx, b + 1, len - 1);
            return;
        case 'I':
            if (len < 4 || len != 4 + (unsigned char) b[3])
                bad_value(ctx, "inet", len);
            appendBinaryStringInfo(ctx->out, b, len);
            return;
        case 'B':
            if (len < 4 || (uint64) len != 4 + ((uint64) read_u32(b) + 7) / 8)
                bad_value(ctx, "bit", len);
            appendBinaryStringInfo(ctx->out, b, len);
            return;
        case 'a':
            encode_array(ctx, node, b, len);
            return;
        case 'r':
            encode_record(ctx, node, b, len);
            return;
        case 't':
        case 'j':
            append_text_leaf(ctx, b, len);
            return;
        default:                /* 'y' */
            appendBinaryStringInfo(ctx->out, b, len);
            return;
    }
}

/* One non-NULL value: tag, length (patched once the canonical bytes are written), bytes. */
static void
encode_nested(DecodeCtx *ctx, const CodecNode *node, const char *b, int len)
{
    int         length_at;

    check_stack_depth();
    appendStringInfoChar(ctx->out, (char) node->tag);
    length_at = ctx->out->len;
    put_u32(ctx->out, 0);
    if (!encode_fixed_raw(ctx, node->wire, b, len) &&
        !encode_converted(ctx, node->wire, b, len))
        encode_variable(ctx, node, b, len);
    store_u32(ctx->out->data + length_at, (uint32) (ctx->out->len - length_at - 4));
}


/* ------------------------------------------------------------------------------------------
 * Per-call-site setup
 * ------------------------------------------------------------------------------------------ */

/* The Datum fast path for a wire letter, if the argument's base type is the wire's type. */
static FastPath
choose_fast_path(char wire, Oid base)
{
    switch (wire)
    {
        case 'h':
            return base == INT2OID ? FAST_INT2 : FAST_NONE;
        case 'i':
            return base == INT4OID ? FAST_INT4 : FAST_NONE;
        case 'l':
            return base == INT8OID ? FAST_INT8 : FAST_NONE;
        case 'f':
            return base == FLOAT4OID ? FAST_FLOAT4 : FAST_NONE;
        case 'F':
            return base == FLOAT8OID ? FAST_FLOAT8 : FAST_NONE;
        case 'b':
            return base == BOOLOID ? FAST_BOOL : FAST_NONE;
        case 'd':
            return base == DATEOID ? FAST_DATE : FAST_NONE;
        case 'k':
            return base == TIMEOID ? FAST_INT64 : FAST_NONE;
        case 's':
            return base == TIMESTAMPOID ? FAST_INT64 : FAST_NONE;
        case 'S':
            return base == TIMESTAMPTZOID ? FAST_INT64 : FAST_NONE;
        case 'K':
            return base == TIMETZOID ? FAST_TIMETZ : FAST_NONE;
        case 'v':
            return base == INTERVALOID ? FAST_INTERVAL : FAST_NONE;
        case 'u':
            return base == UUIDOID ? FAST_UUID : FAST_NONE;
        case 'n':
            return base == NUMERICOID ? FAST_NUMERIC : FAST_NONE;
        case 'y':
            return base == BYTEAOID ? FAST_BYTEA : FAST_NONE;
        case 't':
            if (base == TEXTOID || base == VARCHAROID || base == BPCHAROID)
                return FAST_TEXT;
            if (base == NAMEOID)
                return FAST_NAME;
            return base == CHAROID ? FAST_CHAR : FAST_NONE;
        default:
            return FAST_NONE;
    }
}

static void
plan_argument(FunctionCallInfo fcinfo, int i, const CodecNode *node, ArgPlan *plan)
{
    Oid         type;
    Oid         base;
    Oid         sendfn;
    bool        isvarlena;

    plan->node = node;
    plan->column = i + 1;
    if (node->wire == '-')
    {
        plan->fast = FAST_SKIP;
        return;
    }
    type = get_fn_expr_argtype(fcinfo->flinfo, i + 2);
    if (!OidIsValid(type))
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("c1_digest: cannot determine the type of column %d", i + 1)));
    base = getBaseType(type);
    plan->fast = choose_fast_path(node->wire, base);
    if (plan->fast != FAST_NONE)
        return;
    getTypeBinaryOutputInfo(base, &sendfn, &isvarlena);
    fmgr_info_cxt(sendfn, &plan->send, fcinfo->flinfo->fn_mcxt);
}

/*
 * The encoding of text inside send output (pq_sendtext), or -1 when that is already what the
 * client hashes. pq_sendtext converts to the process's client encoding, but never into
 * SQL_ASCII nor out of a SQL_ASCII database (raw bytes, which the client receives too); a
 * parallel worker keeps the database encoding whatever the leader's client_encoding.
 */
static int
text_leaf_encoding(void)
{
    int         db = GetDatabaseEncoding();
    int         sent = pg_get_client_encoding();

    if (sent == PG_SQL_ASCII || db == PG_SQL_ASCII)
        sent = db;
    return (sent == PG_UTF8 || sent == PG_SQL_ASCII) ? -1 : sent;
}

/*
 * Whether the descriptor argument is a constant of the query (as gpparity writes it), read
 * from the aggregate call's Aggref. When it cannot be told (window calls, older executors)
 * every row's descriptor is compared with the cached one instead.
 */
static bool
descriptor_is_const(FunctionCallInfo fcinfo)
{
    Aggref     *aggref = AggGetAggref(fcinfo);
    TargetEntry *first;

    if (aggref == NULL || !IsA(aggref, Aggref) || aggref->args == NIL)
        return false;
    first = (TargetEntry *) linitial(aggref->args);
    return IsA(first, TargetEntry) && first->expr != NULL && IsA(first->expr, Const);
}

static DigestCache *
build_cache(FunctionCallInfo fcinfo, text *descriptor)
{
    MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
    DigestCache *cache = palloc0(sizeof(DigestCache));
    CodecNode  *nodes;
    int         count;
    int         i;
    int         db = GetDatabaseEncoding();

    cache->descriptor = text_to_cstring(descriptor);
    cache->descriptor_len = (int) strlen(cache->descriptor);
    nodes = parse_descriptor(cache->descriptor, &count);
    cache->nargs = PG_NARGS() - 2;
    if (count != cache->nargs)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("c1_digest codec descriptor \"%s\" has %d nodes for %d columns",
                        cache->descriptor, count, cache->nargs)));
    cache->args = palloc0(Max(cache->nargs, 1) * sizeof(ArgPlan));
    for (i = 0; i < cache->nargs; i++)
        plan_argument(fcinfo, i, &nodes[i], &cache->args[i]);
    cache->in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
    cache->descriptor_const = descriptor_is_const(fcinfo);
    cache->convert_text = db != PG_UTF8 && db != PG_SQL_ASCII;
    cache->leaf_encoding = text_leaf_encoding();
    cache->rowcxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "gpparity c1_digest row",
                                          ALLOCSET_DEFAULT_MINSIZE,
                                          ALLOCSET_DEFAULT_INITSIZE,
                                          ALLOCSET_DEFAULT_MAXSIZE);
    initStringInfo(&cache->row);
    MemoryContextSwitchTo(old);
    return cache;
}

/* A descriptor that is not a query constant must still be the same on every row. */
static void
check_same_descriptor(const DigestCache *cache, text *descriptor)
{
    if (VARSIZE_ANY_EXHDR(descriptor) != cache->descriptor_len ||
        memcmp(VARDATA_ANY(descriptor), cache->descriptor, cache->descriptor_len) != 0)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("c1_digest codec descriptor must be the same for every row")));
}

/* The call site's cache, built at its first row. */
static DigestCache *
get_cache(FunctionCallInfo fcinfo)
{
    DigestCache *cache = (DigestCache *) fcinfo->flinfo->fn_extra;

    if (PG_ARGISNULL(1))
        ereport(ERROR,
                (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                 errmsg("c1_digest codec descriptor must not be NULL")));
    if (cache == NULL)
    {
        /* VARIADIC ARRAY[...] would hand all columns over as one array: not a row. */
        if (get_fn_expr_variadic(fcinfo->flinfo))
            ereport(ERROR,
                    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                     errmsg("c1_digest does not accept an explicit VARIADIC array"),
                     errhint("Pass each column as its own argument.")));
        cache = build_cache(fcinfo, PG_GETARG_TEXT_PP(1));
        fcinfo->flinfo->fn_extra = cache;
    }
    else if (!cache->descriptor_const)
        check_same_descriptor(cache, PG_GETARG_TEXT_PP(1));
    return cache;
}


/* ------------------------------------------------------------------------------------------
 * Fast path: top-level values straight from the Datum
 * ------------------------------------------------------------------------------------------ */

/* Text as the client receives it: converted to UTF-8 unless the database already is. */
static void
put_text_field(DigestCache *cache, uint8 tag, const char *s, int len)
{
    if (cache->convert_text && len > 0)
    {
        char       *utf8 = pg_server_to_any(s, len, PG_UTF8);

        if (utf8 != s)
        {
            s = utf8;
            len = (int) strlen(utf8);
        }
    }
    put_field(&cache->row, tag, s, len);
}

/* Varlena bytes without copying unless the value is compressed or out of line. */
static void
put_varlena_field(DigestCache *cache, uint8 tag, Datum value, bool is_text)
{
    struct varlena *v = (struct varlena *) DatumGetPointer(value);

    if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
        v = pg_detoast_datum_packed(v);
    if (is_text)
        put_text_field(cache, tag, VARDATA_ANY(v), (int) VARSIZE_ANY_EXHDR(v));
    else
        put_field(&cache->row, tag, VARDATA_ANY(v), (int) VARSIZE_ANY_EXHDR(v));
}

static void
put_timetz_field(StringInfo out, uint8 tag, Datum value)
{
    TimeTzADT  *t = DatumGetTimeTzADTP(value);
    char        b[12];

    /* timetz_send order: int64 time, int32 zone. */
    store_u64(b, (uint64) t->time);
    store_u32(b + 8, (uint32) t->zone);
    put_field(out, tag, b, 12);
}

static void
put_interval_field(StringInfo out, uint8 tag, Datum value)
{
    Interval   *iv = DatumGetIntervalP(value);
    char        b[16];

    /* interval_send order: int64 time, int32 day, int32 month. */
    store_u64(b, (uint64) iv->time);
    store_u32(b + 8, (uint32) iv->day);
    store_u32(b + 12, (uint32) iv->month);
    put_field(out, tag, b, 16);
}

/*
 * The fields of a stored numeric (the on-disk format of numeric.c, the same from 9.1 to 15:
 * a 2-byte header, short or long form, then native-endian base-10000 digits; PostgreSQL 14
 * added the infinities to the special values). Reading it directly gives numeric_out's text
 * without numeric_out's detoast copy, NumericVar and palloc'd string, which made numeric the
 * costliest column type by far.
 */
#define NUMERIC_HDR_SPECIAL_MASK    0xC000
#define NUMERIC_HDR_SHORT           0x8000
#define NUMERIC_HDR_EXT_SIGN_MASK   0xF000
#define NUMERIC_HDR_SHORT_NEG       0x2000
#define NUMERIC_HDR_SHORT_DSCALE    0x1F80
#define NUMERIC_HDR_SHORT_DSCALE_SHIFT 7
#define NUMERIC_HDR_SHORT_WEIGHT_NEG 0x0040
#define NUMERIC_HDR_SHORT_WEIGHT    0x003F
#define NUMERIC_HDR_DSCALE          0x3FFF

static void
numeric_parts_from_datum(Datum value, NumericParts *n)
{
    struct varlena *v = (struct varlena *) DatumGetPointer(value);
    const char *p;
    int         size;
    uint16      header;

    if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
        v = pg_detoast_datum_packed(v);
    p = VARDATA_ANY(v);
    size = (int) VARSIZE_ANY_EXHDR(v);
    memcpy(&header, p, sizeof(header));
    n->big_endian = false;
    if ((header & NUMERIC_HDR_SPECIAL_MASK) == NUMERIC_HDR_SPECIAL_MASK)
    {
        /* NaN (every version), +-Infinity (14+): no digits. */
        n->sign = header & NUMERIC_HDR_EXT_SIGN_MASK;
        n->ndigits = 0;
        n->weight = 0;
        n->dscale = 0;
        n->digits = p;
        return;
    }
    if (header & NUMERIC_HDR_SHORT)
    {
        n->sign = (header & NUMERIC_HDR_SHORT_NEG) ? NUMERIC_SIGN_NEG : NUMERIC_SIGN_POS;
        n->dscale = (header & NUMERIC_HDR_SHORT_DSCALE) >> NUMERIC_HDR_SHORT_DSCALE_SHIFT;
        n->weight = ((header & NUMERIC_HDR_SHORT_WEIGHT_NEG) ? ~NUMERIC_HDR_SHORT_WEIGHT : 0) |
            (header & NUMERIC_HDR_SHORT_WEIGHT);
        n->digits = p + 2;
        n->ndigits = (size - 2) / 2;
    }
    else
    {
        int16       weight;

        memcpy(&weight, p + 2, sizeof(weight));
        n->sign = header & NUMERIC_HDR_SPECIAL_MASK;
        n->dscale = header & NUMERIC_HDR_DSCALE;
        n->weight = weight;
        n->digits = p + 4;
        n->ndigits = (size - 4) / 2;
    }
}

static void
put_numeric_field(StringInfo out, uint8 tag, Datum value, int column)
{
    NumericParts n;
    int         length_at;

    numeric_parts_from_datum(value, &n);
    if (n.sign != NUMERIC_SIGN_POS && n.sign != NUMERIC_SIGN_NEG &&
        n.sign != NUMERIC_SIGN_NAN && n.sign != NUMERIC_SIGN_PINF &&
        n.sign != NUMERIC_SIGN_NINF)
        ereport(ERROR,
                (errcode(ERRCODE_DATA_CORRUPTED),
                 errmsg("c1_digest: column %d: numeric value with unknown header %04x",
                        column, n.sign)));
    reserve(out, 5);
    out->data[out->len] = (char) tag;
    length_at = out->len + 1;
    out->len += 5;
    append_numeric_parts(out, &n);
    store_u32(out->data + length_at, (uint32) (out->len - length_at - 4));
}

/* Generic path: the type's send function, then the client's decoder. */
static void
put_sent_field(DigestCache *cache, const ArgPlan *plan, Datum value)
{
    bytea      *sent = SendFunctionCall((FmgrInfo *) &plan->send, value);
    DecodeCtx   ctx;

    ctx.out = &cache->row;
    ctx.column = plan->column;
    ctx.leaf_encoding = cache->leaf_encoding;
    encode_nested(&ctx, plan->node, VARDATA(sent), (int) (VARSIZE(sent) - VARHDRSZ));
}

static void
encode_argument(DigestCache *cache, const ArgPlan *plan, Datum value)
{
    StringInfo  out = &cache->row;
    uint8       tag = plan->node->tag;

    switch (plan->fast)
    {
        case FAST_INT2:
            put_u64_field(out, tag, (uint64) (int64) DatumGetInt16(value));
            break;
        case FAST_INT4:
            put_u64_field(out, tag, (uint64) (int64) DatumGetInt32(value));
            break;
        case FAST_INT8:
            put_u64_field(out, tag, (uint64) DatumGetInt64(value));
            break;
        case FAST_FLOAT4:
            put_u64_field(out, tag, canonical_float_bits((double) DatumGetFloat4(value)));
            break;
        case FAST_FLOAT8:
            put_u64_field(out, tag, canonical_float_bits(DatumGetFloat8(value)));
            break;
        case FAST_BOOL:
            {
                char        b = DatumGetBool(value) ? 1 : 0;

                put_field(out, tag, &b, 1);
                break;
            }
        case FAST_DATE:
            {
                char        b[4];

                store_u32(b, (uint32) DatumGetDateADT(value));
                put_field(out, tag, b, 4);
                break;
            }
        case FAST_INT64:
            put_u64_field(out, tag, (uint64) DatumGetInt64(value));
            break;
        case FAST_TIMETZ:
            put_timetz_field(out, tag, value);
            break;
        case FAST_INTERVAL:
            put_interval_field(out, tag, value);
            break;
        case FAST_UUID:
            put_field(out, tag, (const char *) DatumGetPointer(value), 16);
            break;
        case FAST_NUMERIC:
            put_numeric_field(out, tag, value, plan->column);
            break;
        case FAST_TEXT:
            put_varlena_field(cache, tag, value, true);
            break;
        case FAST_NAME:
            {
                const char *s = NameStr(*DatumGetName(value));

                put_text_field(cache, tag, s, (int) strnlen(s, NAMEDATALEN));
                break;
            }
        case FAST_CHAR:
            {
                char        b = DatumGetChar(value);

                put_field(out, tag, &b, 1);
                break;
            }
        case FAST_BYTEA:
            put_varlena_field(cache, tag, value, false);
            break;
        case FAST_NONE:
            put_sent_field(cache, plan, value);
            break;
        case FAST_SKIP:
            break;
    }
}

/* The row encoding of this call's arguments, into cache->row. */
static void
encode_row(DigestCache *cache, FunctionCallInfo fcinfo)
{
    MemoryContext old = MemoryContextSwitchTo(cache->rowcxt);
    int         i;

    resetStringInfo(&cache->row);
    for (i = 0; i < cache->nargs; i++)
    {
        const ArgPlan *plan = &cache->args[i];

        if (plan->fast == FAST_SKIP)
            continue;
        if (PG_ARGISNULL(i + 2))
            appendStringInfoChar(&cache->row, TAG_NULL);
        else
            encode_argument(cache, plan, PG_GETARG_DATUM(i + 2));
    }
    MemoryContextSwitchTo(old);
    /* Detoasted copies, send results, converted text: nothing survives the row. */
#if PG_VERSION_NUM >= 90500
    if (!cache->rowcxt->isReset)
#endif
        MemoryContextReset(cache->rowcxt);
}


/* ------------------------------------------------------------------------------------------
 * State: 24 bytes, count | sum high64 | sum low64, big-endian
 * ------------------------------------------------------------------------------------------ */

static inline void
read_state(struct varlena *v, uint64 *count, uint64 *high, uint64 *low)
{
    const char *p;

    if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
        v = pg_detoast_datum_packed(v);
    if (VARSIZE_ANY_EXHDR(v) != STATE_BYTES)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("c1_digest state must be %d bytes, not %d",
                        STATE_BYTES, (int) VARSIZE_ANY_EXHDR(v))));
    p = VARDATA_ANY(v);
    *count = read_u64(p);
    *high = read_u64(p + 8);
    *low = read_u64(p + 16);
}

static inline void
write_state(char *p, uint64 count, uint64 high, uint64 low)
{
    store_u64(p, count);
    store_u64(p + 8, high);
    store_u64(p + 16, low);
}

/*
 * Adds (count, high:low) to the state in argument 0 and returns the state. In an aggregate
 * (in_agg) the state lives in the aggregate's context and is updated in place, so rows cost
 * no allocation. Otherwise (the first row's NULL state, direct calls, a short-header copy) a
 * new state is made in the current context; the executor copies it into the aggregate
 * context.
 */
static Datum
add_to_state(FunctionCallInfo fcinfo, bool in_agg, uint64 count, uint64 high, uint64 low)
{
    struct varlena *state = PG_ARGISNULL(0) ? NULL : (struct varlena *) PG_GETARG_POINTER(0);
    uint64      c = 0;
    uint64      h = 0;
    uint64      l = 0;
    uint64      low_sum;
    bytea      *result;

    if (state != NULL)
        read_state(state, &c, &h, &l);
    low_sum = l + low;
    h += high + (low_sum < l ? 1 : 0);
    c += count;
    if (state != NULL && in_agg && !VARATT_IS_EXTENDED(state))
    {
        write_state(VARDATA(state), c, h, low_sum);
        PG_RETURN_POINTER(state);
    }
    result = palloc(VARHDRSZ + STATE_BYTES);
    SET_VARSIZE(result, VARHDRSZ + STATE_BYTES);
    write_state(VARDATA(result), c, h, low_sum);
    PG_RETURN_BYTEA_P(result);
}


/* ------------------------------------------------------------------------------------------
 * SQL-callable functions
 * ------------------------------------------------------------------------------------------ */

/* c1_digest_transfn(state bytea, codec text, VARIADIC "any"): adds one row. Not strict. */
Datum
gpparity_c1_digest_transfn(PG_FUNCTION_ARGS)
{
    DigestCache *cache = get_cache(fcinfo);
    XXH128_hash_t hash;

    encode_row(cache, fcinfo);
    hash = XXH3_128bits(cache->row.data, (size_t) cache->row.len);
    return add_to_state(fcinfo, cache->in_agg, 1, hash.high64, hash.low64);
}

/*
 * On Greenplum 6 the combine function is declared (bytea, VARIADIC "any") (see the install
 * script); refuse anything but two bytea states when called directly.
 */
static void
check_combine_arguments(FunctionCallInfo fcinfo)
{
    Oid         type;

    if (PG_NARGS() != 2)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("c1_digest_combinefn takes two c1_digest states")));
    type = fcinfo->flinfo ? get_fn_expr_argtype(fcinfo->flinfo, 1) : InvalidOid;
    if (OidIsValid(type) && getBaseType(type) != BYTEAOID)
        ereport(ERROR,
                (errcode(ERRCODE_DATATYPE_MISMATCH),
                 errmsg("c1_digest_combinefn takes two c1_digest states (bytea)")));
}

/* c1_digest_combinefn(a bytea, b bytea): a + b (counts and 128-bit sums). NULL = empty. */
Datum
gpparity_c1_digest_combinefn(PG_FUNCTION_ARGS)
{
    uint64      count;
    uint64      high;
    uint64      low;

    check_combine_arguments(fcinfo);
    if (PG_ARGISNULL(1))
    {
        if (PG_ARGISNULL(0))
            PG_RETURN_NULL();
        PG_RETURN_DATUM(PG_GETARG_DATUM(0));
    }
    read_state((struct varlena *) PG_GETARG_POINTER(1), &count, &high, &low);
    return add_to_state(fcinfo, AggCheckCallContext(fcinfo, NULL) != 0, count, high, low);
}

Datum
gpparity_c1_digest_version(PG_FUNCTION_ARGS)
{
    PG_RETURN_TEXT_P(cstring_to_text(GPPARITY_VERSION));
}

Datum
gpparity_c1_digest_encoding(PG_FUNCTION_ARGS)
{
    PG_RETURN_TEXT_P(cstring_to_text(GPPARITY_ENCODING));
}
