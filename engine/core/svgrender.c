/* svgrender: SVG to PDF or PNG with librsvg and cairo (see svgrender.h). */
#include "svgrender.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <math.h>

#include "atomicfile.h"

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
    GError *gerr = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
    if (!h) {
        bn_fail(err, BN_EINVAL, "svg render: the SVG for %s does not parse: %s", path,
                gerr ? gerr->message : "unknown error");
        if (gerr)
            g_error_free(gerr);
        return BN_EINVAL;
    }
    /* the SVG's own 96 dpi pixels: 1 px = 0.75 pt in the PDF */
    rsvg_handle_set_dpi(h, 96.0);
    gdouble w = 0, hh = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh) || !(w > 0 && hh > 0)) {
        g_object_unref(h);
        return bn_fail(err, BN_EINVAL, "svg render: the SVG for %s has no width and height",
                       path);
    }
    bn_atomic out;
    enum bn_status st = bn_atomic_open(&out, path, err);
    if (st != BN_OK) {
        g_object_unref(h);
        return st;
    }
    cairo_surface_t *surf;
    double ow, oh;
    if (format == BN_SVG_PDF) {
        ow = w * 0.75, oh = hh * 0.75;
        surf = cairo_pdf_surface_create_for_stream(write_fp, out.fp, ow, oh);
        /* an empty date leaves out /CreationDate (cairo >= 1.16): the same figure gives
         * the same bytes on every run */
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, "");
    } else {
        ow = ceil(w * scale), oh = ceil(hh * scale);
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ow, (int)oh);
    }
    cairo_t *cr = cairo_create(surf);
    if (format == BN_SVG_PDF) {
        cairo_scale(cr, 0.75, 0.75);
    } else {
        cairo_set_source_rgb(cr, 1, 1, 1); /* opaque white: slides have no transparency */
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
    }
    RsvgRectangle viewport = {0, 0, w, hh};
    gboolean ok = rsvg_handle_render_document(h, cr, &viewport, &gerr);
    cairo_destroy(cr);
    if (ok && format == BN_SVG_PNG)
        ok = cairo_surface_write_to_png_stream(surf, write_fp, out.fp) == CAIRO_STATUS_SUCCESS;
    cairo_surface_finish(surf); /* the PDF is written here */
    if (ok && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
        ok = FALSE;
    cairo_surface_destroy(surf);
    g_object_unref(h);
    if (!ok) {
        bn_fail(err, BN_EIO, "svg render: cannot render %s: %s", path,
                gerr ? gerr->message : "cairo failed to write");
        if (gerr)
            g_error_free(gerr);
        bn_atomic_abort(&out);
        return err->status;
    }
    if (width)
        *width = ow;
    if (height)
        *height = oh;
    return bn_atomic_commit(&out, err);
}
