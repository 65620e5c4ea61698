#include "units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numparse.h"

static const char *const kind_names[] = {"count", "compute", "rate",  "mac",   "time",
                                         "energy", "mass",   "money", "power", "data"};
static const char *const base_names[] = {"", "FLOP", "FLOP/s", "MAC", "s", "J", "kg", "USD",
                                         "W", "B"};

const char *bn_unit_kind_name(enum bn_unit_kind k)
{
    return kind_names[k];
}

const char *bn_unit_base(enum bn_unit_kind k)
{
    return base_names[k];
}

/* A unit: value_in_base = value * 10^pow10 * mult (powers of ten kept apart for exactness). */
typedef struct unitval {
    enum bn_unit_kind kind;
    int pow10;
    double mult;
} unitval;

typedef struct named {
    const char *name;
    enum bn_unit_kind kind;
    int pow10;
    double mult;
} named;

#define MONTH_S 2629800.0 /* a twelfth of a Julian year */
#define YEAR_S 31557600.0 /* Julian year, 365.25 days */

/* Units without prefixes; matched exactly, or ignoring case when longer than 3 bytes. */
static const named plain_units[] = {
    {"s", BN_KIND_TIME, 0, 1},          {"sec", BN_KIND_TIME, 0, 1},
    {"secs", BN_KIND_TIME, 0, 1},       {"second", BN_KIND_TIME, 0, 1},
    {"seconds", BN_KIND_TIME, 0, 1},    {"ms", BN_KIND_TIME, -3, 1},
    {"min", BN_KIND_TIME, 0, 60},       {"mins", BN_KIND_TIME, 0, 60},
    {"minute", BN_KIND_TIME, 0, 60},    {"minutes", BN_KIND_TIME, 0, 60},
    {"h", BN_KIND_TIME, 0, 3600},       {"hr", BN_KIND_TIME, 0, 3600},
    {"hrs", BN_KIND_TIME, 0, 3600},     {"hour", BN_KIND_TIME, 0, 3600},
    {"hours", BN_KIND_TIME, 0, 3600},   {"d", BN_KIND_TIME, 0, 86400},
    {"day", BN_KIND_TIME, 0, 86400},    {"days", BN_KIND_TIME, 0, 86400},
    {"wk", BN_KIND_TIME, 0, 604800},    {"wks", BN_KIND_TIME, 0, 604800},
    {"week", BN_KIND_TIME, 0, 604800},  {"weeks", BN_KIND_TIME, 0, 604800},
    {"mo", BN_KIND_TIME, 0, MONTH_S},   {"month", BN_KIND_TIME, 0, MONTH_S},
    {"months", BN_KIND_TIME, 0, MONTH_S}, {"y", BN_KIND_TIME, 0, YEAR_S},
    {"yr", BN_KIND_TIME, 0, YEAR_S},    {"yrs", BN_KIND_TIME, 0, YEAR_S},
    {"year", BN_KIND_TIME, 0, YEAR_S},  {"years", BN_KIND_TIME, 0, YEAR_S},
    {"lb", BN_KIND_MASS, 0, 0.45359237}, {"lbs", BN_KIND_MASS, 0, 0.45359237},
    {"pound", BN_KIND_MASS, 0, 0.45359237}, {"pounds", BN_KIND_MASS, 0, 0.45359237},
    {"tonne", BN_KIND_MASS, 3, 1},      {"tonnes", BN_KIND_MASS, 3, 1},
    {"metric ton", BN_KIND_MASS, 3, 1}, {"metric tons", BN_KIND_MASS, 3, 1},
    {"USD", BN_KIND_MONEY, 0, 1},       {"dollar", BN_KIND_MONEY, 0, 1},
    {"dollars", BN_KIND_MONEY, 0, 1},   {"$", BN_KIND_MONEY, 0, 1},
    {"US$", BN_KIND_MONEY, 0, 1},       {"parameters", BN_KIND_COUNT, 0, 1},
    {"params", BN_KIND_COUNT, 0, 1},    {"tokens", BN_KIND_COUNT, 0, 1},
    {"examples", BN_KIND_COUNT, 0, 1},  {"samples", BN_KIND_COUNT, 0, 1},
    {"images", BN_KIND_COUNT, 0, 1},    {"words", BN_KIND_COUNT, 0, 1},
    {"byte", BN_KIND_DATA, 0, 1},       {"bytes", BN_KIND_DATA, 0, 1},
};

