/* svgrender: PNG size from the PNG's own IHDR chunk (the PNG specification, section
 * 11.2.2), PDF page size in points, PDFs without a creation date (the same bytes on
 * every run), and the errors for bad input. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "svgrender.h"

static const char SVG[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" "
                          "height=\"80\"><text x=\"4\" y=\"40\">axis</text></svg>";

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static size_t slurp(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

TEST(png_at_twice_the_pixels)
{
    char path[] = "/tmp/burden-svgrender-XXXXXX.png";
    int fd = mkstemps(path, 4);
    CHECK(fd >= 0);
    close(fd);
    bn_error err;
    double w = 0, h = 0;
    CHECK(bn_svg_render(SVG, sizeof SVG - 1, path, BN_SVG_PNG, 2, &w, &h, &err) == BN_OK);
    CHECK(w == 240 && h == 160);
    unsigned char buf[64];
    CHECK(slurp(path, buf, sizeof buf) >= 24);
    CHECK(memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(buf + 12, "IHDR", 4) == 0);
    CHECK(be32(buf + 16) == 240 && be32(buf + 20) == 160);
    remove(path);
}

TEST(pdf_page_in_points)
{
    char path[] = "/tmp/burden-svgrender-XXXXXX.pdf";
    int fd = mkstemps(path, 4);
    CHECK(fd >= 0);
    close(fd);
    bn_error err;
    double w = 0, h = 0;
    CHECK(bn_svg_render(SVG, sizeof SVG - 1, path, BN_SVG_PDF, 1, &w, &h, &err) == BN_OK);
    CHECK(w == 90 && h == 60); /* 96 px per inch, 72 pt per inch */
    unsigned char buf[16];
    CHECK(slurp(path, buf, sizeof buf) >= 5 && memcmp(buf, "%PDF-", 5) == 0);
    remove(path);
}

/* Two renders of one SVG are the same bytes: the PDF carries no creation date. */
TEST(pdf_is_deterministic)
{
    char a[] = "/tmp/burden-svgrender-XXXXXX.pdf", b[] = "/tmp/burden-svgrender-XXXXXX.pdf";
    int fa = mkstemps(a, 4), fb = mkstemps(b, 4);
    CHECK(fa >= 0 && fb >= 0);
    close(fa);
    close(fb);
    bn_error err;
    CHECK(bn_svg_render(SVG, sizeof SVG - 1, a, BN_SVG_PDF, 1, NULL, NULL, &err) == BN_OK);
    CHECK(bn_svg_render(SVG, sizeof SVG - 1, b, BN_SVG_PDF, 1, NULL, NULL, &err) == BN_OK);
    static unsigned char ba[65536], bb[65536];
    size_t na = slurp(a, ba, sizeof ba), nb = slurp(b, bb, sizeof bb);
    CHECK(na > 0 && na < sizeof ba && na == nb && memcmp(ba, bb, na) == 0);
    int dated = 0;
    for (size_t i = 0; i + 13 <= na; i++)
        dated |= memcmp(ba + i, "/CreationDate", 13) == 0;
    CHECK(!dated);
    remove(a);
    remove(b);
}

TEST(bad_input)
{
    bn_error err;
    const char *bad = "<svg";
    CHECK(bn_svg_render(bad, strlen(bad), "/tmp/x.png", BN_SVG_PNG, 1, NULL, NULL, &err) ==
          BN_EINVAL);
    CHECK(strstr(err.msg, "does not parse") != NULL && strstr(err.msg, "/tmp/x.png") != NULL);
    CHECK(bn_svg_render(SVG, sizeof SVG - 1, "/tmp/x.png", BN_SVG_PNG, 0, NULL, NULL, &err) ==
          BN_EINVAL);
    CHECK(strstr(err.msg, "scale must be in (0, 16]") != NULL);
    CHECK(bn_svg_render(SVG, sizeof SVG - 1, "/nonexistent-dir/x.pdf", BN_SVG_PDF, 1, NULL,
                        NULL, &err) == BN_EIO);
    CHECK(strstr(err.msg, "/nonexistent-dir/x.pdf") != NULL);
}

int main(void)
{
    RUN(png_at_twice_the_pixels);
    RUN(pdf_page_in_points);
    RUN(pdf_is_deterministic);
    RUN(bad_input);
    return DONE();
}
