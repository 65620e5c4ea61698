/*
 * Unit tests for quantity parsing: a table of phrases with values worked out by
 * hand from the definitions (1 day = 86400 s, 1 Wh = 3600 J, 1 lb = 0.45359237 kg,
 * 1 PF-day = 1e15 FLOP/s x 86400 s, month = year / 12, year = 365.25 days).
 */
#include <string.h>

#include "check.h"
#include "units.h"

typedef struct phrase {
    const char *text;
    double value;
    enum bn_unit_kind kind;
    double low, high; /* 0, 0 when not a range */
    int approximate;
} phrase;

#define C BN_KIND_COUNT
#define F BN_KIND_COMPUTE
#define R BN_KIND_RATE
#define MAC BN_KIND_MAC
#define T BN_KIND_TIME
#define E BN_KIND_ENERGY
#define M BN_KIND_MASS
#define USD BN_KIND_MONEY
#define W BN_KIND_POWER
#define D BN_KIND_DATA

static const phrase phrases[] = {
    /* plain and scientific numbers */
    {"42", 42, C, 0, 0, 0},
    {"1.2e18", 1.2e18, C, 0, 0, 0},
    {"1.2E+18", 1.2e18, C, 0, 0, 0},
    {"1.2 x 10^18", 1.2e18, C, 0, 0, 0},
    {"1.2x10^18", 1.2e18, C, 0, 0, 0},
    {"1.2*10^18", 1.2e18, C, 0, 0, 0},
    {"1.2 \xC3\x97 10^18", 1.2e18, C, 0, 0, 0},
    {"10^18", 1e18, C, 0, 0, 0},
    {"1,200,000", 1.2e6, C, 0, 0, 0},
    {"3.5 million", 3.5e6, C, 0, 0, 0},
    {"175B parameters", 1.75e11, C, 0, 0, 0},
    {"1.5 billion", 1.5e9, C, 0, 0, 0},
    {"20k", 2e4, C, 0, 0, 0},
    {"-3.5", -3.5, C, 0, 0, 0},
    {"6.02e23 tokens", 6.02e23, C, 0, 0, 0},
    /* operation counts: FLOP, FLOPs (lower-case s), flop */
    {"3.14e23 FLOP", 3.14e23, F, 0, 0, 0},
    {"3.14e+23 FLOPs", 3.14e23, F, 0, 0, 0},
    {"~2e18 FLOPs", 2e18, F, 0, 0, 1},
    {"5 flop", 5, F, 0, 0, 0},
    {"1 GFLOP", 1e9, F, 0, 0, 0},
    {"4.1 GFLOPs", 4.1e9, F, 0, 0, 0},
    {"2 TFLOPs", 2e12, F, 0, 0, 0},
    {"1 PFLOP", 1e15, F, 0, 0, 0},
    {"3 EFLOP", 3e18, F, 0, 0, 0},
    {"1 ZFLOP", 1e21, F, 0, 0, 0},
    {"7 YFLOPs", 7e24, F, 0, 0, 0},
    {"1 teraflop", 1e12, F, 0, 0, 0},
    {"2 petaflops", 2e15, F, 0, 0, 0},
    {"1 kFLOP", 1e3, F, 0, 0, 0},
    {"2 MFLOPs", 2e6, F, 0, 0, 0},
    /* rates: FLOPS (upper-case S) and FLOP/s */
    {"10 GFLOPS", 1e10, R, 0, 0, 0},
    {"10 GFLOP/s", 1e10, R, 0, 0, 0},
    {"125 TFLOPS", 1.25e14, R, 0, 0, 0},
    {"19.5 TFLOP/s", 1.95e13, R, 0, 0, 0},
    {"1 PFLOP/s", 1e15, R, 0, 0, 0},
    {"15.7 teraFLOPS", 1.57e13, R, 0, 0, 0},
    {"2 petaflop/s", 2e15, R, 0, 0, 0},
    {"312 TFLOPs/s", 3.12e14, R, 0, 0, 0},
    {"1 EFLOPS", 1e18, R, 0, 0, 0},
    {"8 flop/s", 8, R, 0, 0, 0},
    /* PF-days and relatives */
    {"1.5 PF-days", 1.296e20, F, 0, 0, 0},
    {"1 PF-day", 8.64e19, F, 0, 0, 0},
    {"3640 petaflop/s-days", 3.14496e23, F, 0, 0, 0},
    {"3640 pfs-days", 3.14496e23, F, 0, 0, 0},
    {"10 PFLOP/s-days", 8.64e20, F, 0, 0, 0},
    {"2 TF-days", 1.728e17, F, 0, 0, 0},
    {"1 petaflop/s-day", 8.64e19, F, 0, 0, 0},
    /* multiply-accumulates */
    {"4.1 GMACs", 4.1e9, MAC, 0, 0, 0},
    {"600 MMACs", 6e8, MAC, 0, 0, 0},
    {"1 MAC", 1, MAC, 0, 0, 0},
    {"0.5 GMAC", 5e8, MAC, 0, 0, 0},
    /* durations */
    {"3.5 days", 302400, T, 0, 0, 0},
    {"90 s", 90, T, 0, 0, 0},
    {"30 sec", 30, T, 0, 0, 0},
    {"2 min", 120, T, 0, 0, 0},
    {"45 minutes", 2700, T, 0, 0, 0},
    {"8 h", 28800, T, 0, 0, 0},
    {"12 hours", 43200, T, 0, 0, 0},
    {"3 hrs", 10800, T, 0, 0, 0},
    {"2 weeks", 1209600, T, 0, 0, 0},
    {"1 month", 2629800, T, 0, 0, 0},
    {"1 year", 31557600, T, 0, 0, 0},
    {"5-6 days", 475200, T, 432000, 518400, 0},
    {"between 2 and 3 weeks", 1512000, T, 1209600, 1814400, 0},
    {"5 to 6 days", 475200, T, 432000, 518400, 0},
    {"5\xE2\x80\x93" "6 days", 475200, T, 432000, 518400, 0},
    {"250 ms", 0.25, T, 0, 0, 0},
    {"1.5 Hours", 5400, T, 0, 0, 0},
    /* energy */
    {"300 kWh", 1.08e9, E, 0, 0, 0},
    {"1 Wh", 3600, E, 0, 0, 0},
    {"2 MWh", 7.2e9, E, 0, 0, 0},
    {"1.287 GWh", 4.6332e12, E, 0, 0, 0},
    {"5 J", 5, E, 0, 0, 0},
    {"3 kJ", 3000, E, 0, 0, 0},
    {"1 TWh", 3.6e15, E, 0, 0, 0},
    /* mass of CO2 */
    {"500 g", 0.5, M, 0, 0, 0},
    {"12 kg", 12, M, 0, 0, 0},
    {"284 t", 284000, M, 0, 0, 0},
    {"626,155 lbs", 626155 * 0.45359237, M, 0, 0, 0},
    {"552 tCO2e", 552000, M, 0, 0, 0},
    {"1 lb", 0.45359237, M, 0, 0, 0},
    {"3 tonnes", 3000, M, 0, 0, 0},
    {"25 kg CO2", 25, M, 0, 0, 0},
    {"1.5 Mt CO2", 1.5e9, M, 0, 0, 0},
    /* money */
    {"$4.6M", 4.6e6, USD, 0, 0, 0},
    {"USD 12,000", 12000, USD, 0, 0, 0},
    {"$1.2 billion", 1.2e9, USD, 0, 0, 0},
    {"12,000 USD", 12000, USD, 0, 0, 0},
    {"$1-2M", 1.5e6, USD, 1e6, 2e6, 0},
    {"US$ 500", 500, USD, 0, 0, 0},
    {"$3.5k", 3500, USD, 0, 0, 0},
    {"100 dollars", 100, USD, 0, 0, 0},
    /* approximate markers */
    {"about 3 days", 259200, T, 0, 0, 1},
    {"\xE2\x89\x88 1e24 FLOP", 1e24, F, 0, 0, 1},
    {"approx. 4 weeks", 2419200, T, 0, 0, 1},
    {"roughly $5M", 5e6, USD, 0, 0, 1},
    /* power and data */
    {"300 W", 300, W, 0, 0, 0},
    {"400 kW", 4e5, W, 0, 0, 0},
    {"2 TiB", 2199023255552.0, D, 0, 0, 0},
    {"16 GB", 1.6e10, D, 0, 0, 0},
};

