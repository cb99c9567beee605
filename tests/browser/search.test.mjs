// Browser test of the Haven search page, run against a live daemon:
//   node tests/browser/search.test.mjs --base-url http://127.0.0.1:PORT --out DIR
// Drives Debian's /usr/bin/chromium through playwright-core. The daemon must
// serve an index of corpus/ (words used: "opvang", "Fedasil", "asylum").
// Prints one line per check and a final "N passed, N failed"; exits 1 on failure.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const CHROMIUM = '/usr/bin/chromium';
const WAIT_MS = 8000;
const WHOLE_RUN_MS = 180000;

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    out: { type: 'string', default: 'tests/out/browser' },
    chromium: { type: 'string', default: CHROMIUM },
  },
});

const results = [];
function report(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
}
function finish() {
  const passed = results.filter(Boolean).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed || !results.length ? 1 : 0);
}
async function check(name, fn) {
  try {
    await fn();
    report(name, true);
    return true;
  } catch (err) {
    report(name, false, String((err && err.message) || err).split('\n')[0]);
    return false;
  }
}
function fatal(name, message) {
  report(name, false, message);
  finish();
}

if (!args['base-url']) fatal('arguments', 'usage: search.test.mjs --base-url http://127.0.0.1:PORT --out DIR');
let base;
try {
  base = new URL(args['base-url']);
} catch {
  fatal('arguments', `--base-url is not a URL: ${args['base-url']}`);
}
const baseOrigin = base.origin;
const home = baseOrigin + '/';
if (!fs.existsSync(args.chromium)) {
  fatal('chromium', `${args.chromium} is missing; install Debian's package: apt-get install -y chromium`);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (err) {
  fatal('playwright-core', `cannot load it (${err.message}); run: npm ci --prefix tests/browser`);
}
fs.mkdirSync(args.out, { recursive: true });

// A hung browser must not hang the caller's script.
setTimeout(() => fatal('test run', `did not finish within ${WHOLE_RUN_MS / 1000} s`), WHOLE_RUN_MS).unref();

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});

// Everything the pages do is recorded here and judged at the end.
const consoleErrors = [];
const foreignRequests = [];
const searchRequests = [];
function watch(page, label, { allowFailedLoads = false } = {}) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (allowFailedLoads && /Failed to load resource/.test(msg.text())) return;
    consoleErrors.push(`${label}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`${label}: uncaught ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(baseOrigin + '/')) foreignRequests.push(url);
    if (new URL(url).pathname === '/api/search') searchRequests.push(req);
  });
}

const box = '#q';
const hitHeads = '#results .hit-head';

async function activeInfo(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    const heads = Array.from(document.querySelectorAll('#results .hit-head'));
    const style = a ? getComputedStyle(a) : null;
    return {
      id: a && a.id,
      hitIndex: heads.indexOf(a),
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    };
  });
}

async function typeQuery(page, text) {
  await page.focus(box);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 40 });
}

async function waitForHash(page, pattern) {
  await page.waitForFunction((src) => new RegExp(src).test(location.hash), pattern.source, { timeout: WAIT_MS });
}

// Waits until the list answers `query` (the page sets data-query when it
// renders) and no newer search is under way; then hits must carry marks.
async function waitForResults(page, query) {
  await page.waitForFunction(
    (q) => {
      const list = document.getElementById('results');
      return list.dataset.query === q && !list.hasAttribute('aria-busy');
    },
    query,
    { timeout: WAIT_MS }
  );
}

async function waitForMarks(page, query) {
  await waitForResults(page, query);
  await page.waitForSelector('#results .hit .hit-snippet mark', { timeout: 1000 });
}

