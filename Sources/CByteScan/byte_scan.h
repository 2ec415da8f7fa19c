// Finding the next byte of a kind in a run of JSON text, sixteen bytes at a time.
//
// The scanner passes over most of what kubectl sends without building it: long strings
// (termination messages, last-applied-configuration) and the bytes between the fields
// it reads. Swift's SIMD types compile these compares into a byte-by-byte loop through
// the stack (measured: 2.5x the instructions of the eight-byte word tricks in
// JSONLite's ByteWord); here SSE2 (every x86-64 has it) compares sixteen bytes in three
// instructions. Static inline, so the Swift code that calls it gets it inlined and
// nothing is linked. Without SSE2 (another architecture), the same answer a byte at a time.
#ifndef ROLLWATCH_BYTE_SCAN_H
#define ROLLWATCH_BYTE_SCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__SSE2__)
/// A bit for each of the sixteen bytes below 0x20. The compare is signed: 0x20 > b holds
/// for 0x00...0x1F and for the bytes from 0x80 up (negative as signed), so those are taken
/// back out with their high bits.
static inline unsigned rw_controls16(__m128i chunk) {
    return (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(_mm_set1_epi8(0x20), chunk)) & ~(unsigned)_mm_movemask_epi8(chunk);
}

/// A bit for each of the sixteen bytes outside printable ASCII (0x20...0x7E). Signed
/// compares: 0x7F and every byte from 0x80 up (negative) fail both.
static inline unsigned rw_unprintable16(__m128i chunk) {
    __m128i printable = _mm_and_si128(_mm_cmpgt_epi8(chunk, _mm_set1_epi8(0x1F)), _mm_cmplt_epi8(chunk, _mm_set1_epi8(0x7F)));
    return ~(unsigned)_mm_movemask_epi8(printable) & 0xFFFF;
}

/// A bit for each of the sixteen bytes that is a quote or a backslash.
static inline unsigned rw_quotes_and_backslashes16(__m128i chunk) {
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('"')), _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\\'))));
}
#endif

/// The offset of the first byte of `bytes[0..<count]` that stops a plain run of a JSON
/// string: a quote, a backslash or a control character (below 0x20); `count` if none.
static inline size_t rw_string_stop(const uint8_t *bytes, size_t count) {
    size_t at = 0;
#if defined(__SSE2__)
    for (; at + 16 <= count; at += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + at));
        unsigned mask = rw_quotes_and_backslashes16(chunk) | rw_controls16(chunk);
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; at < count; at++) {
        uint8_t byte = bytes[at];
        if (byte == '"' || byte == '\\' || byte < 0x20) return at;
    }
    return count;
}

/// The offset of the first of the sixteen bytes at `bytes` (all of them readable) that
/// ends a member name of plain ASCII: a quote, a backslash, a control character or a byte
/// from 0x80 up; 16 if none. The scanner reads most names (`"name":`) in this one look.
static inline unsigned rw_name_stop16(const uint8_t *bytes) {
#if defined(__SSE2__)
    __m128i chunk = _mm_loadu_si128((const __m128i *)bytes);
    unsigned mask = rw_quotes_and_backslashes16(chunk) | rw_controls16(chunk) | (unsigned)_mm_movemask_epi8(chunk);
    return mask != 0 ? (unsigned)__builtin_ctz(mask) : 16;
#else
    for (unsigned at = 0; at < 16; at++) {
        uint8_t byte = bytes[at];
        if (byte == '"' || byte == '\\' || byte < 0x20 || byte >= 0x80) return at;
    }
    return 16;
#endif
}

/// The offset of the first quote or backslash in `bytes[0..<count]`; `count` if none.
static inline size_t rw_quote_or_backslash(const uint8_t *bytes, size_t count) {
    size_t at = 0;
#if defined(__SSE2__)
    for (; at + 16 <= count; at += 16) {
        unsigned mask = rw_quotes_and_backslashes16(_mm_loadu_si128((const __m128i *)(bytes + at)));
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; at < count; at++) {
        if (bytes[at] == '"' || bytes[at] == '\\') return at;
    }
    return count;
}

