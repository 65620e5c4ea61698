// Opens a burden HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core from build/node) and checks what a reader would see: no console
// errors, no request leaving the file, every figure laid out with a visible size, and
// no visual defect: no markup shown as text, no id used twice (an inline SVG's clip
// would clip another figure), one tick-label format per axis, every text inside its
// figure and its clip, no two texts of a figure overlapping, no text crossed by a line,
// covered by a shape drawn after it or lying on a data point, every point of the
// ImageNet and language-model panels with a <title> naming its model (and, for the
// language models, its accuracy and a link), every point's link leading to a row of the
// data appendix. Then opens each print-size figure beside the report (fig1_<benchmark>.svg,
// 3.5 in wide) on its own and checks it the same way. Saves a full-page screenshot
// beside the report.
//
//   node tests/browser/report.cjs out/report.html
const fs = require('fs');
const path = require('path');
const { chromium } = require(path.resolve('build/node/node_modules/playwright-core'));

// Runs in the page: the defects of every figure (the SVGs `selector` finds), as strings.
function figureDefects(selector) {
  const out = [];
  const inside = (a, b, tol) => a.left >= b.left - tol && a.right <= b.right + tol &&
    a.top >= b.top - tol && a.bottom <= b.bottom + tol;
  const kind = (t) => {
    const s = t.textContent;
    if (t.querySelector('tspan') || /10\^/.test(s)) return 'power of ten';
    if (/million|billion|trillion/.test(s)) return 'words';
    return 'plain';
  };
  const short = (s) => s.replace(/\s+/g, ' ').trim().slice(0, 60);
  // a text's box, less `d` on every side: a label may touch its own line or leader
  const shrink = (r, d) => ({ left: r.left + d, right: r.right - d, top: r.top + d, bottom: r.bottom - d });
  const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0 &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0;
  // whether the segment (x1,y1)-(x2,y2) crosses the rectangle r (Liang-Barsky)
  const crosses = (r, x1, y1, x2, y2) => {
    let t0 = 0, t1 = 1;
    const dx = x2 - x1, dy = y2 - y1;
    for (const [p, q] of [[-dx, x1 - r.left], [dx, r.right - x1], [-dy, y1 - r.top], [dy, r.bottom - y1]]) {
      if (p === 0) { if (q < 0) return false; continue; }
      const t = q / p;
      if (p < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
    }
    return true;
  };
  const onScreen = (el, x, y) => { const m = el.getScreenCTM(); return [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]; };
  document.querySelectorAll(selector).forEach((svg, fi) => {
    const box = svg.getBoundingClientRect();
    const name = (selector === 'svg' ? 'print figure' : 'figure ' + (fi + 1));
    svg.querySelectorAll('g.ticks').forEach((g) => {
      const kinds = new Set([...g.querySelectorAll('text')].map(kind));
      if (kinds.size > 1) {
        out.push(name + ': ' + g.getAttribute('class') + ' mixes formats: ' +
          [...g.querySelectorAll('text')].map((t) => short(t.textContent)).join(', '));
      }
    });
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '');
    const rects = texts.map((t) => t.getBoundingClientRect());
    texts.forEach((t, i) => {
      if (!inside(rects[i], box, 0.5)) out.push(name + ': text outside the figure: ' + short(t.textContent));
      const clipped = t.closest('[clip-path]');
      if (clipped) {
        const id = clipped.getAttribute('clip-path').match(/#([^)]+)/)[1];
        const clip = document.getElementById(id); // what the browser resolves
        const r = clip && clip.querySelector('rect');
        // a clip's rectangle is in the user space of the element it clips
        const m = clipped.getScreenCTM();
        const cr = r && {
          left: m.a * r.x.baseVal.value + m.e, right: m.a * (r.x.baseVal.value + r.width.baseVal.value) + m.e,
          top: m.d * r.y.baseVal.value + m.f, bottom: m.d * (r.y.baseVal.value + r.height.baseVal.value) + m.f,
        };
        if (r && !inside(rects[i], cr, 0.5)) {
          out.push(name + ': text clipped: ' + short(t.textContent));
        }
      }
    });
    // the lines a text must keep clear of: data and fitted lines, target and marker
    // lines, leaders; not the grid (light grey) nor the tick marks
    const segments = [];
    svg.querySelectorAll('polyline, line').forEach((el) => {
      if (el.closest('g.ticks') || el.getAttribute('stroke') === '#e6e6e6') return;
      let pts;
      if (el.tagName === 'line') {
        pts = [[el.x1.baseVal.value, el.y1.baseVal.value], [el.x2.baseVal.value, el.y2.baseVal.value]];
      } else {
        pts = [...el.points].map((p) => [p.x, p.y]);
      }
      pts = pts.map(([x, y]) => onScreen(el, x, y));
      for (let k = 1; k < pts.length; k++) segments.push({ el, a: pts[k - 1], b: pts[k] });
    });
    // shapes that hide a text drawn before them: opaque boxes (the legend) and points
    const shapes = [...svg.querySelectorAll('rect, circle, polygon')].filter((el) =>
      el.closest('clipPath') === null && el.getAttribute('fill') !== 'none' &&
      parseFloat(el.getAttribute('fill-opacity') || '1') >= 0.5 && el.parentNode !== svg);
    const points = [...svg.querySelectorAll('.point')].map((p) => p.getBoundingClientRect());
    texts.forEach((t, i) => {
      const r = shrink(rects[i], 1);
      if (t.closest('g.ticks')) return; // tick labels sit outside the plot
      // a line under an opaque box (the legend) that holds the text is hidden there
      const before = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      const hidden = (el) => shapes.some((sh) => sh.tagName === 'rect' && before(el, sh) &&
        before(sh, t) && inside(rects[i], sh.getBoundingClientRect(), 0.5));
      const hit = segments.find((sg) => crosses(r, sg.a[0], sg.a[1], sg.b[0], sg.b[1]) && !hidden(sg.el));
      if (hit) out.push(name + ': text crossed by a ' + hit.el.tagName + ': ' + short(t.textContent));
      const cover = shapes.find((el) => before(t, el) && meet(r, el.getBoundingClientRect()));
      if (cover) out.push(name + ': text covered by a ' + cover.tagName + ' drawn after it: ' + short(t.textContent));
      if (points.some((p) => meet(r, shrink(p, 0.5)))) out.push(name + ': text on a data point: ' + short(t.textContent));
    });
    // an opaque box (the legend) must not hide data: a point or a fitted line drawn under it
    const follows = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    shapes.filter((sh) => sh.tagName === 'rect').forEach((sh) => {
      const rb = shrink(sh.getBoundingClientRect(), 1);
      const p = [...svg.querySelectorAll('.point')].find((el) => follows(el, sh) && meet(rb, el.getBoundingClientRect()));
      if (p) out.push(name + ': a box hides a data point: ' + short((p.querySelector('title') || p).textContent || 'point'));
      const l = segments.find((sg) => sg.el.tagName === 'polyline' && follows(sg.el, sh) &&
        crosses(rb, sg.a[0], sg.a[1], sg.b[0], sg.b[1]));
      if (l) out.push(name + ': a box hides part of a line (' + l.el.getAttribute('stroke') + ')');
    });
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = rects[i], b = rects[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) {
          out.push(name + ': texts overlap: "' + short(texts[i].textContent) + '" and "' +
            short(texts[j].textContent) + '"');
        }
      }
    }
  });
  return out;
}

