/* libFuzzer harness: the PCRE2 wrapper (engine/core/regex). The first byte holds
 * compile flags, then the pattern up to the first NUL, then the subject. Every
 * match is collected the way burden.re's gmatch does (empty matches advance). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int flags = data[0] & 31;
    const char *pat = (const char *)data + 1;
    size_t rest = size - 1;
    const char *nul = memchr(pat, '\0', rest);
    size_t plen = nul ? (size_t)(nul - pat) : rest;
    const char *subject = nul ? nul + 1 : "";
    size_t slen = nul ? rest - plen - 1 : 0;

    bn_regex *re = NULL;
    bn_error err;
    bn_error_clear(&err);
    if (bn_regex_compile(pat, plen, flags, &re, &err) != BN_OK)
        return 0;
    size_t ncap = bn_regex_ncaptures(re);
    for (size_t i = 0; i < bn_regex_name_count(re); i++) {
        size_t group;
        const char *name = bn_regex_name(re, i, &group);
        if (!name || group > ncap)
            __builtin_trap();
    }
    size_t ovec[2 * 64];
    if (ncap < 63) {
        size_t start = 0;
        int opts = 0;
        for (int guard = 0; guard < 1000; guard++) {
            int rc = bn_regex_exec(re, subject, slen, start, opts, ovec, &err);
            if (rc != 1) {
                if (rc == 0 && opts && start < slen) { /* no non-empty match here: step on */
                    start++;
                    opts = 0;
                    continue;
                }
                break;
            }
            for (size_t g = 0; g <= ncap; g++)
                if (ovec[2 * g] != BN_RE_UNSET &&
                    (ovec[2 * g] > ovec[2 * g + 1] || ovec[2 * g + 1] > slen))
                    __builtin_trap(); /* a group outside the subject */
            start = ovec[1];
            opts = ovec[0] == ovec[1] ? BN_RE_NOTEMPTY_ATSTART : 0;
        }
    }
    bn_regex_free(re);
    return 0;
}