/// The offset of the first byte of `bytes[0..<count]` that stops a run of a JSON string
/// made terminal-safe as it is read: a quote, a backslash, or a byte outside printable
/// ASCII (0x20...0x7E); `count` if none.
static inline size_t rw_plain_text_stop(const uint8_t *bytes, size_t count) {
    size_t at = 0;
#if defined(__SSE2__)
    for (; at + 16 <= count; at += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + at));
        unsigned mask = rw_unprintable16(chunk) | rw_quotes_and_backslashes16(chunk);
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; at < count; at++) {
        uint8_t byte = bytes[at];
        if (byte == '"' || byte == '\\' || byte < 0x20 || byte > 0x7E) return at;
    }
    return count;
}

/// The offset of the first byte of `bytes[0..<count]` outside printable ASCII (0x20...0x7E);
/// `count` if none.
static inline size_t rw_printable_ascii_end(const uint8_t *bytes, size_t count) {
    size_t at = 0;
#if defined(__SSE2__)
    for (; at + 16 <= count; at += 16) {
        unsigned mask = rw_unprintable16(_mm_loadu_si128((const __m128i *)(bytes + at)));
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; at < count; at++) {
        if (bytes[at] < 0x20 || bytes[at] >= 0x7F) return at;
    }
    return count;
}

/// The offset of the first byte of `bytes[0..<count]` that making text safe for a terminal
/// must look at: a C0 control (below 0x20), DEL, or the lead byte of a C1 control (0xC2),
/// of U+061C (0xD8) or of a bidi control (0xE2); `count` if none.
static inline size_t rw_terminal_stop(const uint8_t *bytes, size_t count) {
    size_t at = 0;
#if defined(__SSE2__)
    const __m128i delete = _mm_set1_epi8(0x7F);
    const __m128i c1Lead = _mm_set1_epi8((char)0xC2);
    const __m128i arabicLead = _mm_set1_epi8((char)0xD8);
    const __m128i bidiLead = _mm_set1_epi8((char)0xE2);
    for (; at + 16 <= count; at += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + at));
        __m128i looked = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, delete), _mm_cmpeq_epi8(chunk, c1Lead)),
                                      _mm_or_si128(_mm_cmpeq_epi8(chunk, arabicLead), _mm_cmpeq_epi8(chunk, bidiLead)));
        unsigned mask = (unsigned)_mm_movemask_epi8(looked) | rw_controls16(chunk);
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; at < count; at++) {
        uint8_t byte = bytes[at];
        if (byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2) return at;
    }
    return count;
}

/// How `rw_skip_container_leniently` ended.
enum rw_lenient_skip_status {
    /// The container closed; `*at` is the offset just after its closing bracket.
    rw_lenient_skip_closed = 0,
    /// A closing bracket of the other kind than the innermost open one (or none open); `*at` is its offset.
    rw_lenient_skip_mismatched = 1,
    /// The input ended outside a string; `*at` is `count`.
    rw_lenient_skip_ended = 2,
    /// The input ended inside a string; `*at` is where a byte-at-a-time skip stops:
    /// `count`, or `count + 1` after a last byte that escapes the one past the end.
    rw_lenient_skip_unterminated = 3,
    /// Nested deeper than 64: nothing decided, left to the caller's own skip.
    rw_lenient_skip_too_deep = 4,
};

/// A byte outside strings in a lenient skip: brackets nest (one bit each, an object's
/// set, in `brackets`); anything else is passed over. Returns a status, or -1 to go on.
static inline int rw_lenient_bracket(uint8_t byte, size_t offset, uint64_t *brackets, int *depth, size_t *at) {
    if (byte == '{' || byte == '[') {
        if (*depth == 64) return rw_lenient_skip_too_deep;
        *brackets = *brackets << 1 | (byte == '{');
        *depth += 1;
    } else if (byte == '}' || byte == ']') {
        if (*depth == 0 || (int)(*brackets & 1) != (byte == '}')) {
            *at = offset;
            return rw_lenient_skip_mismatched;
        }
        *brackets >>= 1;
        *depth -= 1;
        if (*depth == 0) {
            *at = offset + 1;
            return rw_lenient_skip_closed;
        }
    }
    return -1;
}