/*
 * Bases that take SI prefixes, matched exactly. A FLOP spelling ending in a
 * lower-case s is a count (plural); an upper-case S or "/s" makes it a rate.
 */
static const named symbol_bases[] = {
    {"FLOP", BN_KIND_COMPUTE, 0, 1},   {"FLOPs", BN_KIND_COMPUTE, 0, 1},
    {"flop", BN_KIND_COMPUTE, 0, 1},   {"flops", BN_KIND_COMPUTE, 0, 1},
    {"Flop", BN_KIND_COMPUTE, 0, 1},   {"Flops", BN_KIND_COMPUTE, 0, 1},
    {"FLOPS", BN_KIND_RATE, 0, 1},     {"FLOP/s", BN_KIND_RATE, 0, 1},
    {"flop/s", BN_KIND_RATE, 0, 1},    {"FLOPs/s", BN_KIND_RATE, 0, 1},
    {"flops/s", BN_KIND_RATE, 0, 1},   {"Flop/s", BN_KIND_RATE, 0, 1},
    {"MAC", BN_KIND_MAC, 0, 1},        {"MACs", BN_KIND_MAC, 0, 1},
    {"MACC", BN_KIND_MAC, 0, 1},       {"MACCs", BN_KIND_MAC, 0, 1},
    {"J", BN_KIND_ENERGY, 0, 1},       {"Wh", BN_KIND_ENERGY, 0, 3600},
    {"W", BN_KIND_POWER, 0, 1},        {"g", BN_KIND_MASS, -3, 1},
    {"t", BN_KIND_MASS, 3, 1},         {"B", BN_KIND_DATA, 0, 1},
};

/* Bases after a word prefix ("tera", "kilo"), matched ignoring case. */
static const named word_bases[] = {
    {"flop", BN_KIND_COMPUTE, 0, 1},     {"flops", BN_KIND_COMPUTE, 0, 1},
    {"flop/s", BN_KIND_RATE, 0, 1},      {"flops/s", BN_KIND_RATE, 0, 1},
    {"joule", BN_KIND_ENERGY, 0, 1},     {"joules", BN_KIND_ENERGY, 0, 1},
    {"watt", BN_KIND_POWER, 0, 1},       {"watts", BN_KIND_POWER, 0, 1},
    {"watt-hour", BN_KIND_ENERGY, 0, 3600}, {"watt-hours", BN_KIND_ENERGY, 0, 3600},
    {"watthour", BN_KIND_ENERGY, 0, 3600},  {"watthours", BN_KIND_ENERGY, 0, 3600},
    {"gram", BN_KIND_MASS, -3, 1},       {"grams", BN_KIND_MASS, -3, 1},
    {"tonne", BN_KIND_MASS, 3, 1},       {"tonnes", BN_KIND_MASS, 3, 1},
    {"byte", BN_KIND_DATA, 0, 1},        {"bytes", BN_KIND_DATA, 0, 1},
};

typedef struct prefix {
    const char *name;
    int pow10;
    double binary; /* 2^k for binary prefixes, else 0 */
} prefix;

static const prefix symbol_prefixes[] = {
    {"Ki", 0, 1024.0},
    {"Mi", 0, 1048576.0},
    {"Gi", 0, 1073741824.0},
    {"Ti", 0, 1099511627776.0},
    {"Pi", 0, 1125899906842624.0},
    {"Ei", 0, 1152921504606846976.0},
    {"k", 3, 0},
    {"K", 3, 0},
    {"M", 6, 0},
    {"G", 9, 0},
    {"T", 12, 0},
    {"P", 15, 0},
    {"E", 18, 0},
    {"Z", 21, 0},
    {"Y", 24, 0},
    {"m", -3, 0},
};

