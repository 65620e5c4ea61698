// Opens a burden HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core from build/node) and checks what a reader would see: no console
// errors, no request leaving the file, every figure laid out with a visible size.
// Saves a full-page screenshot beside the report.
//
//   node tests/browser/report.cjs out/report.html
const path = require('path');
const { chromium } = require(path.resolve('build/node/node_modules/playwright-core'));

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
