/* svgrender: SVG to PDF or PNG with librsvg and cairo (see svgrender.h).
 *
 * librsvg is loaded on the first render (dlopen), not linked: it pulls in about forty
 * libraries (cairo, Pango, GLib, ICU, X11, ...) whose loading and relocation were most
 * of burden's start-up time, and only PDF and PNG export needs them. */
#include "svgrender.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <dlfcn.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>

#include "atomicfile.h"

/* The library to load: librsvg's soname; cairo, GObject and GLib come with it. */
#define RSVG_SONAME "librsvg-2.so.2"

/* Every function used, looked up by name; the headers give each its type. */
#define SVG_FUNCS(X)                                                                            \
    X(rsvg_handle_new_from_data) X(rsvg_handle_set_dpi)                                         \
    X(rsvg_handle_get_intrinsic_size_in_pixels) X(rsvg_handle_render_document)                  \
    X(g_object_unref) X(g_error_free) X(cairo_pdf_surface_create_for_stream)                    \
    X(cairo_pdf_surface_set_metadata)                                                           \
    X(cairo_image_surface_create) X(cairo_create) X(cairo_scale) X(cairo_set_source_rgb)        \
    X(cairo_paint) X(cairo_destroy) X(cairo_surface_write_to_png_stream)                         \
    X(cairo_surface_finish) X(cairo_surface_status) X(cairo_surface_destroy)

#define SVG_DECLARE(f) __typeof__(&f) f;
static struct {
    SVG_FUNCS(SVG_DECLARE)
} lib;
static char lib_error[256]; /* empty when lib is loaded */
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_load(void)
{
    void *h = dlopen(RSVG_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(lib_error, sizeof lib_error, "cannot load %s: %s", RSVG_SONAME, dlerror());
        return;
    }
    const char *missing = NULL;
#define SVG_LOAD(f)                                                                             \
    if (!missing && !(*(void **)&lib.f = dlsym(h, #f)))                                         \
        missing = #f;
    SVG_FUNCS(SVG_LOAD)
    if (missing)
        snprintf(lib_error, sizeof lib_error, "%s has no %s", RSVG_SONAME, missing);
}

/* cairo's stream writer: appends to the atomic temporary. */
static cairo_status_t write_fp(void *closure, const unsigned char *data, unsigned int n)
{
    FILE *fp = closure;
    return fwrite(data, 1, n, fp) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

enum bn_status bn_svg_render(const char *svg, size_t len, const char *path,
                             enum bn_svg_format format, double scale, double *width,
                             double *height, bn_error *err)
{
    if (!(scale > 0 && scale <= 16))
        return bn_fail(err, BN_EINVAL, "svg render: scale must be in (0, 16], got %g", scale);
    pthread_once(&lib_once, lib_load);
    if (lib_error[0])
        return bn_fail(err, BN_EIO, "svg render: %s (PDF and PNG export need librsvg)", lib_error);
    GError *gerr = NULL;
    RsvgHandle *h = lib.rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
    if (!h) {
        bn_fail(err, BN_EINVAL, "svg render: the SVG for %s does not parse: %s", path,
                gerr ? gerr->message : "unknown error");
        if (gerr)
            lib.g_error_free(gerr);
        return BN_EINVAL;
    }
    /* the SVG's own 96 dpi pixels: 1 px = 0.75 pt in the PDF */
    lib.rsvg_handle_set_dpi(h, 96.0);
    gdouble w = 0, hh = 0;
    if (!lib.rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh) || !(w > 0 && hh > 0)) {
        lib.g_object_unref(h);
        return bn_fail(err, BN_EINVAL, "svg render: the SVG for %s has no width and height",
                       path);
    }
    bn_atomic out;
    enum bn_status st = bn_atomic_open(&out, path, err);
    if (st != BN_OK) {
        lib.g_object_unref(h);
        return st;
    }
    cairo_surface_t *surf;
    double ow, oh;
    if (format == BN_SVG_PDF) {
        ow = w * 0.75, oh = hh * 0.75;
        surf = lib.cairo_pdf_surface_create_for_stream(write_fp, out.fp, ow, oh);
        /* an empty date leaves out /CreationDate (cairo >= 1.16): the same figure gives
         * the same bytes on every run */
        lib.cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, "");
    } else {
        ow = ceil(w * scale), oh = ceil(hh * scale);
        surf = lib.cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ow, (int)oh);
    }
    cairo_t *cr = lib.cairo_create(surf);
    if (format == BN_SVG_PDF) {
        lib.cairo_scale(cr, 0.75, 0.75);
    } else {
        lib.cairo_set_source_rgb(cr, 1, 1, 1); /* opaque white: slides have no transparency */
        lib.cairo_paint(cr);
        lib.cairo_scale(cr, scale, scale);
    }
    RsvgRectangle viewport = {0, 0, w, hh};
    gboolean ok = lib.rsvg_handle_render_document(h, cr, &viewport, &gerr);
    lib.cairo_destroy(cr);
    if (ok && format == BN_SVG_PNG)
        ok = lib.cairo_surface_write_to_png_stream(surf, write_fp, out.fp) == CAIRO_STATUS_SUCCESS;
    lib.cairo_surface_finish(surf); /* the PDF is written here */
    if (ok && lib.cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
        ok = FALSE;
    lib.cairo_surface_destroy(surf);
    lib.g_object_unref(h);
    if (!ok) {
        bn_fail(err, BN_EIO, "svg render: cannot render %s: %s", path,
                gerr ? gerr->message : "cairo failed to write");
        if (gerr)
            lib.g_error_free(gerr);
        bn_atomic_abort(&out);
        return err->status;
    }
    if (width)
        *width = ow;
    if (height)
        *height = oh;
    return bn_atomic_commit(&out, err);
}