/// One byte of a lenient skip: outside strings a quote opens one and brackets nest;
/// inside, a backslash takes the next byte whatever it is, and a quote closes it.
/// Returns a status, or -1 to go on.
static inline int rw_lenient_step(uint8_t byte, size_t offset, int *inString, int *escaped,
                                  uint64_t *brackets, int *depth, size_t *at) {
    if (*inString) {
        if (*escaped) *escaped = 0;
        else if (byte == '\\') *escaped = 1;
        else if (byte == '"') *inString = 0;
        return -1;
    }
    if (byte == '"') {
        *inString = 1;
        return -1;
    }
    return rw_lenient_bracket(byte, offset, brackets, depth, at);
}

#if defined(__SSE2__)
/// A bit for each of 64 bytes equal to `value`.
static inline uint64_t rw_mask64(const __m128i chunks[4], __m128i value) {
    uint64_t mask = 0;
    for (int part = 0; part < 4; part++) {
        mask |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(chunks[part], value)) << (16 * part);
    }
    return mask;
}
#endif

#if defined(__SSE2__)
/// What the quotes and backslashes of 64 bytes say: which bytes are inside a string (after
/// an odd number of unescaped quotes, the opening one counted; which a backslash escapes
/// is worked out as simdjson does, runs of them taken in pairs), the backslashes, and
/// whether the block ends on an escaping backslash.
struct rw_strings64 {
    uint64_t inside, backslashes;
    int endsEscaping;
};

/// `rw_strings64` of `chunks`, the block before having ended inside a string when
/// `inString`, and on an escaping backslash (so the first byte here is escaped) when `escaped`.
static inline struct rw_strings64 rw_strings_in64(const __m128i chunks[4], int inString, int escaped) {
    const uint64_t evenBits = 0x5555555555555555ULL;
    struct rw_strings64 strings;
    strings.backslashes = rw_mask64(chunks, _mm_set1_epi8('\\'));
    // Most blocks have no backslash: then only the first byte can be escaped.
    uint64_t escapedBytes = (uint64_t)escaped;
    strings.endsEscaping = 0;
    if (strings.backslashes != 0) {
        uint64_t escapers = strings.backslashes & ~(uint64_t)escaped;
        uint64_t followsEscaper = escapers << 1 | (uint64_t)escaped;
        uint64_t oddStarts = escapers & ~evenBits & ~followsEscaper;
        uint64_t evenStartSums;
        strings.endsEscaping = __builtin_add_overflow(oddStarts, escapers, &evenStartSums);
        escapedBytes = (evenBits ^ (evenStartSums << 1)) & followsEscaper;
    }
    uint64_t inside = rw_mask64(chunks, _mm_set1_epi8('"')) & ~escapedBytes;
    inside ^= inside << 1;
    inside ^= inside << 2;
    inside ^= inside << 4;
    inside ^= inside << 8;
    inside ^= inside << 16;
    inside ^= inside << 32;
    strings.inside = inString ? ~inside : inside;
    return strings;
}

/// The brackets outside strings among the 64 bytes at `bytes`: `{` and `[` in `opens`, `}`
/// and `]` in `closes` (a compare with 0x5B or 0x5D finds both kinds once the bit that tells
/// `[` from `{` is cleared). `*inString` and `*escaped` say how the block before ended and are
/// left saying how this one ends. Returns 0, nothing changed, when a backslash stands outside
/// a string (not JSON): the caller goes a byte at a time. Always inlined: called out of
/// line, its results go through memory and the skips it serves cost a fifth more.
static inline __attribute__((always_inline)) int rw_brackets64(const uint8_t *bytes, int *inString, int *escaped, uint64_t *opens, uint64_t *closes) {
    __m128i chunks[4], folded[4];
    for (int part = 0; part < 4; part++) {
        chunks[part] = _mm_loadu_si128((const __m128i *)(bytes + 16 * part));
        folded[part] = _mm_and_si128(chunks[part], _mm_set1_epi8((char)0xDF));
    }
    struct rw_strings64 strings = rw_strings_in64(chunks, *inString, *escaped);
    if ((strings.backslashes & ~strings.inside) != 0) return 0;
    *opens = rw_mask64(folded, _mm_set1_epi8(0x5B)) & ~strings.inside;
    *closes = rw_mask64(folded, _mm_set1_epi8(0x5D)) & ~strings.inside;
    *inString = (int)(strings.inside >> 63);
    *escaped = strings.endsEscaping;
    return 1;
}
#endif

