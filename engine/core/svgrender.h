/*
 * svgrender: an SVG document rendered to PDF or PNG with librsvg and cairo.
 *
 * burden draws every figure once, as SVG; PDF (for LaTeX papers) and PNG (for slides)
 * are renderings of that same document, so the three formats cannot disagree. librsvg
 * lays out the text with Pango, so PDF text stays text (selectable, searchable) and
 * the fonts are the system's (fontconfig resolves the SVG's font-family).
 *
 * The file is written atomically (atomicfile): the old content or the new, never a mix.
 */
#ifndef BURDEN_CORE_SVGRENDER_H
#define BURDEN_CORE_SVGRENDER_H

#include <stddef.h>

#include "error.h"

enum bn_svg_format { BN_SVG_PDF, BN_SVG_PNG };

/*
 * Renders svg (len bytes) to path. PDF: one page of the SVG's size at 96 px per inch
 * (width_px * 0.75 points). PNG: the SVG's size times scale (e.g. 2 for slides), on
 * white. width/height (optional) receive the output size in points (PDF) or pixels
 * (PNG). BN_EINVAL when the SVG does not parse or has no size; BN_EIO when the file
 * cannot be written.
 */
enum bn_status bn_svg_render(const char *svg, size_t len, const char *path,
                             enum bn_svg_format format, double scale, double *width,
                             double *height, bn_error *err);

#endif