static const prefix word_prefixes[] = {
    {"kilo", 3, 0},   {"mega", 6, 0},   {"giga", 9, 0},    {"tera", 12, 0}, {"peta", 15, 0},
    {"exa", 18, 0},   {"zetta", 21, 0}, {"yotta", 24, 0},  {"milli", -3, 0},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int eq_n(const char *a, size_t n, const char *b, int ci)
{
    return strlen(b) == n && (ci ? strncasecmp(a, b, n) == 0 : memcmp(a, b, n) == 0);
}

static int find_named(const named *table, size_t count, const char *s, size_t n, int ci,
                      unitval *u)
{
    for (size_t i = 0; i < count; i++) {
        if (eq_n(s, n, table[i].name, ci)) {
            u->kind = table[i].kind;
            u->pow10 = table[i].pow10;
            u->mult = table[i].mult;
            return 1;
        }
    }
    return 0;
}

/* Milli only for J, W, Wh and g; binary prefixes only for bytes. */
static int prefix_allowed(const prefix *p, const unitval *base)
{
    if (p->binary)
        return base->kind == BN_KIND_DATA;
    if (p->pow10 < 0)
        return base->kind == BN_KIND_ENERGY || base->kind == BN_KIND_POWER ||
               (base->kind == BN_KIND_MASS && base->pow10 == -3);
    return 1;
}

static void apply_prefix(const prefix *p, unitval *u)
{
    if (p->binary)
        u->mult *= p->binary;
    else
        u->pow10 += p->pow10;
}

/* prefix + base: "GFLOPs", "kWh", "teraFLOPS", "megawatt-hours", "GiB". */
static int find_prefixed(const char *s, size_t n, unitval *u)
{
    if (find_named(symbol_bases, COUNT(symbol_bases), s, n, 0, u) && u->kind != BN_KIND_DATA)
        return 1;
    for (size_t i = 0; i < COUNT(symbol_prefixes); i++) {
        const prefix *p = &symbol_prefixes[i];
        size_t k = strlen(p->name);
        if (n > k && memcmp(s, p->name, k) == 0 &&
            find_named(symbol_bases, COUNT(symbol_bases), s + k, n - k, 0, u) &&
            prefix_allowed(p, u)) {
            apply_prefix(p, u);
            return 1;
        }
    }
    for (size_t i = 0; i < COUNT(word_prefixes); i++) {
        const prefix *p = &word_prefixes[i];
        size_t k = strlen(p->name);
        if (n > k && strncasecmp(s, p->name, k) == 0 &&
            (find_named(symbol_bases, COUNT(symbol_bases), s + k, n - k, 0, u) ||
             find_named(word_bases, COUNT(word_bases), s + k, n - k, 1, u)) &&
            prefix_allowed(p, u)) {
            apply_prefix(p, u);
            return 1;
        }
    }
    return 0;
}

/* "PF-days", "pfs-days", "petaflop/s-days", "PFLOP/s-days", "TF-hours": a rate times a time. */
static int find_rate_time(const char *s, size_t n, unitval *u)
{
    static const named suffixes[] = {
        {"-days", BN_KIND_TIME, 0, 86400},  {"-day", BN_KIND_TIME, 0, 86400},
        {" days", BN_KIND_TIME, 0, 86400},  {" day", BN_KIND_TIME, 0, 86400},
        {"-hours", BN_KIND_TIME, 0, 3600},  {"-hour", BN_KIND_TIME, 0, 3600},
        {" hours", BN_KIND_TIME, 0, 3600},  {" hour", BN_KIND_TIME, 0, 3600},
    };
    static const char *const rate_spellings[] = {
        "f", "fs", "f/s", "flop/s", "flops", "flop", "flops/s", "flop/s", "flop-s",
    };
    static const prefix letters[] = {
        {"k", 3, 0}, {"m", 6, 0}, {"g", 9, 0}, {"t", 12, 0}, {"p", 15, 0}, {"e", 18, 0}, {"z", 21, 0},
    };
    for (size_t i = 0; i < COUNT(suffixes); i++) {
        size_t k = strlen(suffixes[i].name);
        if (n <= k || strncasecmp(s + n - k, suffixes[i].name, k) != 0)
            continue;
        size_t m = n - k; /* the rate part */
        const prefix *found = NULL;
        size_t plen = 0;
        for (size_t j = 0; j < COUNT(word_prefixes) && !found; j++) {
            size_t w = strlen(word_prefixes[j].name);
            if (m > w && strncasecmp(s, word_prefixes[j].name, w) == 0) {
                found = &word_prefixes[j];
                plen = w;
            }
        }
        for (size_t j = 0; j < COUNT(letters) && !found; j++) {
            if (m > 1 && (s[0] | 0x20) == letters[j].name[0]) {
                found = &letters[j];
                plen = 1;
            }
        }
        if (!found || found->pow10 < 0)
            continue;
        for (size_t j = 0; j < COUNT(rate_spellings); j++) {
            if (eq_n(s + plen, m - plen, rate_spellings[j], 1)) {
                u->kind = BN_KIND_COMPUTE;
                u->pow10 = found->pow10;
                u->mult = suffixes[i].mult;
                return 1;
            }
        }
    }
    return 0;
}

/* Strips a trailing "CO2" marker (with optional space, "e", "eq", "-eq", "of"). */
static size_t strip_co2(const char *s, size_t n, int *had)
{
    static const char *const marks[] = {" of CO2e", " of CO2", " CO2-eq", " CO2eq", " CO2e",
                                        " CO2",     "CO2-eq",  "CO2eq",   "CO2e",   "CO2",
                                        " CO\xE2\x82\x82" "e", " CO\xE2\x82\x82", "CO\xE2\x82\x82"};
    for (size_t i = 0; i < COUNT(marks); i++) {
        size_t k = strlen(marks[i]);
        if (n > k && memcmp(s + n - k, marks[i], k) == 0) {
            *had = 1;
            return n - k;
        }
    }
    *had = 0;
    return n;
}

static int resolve_unit(const char *s, size_t n, unitval *u)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
        n--;
    while (n > 0 && *s == ' ') {
        s++;
        n--;
    }
    if (n == 0)
        return 0;
    int co2;
    size_t m = strip_co2(s, n, &co2);
    if (co2) {
        return (find_named(plain_units, COUNT(plain_units), s, m, 0, u) ||
                find_prefixed(s, m, u)) &&
               u->kind == BN_KIND_MASS;
    }
    if (find_named(plain_units, COUNT(plain_units), s, n, 0, u))
        return 1;
    if (n > 3 && find_named(plain_units, COUNT(plain_units), s, n, 1, u))
        return 1;
    return find_prefixed(s, n, u) || find_rate_time(s, n, u);
}