TEST(phrase_table)
{
    size_t n = sizeof phrases / sizeof phrases[0];
    CHECK(n >= 80);
    for (size_t i = 0; i < n; i++) {
        const phrase *p = &phrases[i];
        bn_quantity q;
        bn_error err;
        bn_error_clear(&err);
        if (bn_units_parse(p->text, strlen(p->text), &q, &err) != BN_OK) {
            fprintf(stderr, "  '%s': %s\n", p->text, err.msg);
            CHECK(0);
            continue;
        }
        if (q.value != p->value || q.kind != p->kind || q.approximate != p->approximate) {
            fprintf(stderr, "  '%s': got %.17g %s approx %d\n", p->text, q.value,
                    bn_unit_kind_name(q.kind), q.approximate);
            CHECK(0);
        }
        if (p->low != 0 || p->high != 0)
            CHECK(q.is_range && q.low == p->low && q.high == p->high);
        else
            CHECK(!q.is_range && q.low == q.value && q.high == q.value);
    }
}

TEST(errors_quote_the_text)
{
    bn_quantity q;
    bn_error err;
    CHECK(bn_units_parse("5 furlongs", 10, &q, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "unknown unit 'furlongs' in '5 furlongs'");
    CHECK(bn_units_parse("abc", 3, &q, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "no number in 'abc'");
    CHECK(bn_units_parse("$5 kWh", 6, &q, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "a currency amount with unit 'kWh' in '$5 kWh'");
    CHECK(bn_units_parse("8x V100", 7, &q, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "unknown unit 'x V100' in '8x V100'");
}

TEST(conversions)
{
    double out;
    bn_error err;
    CHECK(bn_units_convert(3.5, "days", "s", &out, &err) == BN_OK && out == 302400);
    CHECK(bn_units_convert(1, "GMAC", "FLOP", &out, &err) == BN_OK && out == 2e9);
    CHECK(bn_units_convert(4e9, "FLOP", "GMACs", &out, &err) == BN_OK && out == 2);
    CHECK(bn_units_convert(1, "kWh", "J", &out, &err) == BN_OK && out == 3.6e6);
    CHECK(bn_units_convert(1000, "kg", "t", &out, &err) == BN_OK && out == 1);
    CHECK(bn_units_convert(1, "PF-day", "FLOP", &out, &err) == BN_OK && out == 8.64e19);
    CHECK(bn_units_convert(1, "kWh", "s", &out, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "cannot convert 'kWh' (energy) to 's' (time)");
    CHECK(bn_units_convert(1, "GFLOPS", "FLOP", &out, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "cannot convert 'GFLOPS' (rate) to 'FLOP' (compute)");
    CHECK(bn_units_convert(1, "parsec", "s", &out, &err) == BN_EINVAL);
    CHECK_STR(err.msg, "unknown unit 'parsec'");
}

int main(void)
{
    RUN(phrase_table);
    RUN(errors_quote_the_text);
    RUN(conversions);
    return DONE();
}
