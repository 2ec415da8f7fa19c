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

/// The offset of the first byte of `bytes[0..<count]` that stops a plain run of a JSON
/// string: a quote, a backslash or a control character (below 0x20); `count` if none.
static inline size_t rw_string_stop(const uint8_t *bytes, size_t count) {
    size_t at = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    // Signed compare: 0x20 > b holds for 0x00...0x1F and for the bytes from 0x80 up
    // (negative as signed), so those are taken back out with the high-bit mask.
    const __m128i space = _mm_set1_epi8(0x20);
    for (; at + 16 <= count; at += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + at));
        __m128i stops = _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash));
        unsigned control = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(space, chunk)) & ~(unsigned)_mm_movemask_epi8(chunk);
        unsigned mask = (unsigned)_mm_movemask_epi8(stops) | control;
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; at < count; at++) {
        uint8_t byte = bytes[at];
        if (byte == '"' || byte == '\\' || byte < 0x20) return at;
    }
    return count;
}

/// The offset of the first quote or backslash in `bytes[0..<count]`; `count` if none.
static inline size_t rw_quote_or_backslash(const uint8_t *bytes, size_t count) {
    size_t at = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    for (; at + 16 <= count; at += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + at));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)));
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; at < count; at++) {
        if (bytes[at] == '"' || bytes[at] == '\\') return at;
    }
    return count;
}

/// The offset of the first byte of `bytes[0..<count]` outside printable ASCII (0x20...0x7E);
/// `count` if none.
static inline size_t rw_printable_ascii_end(const uint8_t *bytes, size_t count) {
    size_t at = 0;
#if defined(__SSE2__)
    // Signed: printable ASCII is 0x20...0x7E; 0x7F and every byte from 0x80 up (negative) fail.
    const __m128i belowSpace = _mm_set1_epi8(0x1F);
    const __m128i delete = _mm_set1_epi8(0x7F);
    for (; at + 16 <= count; at += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + at));
        __m128i printable = _mm_and_si128(_mm_cmpgt_epi8(chunk, belowSpace), _mm_cmplt_epi8(chunk, delete));
        unsigned mask = ~(unsigned)_mm_movemask_epi8(printable) & 0xFFFF;
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
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i delete = _mm_set1_epi8(0x7F);
    const __m128i c1Lead = _mm_set1_epi8((char)0xC2);
    const __m128i arabicLead = _mm_set1_epi8((char)0xD8);
    const __m128i bidiLead = _mm_set1_epi8((char)0xE2);
    for (; at + 16 <= count; at += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + at));
        __m128i looked = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, delete), _mm_cmpeq_epi8(chunk, c1Lead)),
                                      _mm_or_si128(_mm_cmpeq_epi8(chunk, arabicLead), _mm_cmpeq_epi8(chunk, bidiLead)));
        // Signed compare as in rw_string_stop: below 0x20, the bytes from 0x80 taken back out.
        unsigned control = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(space, chunk)) & ~(unsigned)_mm_movemask_epi8(chunk);
        unsigned mask = (unsigned)_mm_movemask_epi8(looked) | control;
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; at < count; at++) {
        uint8_t byte = bytes[at];
        if (byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2) return at;
    }
    return count;
}

#endif