try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 860 } });
  context.setDefaultTimeout(WAIT_MS);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseOrigin });
  const page = await context.newPage();
  watch(page, 'main');

  let englishLabel = '';
  const served = await check('page is served with the security headers', async () => {
    const response = await page.goto(home, { waitUntil: 'load' });
    assert.ok(response, 'no response');
    assert.equal(response.status(), 200);
    const headers = response.headers();
    assert.match(headers['content-type'] || '', /^text\/html/);
    assert.match(headers['content-security-policy'] || '', /default-src 'none'/);
    assert.match(headers['content-security-policy'] || '', /script-src 'self'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
  });

  if (!served) throw new Error(`nothing usable at ${home}; is the daemon running?`);

  // With nosniff, a wrong type silently disables the script or the styles.
  await check('static files are served with their content types', async () => {
    const expected = {
      'index.html': /^text\/html/,
      'app.js': /^(text|application)\/javascript/,
      'i18n.js': /^(text|application)\/javascript/,
      'style.css': /^text\/css/,
      'favicon.svg': /^image\/svg\+xml/,
    };
    for (const [file, type] of Object.entries(expected)) {
      const response = await context.request.get(home + file);
      assert.equal(response.status(), 200, `${file}: HTTP ${response.status()}`);
      assert.match(response.headers()['content-type'] || '', type, `${file} has the wrong content type`);
    }
  });

  await check('interface language follows navigator.language', async () => {
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    englishLabel = (await page.textContent('label[for="q"]')).trim();
    assert.ok(englishLabel, 'search box has no label');
    const dutch = await browser.newContext({ locale: 'nl-NL' });
    const dutchPage = await dutch.newPage();
    watch(dutchPage, 'nl-default');
    await dutchPage.goto(home);
    assert.equal(await dutchPage.getAttribute('html', 'lang'), 'nl');
    const dutchLabel = (await dutchPage.textContent('label[for="q"]')).trim();
    assert.notEqual(dutchLabel, englishLabel, 'label not translated');
    await dutch.close();
  });

  await check('search box is a labelled searchbox inside role=search', async () => {
    const found = page.getByRole('search').getByRole('searchbox', { name: englishLabel });
    assert.equal(await found.count(), 1);
    assert.equal(await page.getAttribute('#status', 'aria-live'), 'polite');
  });

  await check('"/" focuses the search box', async () => {
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.keyboard.press('/');
    assert.equal((await activeInfo(page)).id, 'q');
    assert.equal(await page.inputValue(box), '', 'the slash was typed into the box');
  });

  await check('typing a query shows hits with <mark> highlights', async () => {
    await page.keyboard.type('opvang', { delay: 60 });
    await waitForMarks(page, 'opvang');
    const hits = await page.$$eval('#results .hit', (items) =>
      items.map((item) => ({
        title: item.querySelector('.hit-title').textContent,
        doc: item.querySelector('.hit-doc').textContent,
        marks: Array.from(item.querySelectorAll('.hit-snippet mark'), (m) => m.textContent),
      }))
    );
    assert.ok(hits.length >= 1, 'no hits');
    assert.ok(hits.every((h) => h.title && h.doc), 'a hit lacks its title or source');
    const marked = hits.flatMap((h) => h.marks).map((m) => m.toLowerCase());
    assert.ok(marked.some((m) => m.includes('opvang')), `no mark holds "opvang": ${marked.slice(0, 5)}`);
    assert.match(await page.textContent('#status'), /\d/, 'status shows no count');
  });

  await check('fragment holds q= and the URL has no query string', async () => {
    await waitForHash(page, /(^#|&)q=opvang(&|$)/);
    const url = new URL(page.url());
    assert.equal(url.search, '');
    assert.equal(url.pathname, '/');
  });

  await check('searches are POSTed with a JSON body, never in the URL', async () => {
    assert.ok(searchRequests.length >= 1, 'no /api/search request');
    for (const req of searchRequests) {
      assert.equal(req.method(), 'POST');
      assert.equal(new URL(req.url()).search, '');
      assert.equal(typeof JSON.parse(req.postData() || '{}').q, 'string');
    }
  });

  await page.keyboard.press('Enter'); // settle "opvang" in the history

  await check('ArrowDown/ArrowUp move a visible focus through the hits', async () => {
    const count = await page.locator(hitHeads).count();
    await page.focus(box);
    await page.keyboard.press('ArrowDown');
    let active = await activeInfo(page);
    assert.equal(active.hitIndex, 0, 'ArrowDown from the box did not reach the first hit');
    assert.notEqual(active.outline.split(' ')[0], 'none', 'no focus ring');
    assert.notEqual(active.outline.split(' ')[1], '0px', 'no focus ring');
    if (count > 1) {
      await page.keyboard.press('ArrowDown');
      assert.equal((await activeInfo(page)).hitIndex, 1);
      await page.keyboard.press('ArrowUp');
      assert.equal((await activeInfo(page)).hitIndex, 0);
    }
    await page.keyboard.press('ArrowUp');
    assert.equal((await activeInfo(page)).id, 'q', 'ArrowUp from the first hit should return to the box');
    await page.keyboard.press('ArrowDown');
    assert.equal((await activeInfo(page)).hitIndex, 0);
  });

  let opened = null;
  await check('Enter expands a hit to its passage and neighbours', async () => {
    const passageAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/passage', {
      timeout: WAIT_MS,
    });
    await page.keyboard.press('Enter');
    const response = await passageAnswer;
    assert.equal(response.status(), 200, '/api/passage failed');
    assert.match(response.headers()['content-type'] || '', /^application\/json/);
    const data = await response.json();
    assert.equal(await page.getAttribute('#results .hit >> nth=0 >> .hit-head', 'aria-expanded'), 'true');
    await page.waitForFunction(
      () => {
        const note = document.querySelector('#results .hit.open .passage-note');
        return note && note.hidden;
      },
      null,
      { timeout: WAIT_MS }
    );
    opened = await page.$eval('#results .hit.open', (item) => ({
      title: item.querySelector('.hit-title').textContent,
      section: (item.querySelector('.hit-section') || { textContent: '' }).textContent,
      doc: item.querySelector('.hit-doc').textContent,
      marks: Array.from(item.querySelectorAll('.hit-snippet mark'), (m) => m.textContent),
      passage: item.querySelector('.passage-current .passage-text').textContent,
      visible: !item.querySelector('.hit-body').hidden,
      shown: item.querySelectorAll('.passage').length,
    }));
    assert.ok(opened.visible, 'passage area hidden');
    assert.ok(opened.passage.trim().length > 0, 'empty passage');
    assert.ok(Array.isArray(data.passages) && data.passages.length >= 1, 'no passages in /api/passage');
    assert.equal(opened.shown, data.passages.length, 'neighbours not all shown');
    assert.ok(
      data.passages.some((p) => p.text === opened.passage),
      'shown passage is not the one /api/passage returned'
    );
    const flat = opened.passage.replace(/\s+/g, ' ').toLowerCase();
    assert.ok(
      opened.marks.some((m) => flat.includes(m.replace(/\s+/g, ' ').toLowerCase())),
      'passage does not contain a highlighted word of its snippet'
    );
  });

  await check('Copy puts the passage and its source line on the clipboard', async () => {
    assert.ok(opened, 'no open hit');
    await page.click('#results .hit.open .copy-button');
    await page.waitForFunction(
      () => document.querySelector('#results .hit.open .copy-status').textContent.trim() !== '',
      null,
      { timeout: WAIT_MS }
    );
    assert.ok(
      await page.$eval('#results .hit.open .copy-button', (b) => b.classList.contains('copied')),
      'no visible "Copied" confirmation'
    );
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(clip.includes(opened.passage.trim()), 'clipboard lacks the passage');
    // The page omits a section that only repeats the title (and shows none then).
    const where = [opened.title, opened.section].filter(Boolean).join(', ');
    assert.ok(clip.includes(`— ${where} (${opened.doc})`), `clipboard lacks the source line: ${clip.slice(-160)}`);
  });

  await check('desktop screenshot', async () => {
    await page.screenshot({ path: path.join(args.out, 'search-desktop.png'), fullPage: true });
  });

  await check('Esc collapses the open hit and keeps focus on it', async () => {
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#results .hit.open').count(), 0);
    assert.equal((await activeInfo(page)).hitIndex, 0);
    assert.notEqual(await page.inputValue(box), '', 'Esc on an open hit cleared the query');
  });

  await check('language filter restricts hits and is kept in the fragment', async () => {
    searchRequests.length = 0;
    await page.click('.segmented input[value="nl"]');
    await waitForHash(page, /(^#|&)lang=nl(&|$)/);
    await page.waitForFunction(
      () =>
        !document.getElementById('results').hasAttribute('aria-busy') &&
        Array.from(document.querySelectorAll('#results .badge')).every((b) => b.textContent === 'NL'),
      null,
      { timeout: WAIT_MS }
    );
    assert.ok(await page.locator('#results .hit').count() >= 1, 'no Dutch hits for "opvang"');
    const last = searchRequests[searchRequests.length - 1];
    assert.ok(last, 'changing the filter sent no search');
    assert.equal(JSON.parse(last.postData()).lang, 'nl');
    await page.click('.segmented input[value=""]');
    await page.waitForFunction(() => !/lang=/.test(location.hash), null, { timeout: WAIT_MS });
  });

  await check('back button restores the previous query from the fragment', async () => {
    await typeQuery(page, 'asylum');
    await waitForHash(page, /(^#|&)q=asylum(&|$)/);
    await waitForMarks(page, 'asylum');
    await page.keyboard.press('Enter');
    await page.goBack();
    await page.waitForFunction(() => document.getElementById('q').value === 'opvang', null, { timeout: WAIT_MS });
    await waitForHash(page, /(^#|&)q=opvang(&|$)/);
    await waitForMarks(page, 'opvang');
    assert.ok(
      await page.$$eval('#results mark', (marks) => marks.some((m) => /opvang/i.test(m.textContent))),
      'restored results do not highlight "opvang"'
    );
    assert.equal(new URL(page.url()).search, '');
    await page.goForward();
    await page.waitForFunction(() => document.getElementById('q').value === 'asylum', null, { timeout: WAIT_MS });
    await waitForMarks(page, 'asylum');
  });

  await check('interface language switch changes labels and is remembered', async () => {
    await page.click('[data-ui-lang="ru"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    const russian = (await page.textContent('label[for="q"]')).trim();
    assert.notEqual(russian, englishLabel);
    assert.match(russian, /[а-яё]/i, 'Russian label has no Cyrillic');
    assert.match(await page.textContent('#status'), /[а-яё]/i, 'result count not translated');
    await page.click('[data-ui-lang="nl"]');
    const dutch = (await page.textContent('label[for="q"]')).trim();
    assert.notEqual(dutch, russian);
    await page.reload();
    assert.equal(await page.getAttribute('html', 'lang'), 'nl', 'choice not remembered');
    assert.equal((await page.textContent('label[for="q"]')).trim(), dutch);
    assert.equal(await page.inputValue(box), 'asylum', 'query not restored from the fragment');
    await waitForMarks(page, 'asylum');
    await page.click('[data-ui-lang="en"]');
  });

  await check('suggestions appear as chips and complete the last word', async () => {
    await typeQuery(page, 'asy');
    await page.waitForSelector('#suggestions:not([hidden]) .chip', { timeout: WAIT_MS });
    const chip = page.locator('#suggestions .chip').first();
    const word = (await chip.textContent()).trim();
    assert.match(word.toLowerCase(), /^asy/);
    await chip.click();
    assert.equal((await page.inputValue(box)).trim(), word);
    await waitForResults(page, word);
    assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('q'), word);
  });

  await check('Esc in the box clears the query, the results and the fragment', async () => {
    await page.focus(box);
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue(box), '');
    await page.waitForFunction(() => !document.querySelector('#results .hit') && location.hash === '', null, {
      timeout: WAIT_MS,
    });
    assert.equal(new URL(page.url()).search, '');
  });

  await check('usable at 360 px: no horizontal scroll; screenshots', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await typeQuery(page, 'Fedasil');
    await waitForMarks(page, 'Fedasil');
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `page is ${widths[0]} px wide in a ${widths[1]} px window`);
    // Russian has the longest labels; every control must stay inside the window.
    await page.click('[data-ui-lang="ru"]');
    const clipped = await page.$$eval('button, input[type="search"], .segmented label', (nodes) =>
      nodes
        .filter((n) => n.getClientRects().length)
        .filter((n) => {
          const r = n.getBoundingClientRect();
          return r.left < 0 || r.right > window.innerWidth + 0.5;
        })
        .map((n) => n.textContent.trim() || n.id)
    );
    assert.deepEqual(clipped, [], 'controls cut off at 360 px');
    await page.click('[data-ui-lang="en"]');
    await page.screenshot({ path: path.join(args.out, 'search-360.png'), fullPage: false });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(args.out, 'search-360-dark.png'), fullPage: false });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await check('Copy falls back to execCommand when the Clipboard API is missing', async () => {
    const bare = await context.newPage();
    watch(bare, 'no-clipboard-api');
    await bare.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    });
    await bare.goto(home + '#q=Fedasil');
    await waitForMarks(bare, 'Fedasil');
    await page.evaluate(() => navigator.clipboard.writeText('-'));
    await bare.click('#results .hit-head >> nth=0');
    await bare.waitForSelector('#results .hit.open .passage-note[hidden]', { state: 'attached' });
    await bare.click('#results .hit.open .copy-button');
    await bare.waitForSelector('#results .hit.open .copy-button.copied', { timeout: WAIT_MS });
    const passage = await bare.textContent('#results .hit.open .passage-current .passage-text');
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(clip.startsWith(passage.trim()), 'clipboard lacks the passage');
    assert.match(clip, /\n— .+\(.+\)$/, 'clipboard lacks the source line');
    await bare.close();
  });

  // Answers the page cannot get from a healthy daemon on demand (stale and
  // hostile responses, optional fields, errors) are faked by intercepting
  // /api/search in a second page; everything else still comes from the daemon.
  const fake = await context.newPage();
  watch(fake, 'fake', { allowFailedLoads: true });
  const hostile = {
    query: 'xxsafe',
    total: 1,
    took_ms: 0.5,
    corrected: 'xxfixed',
    also_in: ['ru', 'nl'],
    hits: [
      {
        rank: 1,
        doc: 'en/<img src=x>.txt',
        title: '<img src=x onerror="window.__pwned=1">',
        section: '1 <b>Bold</b>',
        lang: 'en',
        score: 1,
        n: 0,
        snippet: 'a &lt;b&gt; &amp;amp; <mark>x&amp;y</mark> <img src=x onerror="window.__pwned=1"> &#39;q&quot;',
        text: 'plain',
      },
    ],
  };
  const fakeHit = (title) => ({ ...hostile.hits[0], title, snippet: `<mark>${title}</mark>` });
  await fake.route('**/api/search', async (route) => {
    const q = JSON.parse(route.request().postData() || '{}').q;
    const reply = (status, body) =>
      route
        .fulfill({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) })
        .catch(() => {});
    if (q === 'xxslow') {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return reply(200, { query: q, total: 1, took_ms: 1, hits: [fakeHit('STALE')] });
    }
    if (q === 'xxfast') return reply(200, { query: q, total: 1, took_ms: 1, hits: [fakeHit('FRESH')] });
    if (q === 'xxsafe') return reply(200, hostile);
    if (q === 'xxmany') {
      const { offset = 0, limit = 10 } = JSON.parse(route.request().postData());
      const hits = [];
      for (let i = offset; i < Math.min(offset + limit, 15); i++) hits.push({ ...fakeHit(`PAGE${i + 1}`), n: i });
      return reply(200, { query: q, total: 15, took_ms: 1, hits });
    }
    if (q === 'xxpartial') return reply(200, { query: q, total: 1, took_ms: 1, incomplete: true, hits: [fakeHit('PARTIAL')] });
    if (q === 'xxerror') return reply(200, { query: q, total: 0, took_ms: 1, hits: [], error: 'index is being rebuilt' });
    if (q === 'xxdown') return reply(503, { error: 'service unavailable' });
    return route.continue();
  });
  await fake.goto(home);

  await check('a slow stale answer never replaces a newer one', async () => {
    await typeQuery(fake, 'xxslow');
    await fake.waitForTimeout(400);
    await typeQuery(fake, 'xxfast');
    await fake.waitForSelector('#results .hit-title:text-is("FRESH")', { timeout: WAIT_MS });
    await fake.waitForTimeout(1600);
    assert.deepEqual(await fake.$$eval('#results .hit-title', (t) => t.map((x) => x.textContent)), ['FRESH']);
  });

  await check('server text is rendered as text; only <mark> becomes markup', async () => {
    await typeQuery(fake, 'xxsafe');
    await fake.waitForSelector('#results .hit-title:has-text("img")', { timeout: WAIT_MS });
    assert.equal(await fake.locator('#results img, #results b, #notice img').count(), 0, 'markup was injected');
    assert.equal(await fake.evaluate(() => window.__pwned), undefined);
    assert.equal(await fake.textContent('#results .hit-title'), hostile.hits[0].title);
    assert.equal(await fake.textContent('#results .hit-section'), '1 <b>Bold</b>');
    assert.equal(
      await fake.textContent('#results .hit-snippet'),
      'a <b> &amp; x&y <img src=x onerror="window.__pwned=1"> \'q"'
    );
    assert.deepEqual(await fake.$$eval('#results .hit-snippet mark', (m) => m.map((x) => x.textContent)), ['x&y']);
  });

  await check('"did you mean" and "also in" are shown', async () => {
    const notice = await fake.textContent('#notice');
    assert.ok(await fake.isVisible('#notice'), 'notice hidden');
    assert.ok(notice.includes('xxfixed'), `no did-you-mean: ${notice}`);
    assert.match(notice, /ru, nl/, `no also-in list: ${notice}`);
  });

  await check('a phrase looked for within its reading budget says there may be more', async () => {
    await typeQuery(fake, 'xxpartial');
    await fake.waitForSelector('#results .hit-title:text-is("PARTIAL")', { timeout: WAIT_MS });
    assert.ok(await fake.isVisible('#notice'), 'notice hidden');
    assert.match(await fake.textContent('#notice'), /there may be more/);
    await typeQuery(fake, 'xxfast');
    await fake.waitForSelector('#results .hit-title:text-is("FRESH")', { timeout: WAIT_MS });
    assert.ok(!/there may be more/.test(await fake.textContent('#notice')), 'notice outlived its answer');
  });

  await check('"More results" appends the next page and focuses it', async () => {
    await typeQuery(fake, 'xxmany');
    await waitForResults(fake, 'xxmany');
    assert.equal(await fake.locator('#results .hit').count(), 10);
    assert.match(await fake.textContent('#status'), /10\D+15/);
    await fake.click('#more');
    await fake.waitForFunction(() => document.querySelectorAll('#results .hit').length === 15, null, {
      timeout: WAIT_MS,
    });
    assert.equal((await activeInfo(fake)).hitIndex, 10, 'focus is not on the first new hit');
    assert.ok(await fake.isHidden('#more'), '"More results" still offered after the last page');
    const titles = await fake.$$eval('#results .hit-title', (t) => t.map((x) => x.textContent));
    assert.deepEqual(titles, Array.from({ length: 15 }, (_, i) => `PAGE${i + 1}`));
  });

  await check('error answers are shown politely', async () => {
    await typeQuery(fake, 'xxerror');
    await fake.waitForFunction(() => /index is being rebuilt/.test(document.getElementById('status').textContent), null, {
      timeout: WAIT_MS,
    });
    assert.equal(await fake.locator('#results .hit').count(), 0);
    await typeQuery(fake, 'xxdown');
    await fake.waitForFunction(
      () => {
        const s = document.getElementById('status');
        return s.classList.contains('status-error') && !/index is being rebuilt/.test(s.textContent);
      },
      null,
      { timeout: WAIT_MS }
    );
  });

  await fake.close();

  await check('no console errors or uncaught exceptions', async () => {
    assert.deepEqual(consoleErrors, []);
  });
  await check('no request left the base origin', async () => {
    assert.deepEqual(foreignRequests, []);
  });

  await context.close();
} catch (err) {
  report('test run', false, (err && err.message) || String(err));
} finally {
  await browser.close().catch(() => {});
}
finish();