/// Skips the container whose opening bracket is at `start` as a lenient skip does: brackets
/// outside strings must match and strings must end; nothing else is looked at. 64 bytes at
/// a time where every backslash in them is inside a string (`rw_brackets64`), a byte at
/// a time elsewhere; both give what a byte-at-a-time walk gives. See `rw_lenient_skip_status`.
static inline int rw_skip_container_leniently(const uint8_t *bytes, size_t count, size_t start, size_t *at) {
    int inString = 0, escaped = 0, depth = 0;
    uint64_t brackets = 0;
    size_t offset = start;
#if defined(__SSE2__)
    while (offset + 64 <= count) {
        uint64_t opens, closes;
        if (!rw_brackets64(bytes + offset, &inString, &escaped, &opens, &closes)) {
            // A backslash outside a string (not JSON): these bytes one at a time.
            for (size_t end = offset + 64; offset < end; offset++) {
                int status = rw_lenient_step(bytes[offset], offset, &inString, &escaped, &brackets, &depth, at);
                if (status >= 0) return status;
            }
            continue;
        }
        for (uint64_t marks = opens | closes; marks != 0; marks &= marks - 1) {
            size_t position = offset + (size_t)__builtin_ctzll(marks);
            int status = rw_lenient_bracket(bytes[position], position, &brackets, &depth, at);
            if (status >= 0) return status;
        }
        offset += 64;
    }
#endif
    for (; offset < count; offset++) {
        int status = rw_lenient_step(bytes[offset], offset, &inString, &escaped, &brackets, &depth, at);
        if (status >= 0) return status;
    }
    *at = inString && escaped ? count + 1 : count;
    return inString ? rw_lenient_skip_unterminated : rw_lenient_skip_ended;
}

/// The end of the container whose opening bracket is at `start`, for a value passed now
/// and checked later: brackets outside strings are counted, not matched (`]` closes a `{`:
/// no stack to keep, nothing to tell apart but opening from closing). 64 bytes at a time
/// as the lenient skip goes (`rw_brackets64`), a byte at a time after a backslash outside
/// a string. Returns 1 with `*at` just after the bracket that closes the container, 0 when
/// the input ends first. On JSON, the end a lenient skip finds; on anything else some end
/// or none, and the later check finds the fault.
static inline int rw_container_end(const uint8_t *bytes, size_t count, size_t start, size_t *at) {
    int inString = 0, escaped = 0;
    int64_t depth = 0;
    size_t offset = start;
#if defined(__SSE2__)
    while (offset + 64 <= count) {
        uint64_t opens, closes;
        if (!rw_brackets64(bytes + offset, &inString, &escaped, &opens, &closes)) break;  // not JSON: the walk below
        for (uint64_t marks = opens | closes; marks != 0; marks &= marks - 1) {
            int bit = __builtin_ctzll(marks);
            depth += (int64_t)(opens >> bit & 1) * 2 - 1;
            if (depth == 0) {
                *at = offset + (size_t)bit + 1;
                return 1;
            }
        }
        offset += 64;
    }
#endif
    for (; offset < count; offset++) {
        uint8_t byte = bytes[offset];
        if (inString) {
            if (escaped) escaped = 0;
            else if (byte == '\\') escaped = 1;
            else if (byte == '"') inString = 0;
        } else if (byte == '"') {
            inString = 1;
        } else if (byte == '{' || byte == '[') {
            depth += 1;
        } else if (byte == '}' || byte == ']') {
            if (--depth == 0) {
                *at = offset + 1;
                return 1;
            }
        }
    }
    return 0;
}
#endif
