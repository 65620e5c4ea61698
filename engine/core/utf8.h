/*
 * utf8: validating and repairing UTF-8 text (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF). No allocation; callers own buffers.
 */
#ifndef BURDEN_CORE_UTF8_H
#define BURDEN_CORE_UTF8_H

#include <stddef.h>

/* The length of the longest valid prefix of s[0..n): n when all of it is valid. */
size_t bn_utf8_valid_prefix(const char *s, size_t n);

/*
 * The length of the valid sequence starting at s (1 to 4), or 0 when the
 * bytes there do not start a valid sequence.
 */
size_t bn_utf8_sequence(const unsigned char *s, size_t n);

/*
 * Copies s[0..n) into dst replacing each invalid byte by U+FFFD (3 bytes);
 * dst must hold 3 * n bytes. Returns the length written.
 */
size_t bn_utf8_repair(const char *s, size_t n, char *dst);

#endif
