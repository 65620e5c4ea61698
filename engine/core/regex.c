#include "regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

struct bn_regex {
    pcre2_code *code;
    pcre2_match_data *md;
    size_t ncap;
    size_t nnames;
    size_t name_entry; /* bytes per entry of the name table */
    PCRE2_SPTR name_table;
};

int bn_regex_flags(const char *letters)
{
    int flags = 0;
    for (const char *p = letters; *p; p++) {
        switch (*p) {
        case 'i': flags |= BN_RE_CASELESS; break;
        case 'm': flags |= BN_RE_MULTILINE; break;
        case 's': flags |= BN_RE_DOTALL; break;
        case 'x': flags |= BN_RE_EXTENDED; break;
        case 'U': flags |= BN_RE_UNGREEDY; break;
        default: return -1;
        }
    }
    return flags;
}

enum bn_status bn_regex_compile(const char *pattern, size_t len, int flags, bn_regex **out,
                                bn_error *err)
{
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
    if (flags & BN_RE_CASELESS)
        opts |= PCRE2_CASELESS;
    if (flags & BN_RE_MULTILINE)
        opts |= PCRE2_MULTILINE;
    if (flags & BN_RE_DOTALL)
        opts |= PCRE2_DOTALL;
    if (flags & BN_RE_EXTENDED)
        opts |= PCRE2_EXTENDED;
    if (flags & BN_RE_UNGREEDY)
        opts |= PCRE2_UNGREEDY;
    int code;
    PCRE2_SIZE offset;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &code, &offset, NULL);
    if (!c) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
            strcpy((char *)msg, "unknown error");
        return bn_fail(err, BN_EINVAL, "%s at offset %zu in pattern '%.*s'", (char *)msg,
                       (size_t)offset, len > 200 ? 200 : (int)len, pattern);
    }
    bn_regex *re = calloc(1, sizeof *re);
    pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(c, NULL) : NULL;
    if (!re || !md) {
        pcre2_code_free(c);
        free(re);
        return bn_fail(err, BN_ENOMEM, "out of memory compiling a pattern");
    }
    re->code = c;
    re->md = md;
    uint32_t v;
    pcre2_pattern_info(c, PCRE2_INFO_CAPTURECOUNT, &v);
    re->ncap = v;
    pcre2_pattern_info(c, PCRE2_INFO_NAMECOUNT, &v);
    re->nnames = v;
    pcre2_pattern_info(c, PCRE2_INFO_NAMEENTRYSIZE, &v);
    re->name_entry = v;
    pcre2_pattern_info(c, PCRE2_INFO_NAMETABLE, &re->name_table);
    *out = re;
    return BN_OK;
}

void bn_regex_free(bn_regex *re)
{
    if (!re)
        return;
    pcre2_match_data_free(re->md);
    pcre2_code_free(re->code);
    free(re);
}

size_t bn_regex_ncaptures(const bn_regex *re)
{
    return re->ncap;
}

size_t bn_regex_name_count(const bn_regex *re)
{
    return re->nnames;
}

const char *bn_regex_name(const bn_regex *re, size_t i, size_t *group)
{
    PCRE2_SPTR entry = re->name_table + i * re->name_entry;
    *group = ((size_t)entry[0] << 8) | entry[1];
    return (const char *)(entry + 2);
}

int bn_regex_exec(bn_regex *re, const char *subject, size_t len, size_t start, int options,
                  size_t *ovec, bn_error *err)
{
    uint32_t opts = 0;
    if (options & BN_RE_NOTEMPTY_ATSTART)
        opts |= PCRE2_NOTEMPTY_ATSTART;
    if (options & BN_RE_ANCHORED)
        opts |= PCRE2_ANCHORED;
    if (start > len)
        return 0;
    int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, opts, re->md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
            strcpy((char *)msg, "unknown error");
        bn_fail(err, BN_EINVAL, "match failed: %s", (char *)msg);
        return -1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    for (size_t g = 0; g <= re->ncap; g++) {
        /* groups past rc did not take part in the match */
        int set = g < (size_t)rc && ov[2 * g] != PCRE2_UNSET;
        ovec[2 * g] = set ? (size_t)ov[2 * g] : BN_RE_UNSET;
        ovec[2 * g + 1] = set ? (size_t)ov[2 * g + 1] : BN_RE_UNSET;
    }
    return 1;
}