enum bn_status bn_units_lookup(const char *unit, enum bn_unit_kind *kind, double *factor,
                               bn_error *err)
{
    unitval u;
    size_t n = strlen(unit);
    if (n == 0) {
        *kind = BN_KIND_COUNT;
        *factor = 1;
        return BN_OK;
    }
    if (!resolve_unit(unit, n, &u))
        return bn_fail(err, BN_EINVAL, "unknown unit '%s'", unit);
    *kind = u.kind;
    *factor = u.mult * pow(10.0, u.pow10);
    if (u.pow10 >= 0 && u.pow10 <= 22) {
        static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        *factor = u.mult * p10[u.pow10];
    } else if (u.pow10 < 0 && u.pow10 >= -22) {
        static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        *factor = u.mult / p10[-u.pow10];
    }
    return BN_OK;
}

enum bn_status bn_units_convert(double value, const char *from, const char *to, double *out,
                                bn_error *err)
{
    enum bn_unit_kind kf, kt;
    double ff, ft;
    if (bn_units_lookup(from, &kf, &ff, err) != BN_OK ||
        bn_units_lookup(to, &kt, &ft, err) != BN_OK)
        return BN_EINVAL;
    double base = value * ff;
    if (kf == BN_KIND_MAC && kt == BN_KIND_COMPUTE) {
        base *= 2;
    } else if (kf == BN_KIND_COMPUTE && kt == BN_KIND_MAC) {
        base /= 2;
    } else if (kf != kt) {
        return bn_fail(err, BN_EINVAL, "cannot convert '%s' (%s) to '%s' (%s)", from,
                       kind_names[kf], to, kind_names[kt]);
    }
    *out = base / ft;
    return BN_OK;
}