async function main() {
  const report = path.resolve(process.argv[2] || 'out/report.html');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    page.on('pageerror', (e) => problems.push('page error: ' + e));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push('network request: ' + r.url());
    });
    await page.goto('file://' + report, { waitUntil: 'load' });
    const figures = await page.$$eval('figure svg', (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      return { w: r.width, h: r.height, shown: style.display !== 'none' && style.visibility !== 'hidden' };
    }));
    const hidden = figures.filter((f) => !(f.w > 100 && f.h > 100 && f.shown)).length;
    const tables = await page.$$eval('table', (els) => els.length);
    const title = await page.title();
    // markup escaped into text: a tag or an entity that the reader sees as characters
    const escaped = await page.evaluate(() => (document.body.innerText.match(
      /<\/?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?\/?>|&(#\d+|[a-zA-Z]+);/g) || []));
    for (const e of escaped) problems.push('markup shown as text: ' + e);
    const dups = await page.evaluate(() => {
      const seen = {};
      document.querySelectorAll('[id]').forEach((e) => { seen[e.id] = (seen[e.id] || 0) + 1; });
      return Object.keys(seen).filter((k) => seen[k] > 1).sort();
    });
    for (const d of dups) problems.push('id used more than once: ' + d);
    // nothing widens the page past the window: a wide table scrolls in its own box
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push('page ' + overflow + ' px wider than the window (a table or figure does not fit)');
    // every point's link leads to a row of the data appendix
    const dangling = await page.evaluate(() => [...document.querySelectorAll('figure svg a')]
      .map((a) => a.getAttribute('href'))
      .filter((h) => !(h && h.startsWith('#') && document.getElementById(h.slice(1)))));
    for (const h of dangling) problems.push('point link leads nowhere: ' + h);
    for (const d of await page.evaluate(figureDefects, 'figure svg')) problems.push(d);
    // every point of an ImageNet panel says which model it is; every point of a
    // language-model panel also its accuracy, and links to its appendix row
    const points = await page.evaluate(() => {
      const r = {};
      document.querySelectorAll('figure svg g.panel').forEach((g) => {
        const t = g.querySelector('text.title');
        const panel = t && (/ImageNet/.test(t.textContent) ? 'ImageNet' :
          (/^(MMLU|GSM8K|HellaSwag)$/.test(t.textContent) ? t.textContent : null));
        if (!panel) return;
        const c = r[panel] = r[panel] || { n: 0, named: 0, linked: 0 };
        g.querySelectorAll('.point').forEach((p) => {
          c.n += 1;
          const tt = p.querySelector('title');
          const llm = panel !== 'ImageNet';
          if (tt && /^\S.*\(\d{4}\): /.test(tt.textContent) &&
            (!llm || /: accuracy \d+(\.\d)?% \(error \d+(\.\d)?%\), .* FLOP; source: \S/.test(tt.textContent))) c.named += 1;
          const a = p.parentNode.closest('a');
          if (a && /^#row-/.test(a.getAttribute('href'))) c.linked += 1;
        });
      });
      return r;
    });
    for (const panel of ['ImageNet', 'MMLU', 'GSM8K', 'HellaSwag']) {
      const c = points[panel] || { n: 0, named: 0, linked: 0 };
      if (c.n === 0 || c.named !== c.n) {
        problems.push(panel + ' points with a title naming their model: ' + c.named + ' of ' + c.n);
      }
      if (panel !== 'ImageNet' && c.linked !== c.n) {
        problems.push(panel + ' points linked to the appendix: ' + c.linked + ' of ' + c.n);
      }
    }
    await page.screenshot({ path: path.join(path.dirname(report), 'report.png'), fullPage: true });
    // the print-size figures, each on its own: 3.5 in wide (336 CSS px), no defect
    const dir = path.dirname(report);
    const prints = fs.readdirSync(dir).filter((f) => /^fig1_.*\.svg$/.test(f) && f !== 'fig1_all.svg').sort();
    if (prints.length === 0) problems.push('no print-size figure (fig1_<benchmark>.svg) beside the report');
    for (const f of prints) {
      await page.goto('file://' + path.join(dir, f), { waitUntil: 'load' });
      const width = await page.evaluate(() => document.querySelector('svg').getBoundingClientRect().width);
      if (Math.abs(width - 336) > 0.01) problems.push(f + ': ' + width + ' CSS px wide, not 3.5 in (336)');
      for (const d of await page.evaluate(figureDefects, 'svg')) problems.push(f + ': ' + d);
    }
    console.log('title: ' + title);
    console.log('figures: ' + figures.length + ', not visible: ' + hidden);
    console.log('tables: ' + tables);
    console.log('print figures: ' + prints.length);
    console.log('problems: ' + problems.length);
    for (const p of problems) console.log('  ' + p);
    process.exitCode = problems.length === 0 && hidden === 0 && figures.length > 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(String(e)); process.exitCode = 2; });
