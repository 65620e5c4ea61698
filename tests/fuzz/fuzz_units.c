/* libFuzzer harness: the quantity parser and unit conversions (engine/core/units).
 * The whole input is parsed as a quantity; split at the first '|' it is also
 * read as "from|to" unit names for a conversion. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bn_quantity q;
    bn_error err;
    bn_error_clear(&err);
    bn_units_parse((const char *)data, size, &q, &err);

    /* NUL-terminated copies for the lookup and conversion entry points */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    enum bn_unit_kind kind;
    double factor, out;
    bn_units_lookup(text, &kind, &factor, &err);
    char *bar = strchr(text, '|');
    if (bar) {
        *bar = '\0';
        bn_units_convert(1.5, text, bar + 1, &out, &err);
    }
    free(text);
    return 0;
}
