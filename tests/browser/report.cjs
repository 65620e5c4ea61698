// Opens a burden HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core from build/node) and checks what a reader would see: no console
// errors, no request leaving the file, every figure laid out with a visible size, and
// no visual defect: no markup shown as text, no id used twice (an inline SVG's clip
// would clip another figure), one tick-label format per axis, every text inside its
// figure and its clip, no two texts of a figure overlapping, every ImageNet point with
// a <title> naming its model, every point's link leading to a row of the data appendix. Saves a full-page screenshot beside the report.
//
//   node tests/browser/report.cjs out/report.html
const path = require('path');
const { chromium } = require(path.resolve('build/node/node_modules/playwright-core'));

// Runs in the page: the defects of every figure, as strings.
function figureDefects() {
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
  document.querySelectorAll('figure svg').forEach((svg, fi) => {
    const box = svg.getBoundingClientRect();
    const name = 'figure ' + (fi + 1);
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
    // every point's link leads to a row of the data appendix
    const dangling = await page.evaluate(() => [...document.querySelectorAll('figure svg a')]
      .map((a) => a.getAttribute('href'))
      .filter((h) => !(h && h.startsWith('#') && document.getElementById(h.slice(1)))));
    for (const h of dangling) problems.push('point link leads nowhere: ' + h);
    for (const d of await page.evaluate(figureDefects)) problems.push(d);
    // every point of an ImageNet panel says which model it is
    const points = await page.evaluate(() => {
      const r = { n: 0, named: 0 };
      document.querySelectorAll('figure svg g.panel').forEach((g) => {
        const t = g.querySelector('text.title');
        if (!t || !/ImageNet/.test(t.textContent)) return;
        g.querySelectorAll('.point').forEach((p) => {
          r.n += 1;
          const tt = p.querySelector('title');
          if (tt && /^\S.*\(\d{4}\)/.test(tt.textContent)) r.named += 1;
        });
      });
      return r;
    });
    if (points.n === 0 || points.named !== points.n) {
      problems.push('ImageNet points with a title naming their model: ' + points.named + ' of ' + points.n);
    }
    await page.screenshot({ path: path.join(path.dirname(report), 'report.png'), fullPage: true });
    console.log('title: ' + title);
    console.log('figures: ' + figures.length + ', not visible: ' + hidden);
    console.log('tables: ' + tables);
    console.log('problems: ' + problems.length);
    for (const p of problems) console.log('  ' + p);
    process.exitCode = problems.length === 0 && hidden === 0 && figures.length > 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(String(e)); process.exitCode = 2; });