/* ---- parsing text ------------------------------------------------------------------- */

typedef struct scanner {
    const char *s;
    size_t n, pos;
} scanner;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void skip_spaces(scanner *sc)
{
    while (sc->pos < sc->n && (sc->s[sc->pos] == ' ' || sc->s[sc->pos] == '\t'))
        sc->pos++;
}

static int at(const scanner *sc, const char *lit)
{
    size_t k = strlen(lit);
    return sc->n - sc->pos >= k && memcmp(sc->s + sc->pos, lit, k) == 0;
}

/* A word, ignoring case, not followed by a letter. */
static int at_word(const scanner *sc, const char *word)
{
    size_t k = strlen(word);
    if (sc->n - sc->pos < k || strncasecmp(sc->s + sc->pos, word, k) != 0)
        return 0;
    return sc->pos + k == sc->n || !is_alpha(sc->s[sc->pos + k]);
}

/* A number: its decimal text (no grouping commas) and a power of ten from "x 10^N". */
typedef struct number {
    char text[64];
    int exp10;
} number;

static int scan_number(scanner *sc, number *num, int allow_sign)
{
    size_t p = sc->pos, k = 0;
    const char *s = sc->s;
    size_t n = sc->n;
    num->exp10 = 0;
    if (allow_sign && p < n && (s[p] == '-' || s[p] == '+')) {
        if (s[p] == '-')
            num->text[k++] = '-';
        p++;
    }
    /* "10^18" on its own */
    if (n - p >= 3 && s[p] == '1' && s[p + 1] == '0' && s[p + 2] == '^') {
        num->text[k++] = '1';
        p += 2;
        goto power;
    }
    size_t digits = 0;
    while (p < n && k < 40) {
        if (is_digit(s[p])) {
            num->text[k++] = s[p++];
            digits++;
        } else if (s[p] == ',' && digits > 0 && p + 3 < n + 0 && is_digit(s[p + 1]) &&
                   is_digit(s[p + 2]) && is_digit(s[p + 3]) &&
                   (p + 4 >= n || !is_digit(s[p + 4]))) {
            p++; /* a thousands separator: exactly three digits follow */
        } else {
            break;
        }
    }
    if (p < n && s[p] == '.' && p + 1 < n && is_digit(s[p + 1])) {
        num->text[k++] = s[p++];
        while (p < n && is_digit(s[p]) && k < 58) {
            num->text[k++] = s[p++];
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (p < n && (s[p] == 'e' || s[p] == 'E')) {
        size_t q = p + 1;
        if (q < n && (s[q] == '+' || s[q] == '-'))
            q++;
        if (q < n && is_digit(s[q])) {
            int e = 0, neg = s[p + 1] == '-';
            while (q < n && is_digit(s[q])) {
                if (e < 10000)
                    e = e * 10 + (s[q] - '0');
                q++;
            }
            num->exp10 += neg ? -e : e;
            p = q;
        }
    }
    /* "x 10^18", "× 10^18", "*10^18", "x10**18" */
    {
        size_t q = p;
        while (q < n && s[q] == ' ')
            q++;
        size_t times = 0;
        if (q < n && (s[q] == 'x' || s[q] == 'X' || s[q] == '*'))
            times = 1;
        else if (n - q >= 2 && (unsigned char)s[q] == 0xC3 && (unsigned char)s[q + 1] == 0x97)
            times = 2;
        if (times) {
            q += times;
            while (q < n && s[q] == ' ')
                q++;
            if (n - q >= 3 && s[q] == '1' && s[q + 1] == '0' && (s[q + 2] == '^' || s[q + 2] == '*')) {
                p = q + 2;
                goto power;
            }
        }
    }
    goto done;
power:
    /* at "^" or "**" after a 10 */
    if (s[p] == '*' && p + 1 < n && s[p + 1] == '*')
        p += 2;
    else
        p++;
    {
        int neg = 0, e = 0;
        if (p < n && (s[p] == '-' || s[p] == '+')) {
            neg = s[p] == '-';
            p++;
        }
        if (p >= n || !is_digit(s[p]))
            return 0;
        while (p < n && is_digit(s[p])) {
            if (e < 10000)
                e = e * 10 + (s[p] - '0');
            p++;
        }
        num->exp10 += neg ? -e : e;
    }
done:
    num->text[k] = '\0';
    sc->pos = p;
    return 1;
}

/* A magnitude word or letter after a number: "k", "M", "B", "bn", "million", ... */
static int scan_multiplier(scanner *sc, int *pow10)
{
    static const struct {
        const char *word;
        int pow10;
    } words[] = {{"thousand", 3}, {"million", 6}, {"billion", 9}, {"trillion", 12},
                 {"bn", 9},       {"mn", 6},      {"mln", 6},     {"k", 3},
                 {"K", 3},        {"M", 6},       {"B", 9},       {"T", 12}};
    size_t save = sc->pos;
    skip_spaces(sc);
    for (size_t i = 0; i < COUNT(words); i++) {
        size_t k = strlen(words[i].word);
        int single = k == 1;
        if (sc->n - sc->pos < k)
            continue;
        if (single ? sc->s[sc->pos] != words[i].word[0]
                   : strncasecmp(sc->s + sc->pos, words[i].word, k) != 0)
            continue;
        size_t after = sc->pos + k;
        /* a letter after it makes it part of a unit ("MWh", "kg", "Mt") */
        if (after < sc->n && (is_alpha(sc->s[after]) || sc->s[after] == '/'))
            continue;
        sc->pos = after;
        *pow10 = words[i].pow10;
        return 1;
    }
    sc->pos = save;
    return 0;
}

static int scan_currency(scanner *sc)
{
    skip_spaces(sc);
    if (at(sc, "US$")) {
        sc->pos += 3;
        return 1;
    }
    if (at(sc, "$")) {
        sc->pos += 1;
        return 1;
    }
    if (at_word(sc, "USD")) {
        sc->pos += 3;
        return 1;
    }
    return 0;
}

static int scan_approx(scanner *sc)
{
    static const char *const words[] = {"approximately", "approx.", "approx", "about",
                                        "around",        "roughly", "circa",  "ca.",
                                        "nearly",        "almost",  "some"};
    int found = 0;
    for (;;) {
        skip_spaces(sc);
        if (at(sc, "~")) {
            sc->pos += 1;
        } else if (at(sc, "\xE2\x89\x88") || at(sc, "\xE2\x88\xBC")) { /* ≈ ∼ */
            sc->pos += 3;
        } else {
            size_t i;
            for (i = 0; i < COUNT(words); i++) {
                size_t k = strlen(words[i]);
                int dotted = words[i][k - 1] == '.';
                if (dotted ? (sc->n - sc->pos >= k &&
                              strncasecmp(sc->s + sc->pos, words[i], k) == 0)
                           : at_word(sc, words[i])) {
                    sc->pos += k;
                    break;
                }
            }
            if (i == COUNT(words))
                return found;
        }
        found = 1;
    }
}

/*
 * The decimal text with its power of ten is read in one conversion; a non-decimal
 * factor (86400 s a day, 3600 J a Wh) is applied in long double so that the result
 * is rounded once, e.g. "3640 petaflop/s-days" gives exactly 3.14496e23.
 */
static double number_value(const number *num, int extra_pow10, double mult)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%se%d", num->text, num->exp10 + extra_pow10);
    if (mult == 1)
        return bn_strtod(buf, NULL);
    return (double)(bn_strtold(buf, NULL) * (long double)mult);
}

enum bn_status bn_units_parse(const char *text, size_t len, bn_quantity *q, bn_error *err)
{
    scanner sc = {text, len, 0};
    memset(q, 0, sizeof *q);
    int shown = len > 120 ? 120 : (int)len;
    q->approximate = scan_approx(&sc);
    skip_spaces(&sc);
    int between = 0;
    if (at_word(&sc, "between")) {
        between = 1;
        sc.pos += 7;
    }
    int money = scan_currency(&sc);
    skip_spaces(&sc);
    number a, b;
    int mult_a = 0, mult_b = 0, has_b = 0;
    if (!scan_number(&sc, &a, 1))
        return bn_fail(err, BN_EINVAL, "no number in '%.*s'", shown, text);
    int has_mult_a = scan_multiplier(&sc, &mult_a);
    size_t after_a = sc.pos;
    skip_spaces(&sc);
    if (between) {
        if (!at_word(&sc, "and"))
            return bn_fail(err, BN_EINVAL, "expected 'and' after 'between' in '%.*s'", shown,
                           text);
        sc.pos += 3;
        has_b = 1;
    } else if (at(&sc, "-") || at(&sc, "\xE2\x80\x93") || at(&sc, "\xE2\x80\x94") ||
               at_word(&sc, "to")) {
        sc.pos += at(&sc, "-") ? 1 : at_word(&sc, "to") ? 2 : 3;
        has_b = 1;
    }
    if (has_b) {
        size_t save = sc.pos;
        money |= scan_currency(&sc);
        skip_spaces(&sc);
        if (scan_number(&sc, &b, 0)) {
            int has_mult_b = scan_multiplier(&sc, &mult_b);
            /* "$1-2M": a magnitude on the second number alone applies to both */
            if (has_mult_b && !has_mult_a)
                mult_a = mult_b;
        } else if (between) {
            return bn_fail(err, BN_EINVAL, "expected a number after 'and' in '%.*s'", shown,
                           text);
        } else {
            has_b = 0;
            sc.pos = save;
        }
    }
    if (!has_b)
        sc.pos = after_a;
    /* the rest is the unit */
    const char *u = text + sc.pos;
    size_t un = len - sc.pos;
    while (un > 0 && (u[0] == ' ' || u[0] == '\t')) {
        u++;
        un--;
    }
    while (un > 0 && (u[un - 1] == ' ' || u[un - 1] == '\t' || u[un - 1] == '\n' ||
                      u[un - 1] == '\r'))
        un--;
    unitval unit = {money ? BN_KIND_MONEY : BN_KIND_COUNT, 0, 1};
    if (un > 0) {
        unitval found;
        if (!resolve_unit(u, un, &found))
            return bn_fail(err, BN_EINVAL, "unknown unit '%.*s' in '%.*s'", (int)un, u, shown,
                           text);
        if (money && found.kind != BN_KIND_MONEY)
            return bn_fail(err, BN_EINVAL, "a currency amount with unit '%.*s' in '%.*s'",
                           (int)un, u, shown, text);
        unit = found;
    }
    q->kind = unit.kind;
    q->low = number_value(&a, mult_a + unit.pow10, unit.mult);
    if (has_b) {
        q->high = number_value(&b, mult_b + unit.pow10, unit.mult);
        q->is_range = 1;
        if (q->high < q->low) {
            double t = q->low;
            q->low = q->high;
            q->high = t;
        }
        q->value = q->low + (q->high - q->low) / 2;
    } else {
        q->high = q->value = q->low;
    }
    if (!isfinite(q->value))
        return bn_fail(err, BN_ERANGE, "value out of range in '%.*s'", shown, text);
    return BN_OK;
}
