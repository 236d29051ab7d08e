#!/usr/bin/env node
// How long the board and the dashboard take to be ready in headless Chromium, on a large demo
// database. scripts/bench-ui runs it with the release build; it builds nothing itself.
//
//   node tests/ui/bench.mjs --binary build/release/http/facilitator --projects 100000 [--runs 5]
//                           [--db URL (an existing database: no demo data is loaded)] [--web-root DIR]
//                           [--requests (also print when the last load's API requests started and ended)]
//
// "Ready" is measured in the page, from the start of the navigation (performance.now() is 0 at
// the navigation's start) to the first animation frame in which:
//   board      the cards of every column are drawn (the board's summary line is written) — as an adviser;
//   dashboard  every chart is drawn (data-ready on the page) — as management.
// Each page is loaded `runs` times in a fresh tab of one logged-in context; the first load fetches
// the UI's files, later ones revalidate them (Cache-Control: no-cache). Prints one JSON line per
// page; with --doc FILE it writes the results into FILE's section between the markers
// <!-- BEGIN bench-ui --> and <!-- END bench-ui --> (appended at the end when they are missing).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const PASSWORD = 'demo-passord-2026';
const PAGES = [
  { name: 'board', role: 'radgiver@demo.mnu.no', hash: '#/board/establishment',
    ready: () => {
      const summary = document.querySelector('[data-testid="board-summary"]');
      const done = summary && summary.textContent && document.querySelector('[data-testid="board-card"]');
      return done ? performance.now() : false;
    } },
  // The dashboard draws each panel as soon as its reports answer: when the first chart is drawn,
  // and when all are.
  { name: 'dashboard, first chart', role: 'leder@demo.mnu.no', hash: '#/dashboard',
    ready: () => (document.querySelector('[data-testid="dashboard-page"] [data-rendered="true"]') ? performance.now() : false) },
  { name: 'dashboard', role: 'leder@demo.mnu.no', hash: '#/dashboard',
    ready: () => (document.querySelector('[data-testid="dashboard-page"][data-ready="true"]') ? performance.now() : false) },
];

function parseArgs(argv) {
  const opts = { binary: null, projects: 100000, runs: 5, chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    doc: null, db: null, commit: 'unknown', webRoot: null, requests: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    switch (argv[i]) {
      case '--binary': opts.binary = resolve(value()); break;
      case '--projects': opts.projects = Number(value()); break;
      case '--runs': opts.runs = Number(value()); break;
      case '--chromium': opts.chromium = value(); break;
      case '--doc': opts.doc = resolve(value()); break;
      case '--commit': opts.commit = value(); break;
      case '--web-root': opts.webRoot = resolve(value()); break;
      case '--db': opts.db = value(); break;
      case '--requests': opts.requests = true; break;
      default: throw new Error(`unknown argument '${argv[i]}'`);
    }
  }
  if (!opts.binary) throw new Error('--binary is required');
  return opts;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

function status(url) {
  return new Promise((ok) => {
    const req = get(url, (res) => { res.resume(); ok(res.statusCode); });
    req.on('error', () => ok(0));
  });
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.ceil(s.length / 2) - 1];
};

const BEGIN = '<!-- BEGIN bench-ui -->';
const END = '<!-- END bench-ui -->';

/** The generated part of the section in docs/performance.md. */
async function writeSection(opts, results) {
  const day = new Date().toISOString().slice(0, 10);
  const r0 = results[0];
  const lines = [
    BEGIN,
    `Run of ${day}, commit ${opts.commit}: ${opts.projects.toLocaleString('en-GB')} demo projects on SQLite` +
      (r0.demo_data_seconds ? ` (loaded in ${Math.round(r0.demo_data_seconds)} s)` : '') +
      `, release build, headless Chromium ${r0.chromium}, ${r0.cpus} CPUs, ${opts.runs} loads per page.`,
    '',
    '| page | first load | median of the later loads | slowest load | all loads | under 1 s |',
    '|---|---:|---:|---:|---|---|',
    ...results.map((r) => `| ${r.page} | ${r.first_ms} ms | ${r.median_ms} ms | ${r.max_ms} ms | ` +
      `${r.all_ms.join(', ')} ms | ${r.max_ms < 1000 ? 'yes' : 'no'} |`),
    END,
  ];
  const text = await readFile(opts.doc, 'utf8');
  const start = text.indexOf(BEGIN);
  const stop = text.indexOf(END);
  const next = start >= 0 && stop > start
    ? `${text.slice(0, start)}${lines.join('\n')}${text.slice(stop + END.length)}`
    : `${text.trimEnd()}\n\n${lines.join('\n')}\n`;
  await writeFile(opts.doc, next);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const work = await mkdtemp(join(tmpdir(), 'facilitator-bench-ui-'));
  const db = opts.db || `sqlite3://db=${join(work, 'bench.db')}`;
  let server;
  let browser;
  try {
    let loadSeconds = null;
    if (!opts.db) {
      const t0 = Date.now();
      await promisify(execFile)(opts.binary, ['demo-data', '--db', db, '--projects', String(opts.projects)],
        { maxBuffer: 64 << 20 });
      loadSeconds = (Date.now() - t0) / 1000;
      console.error(`bench-ui: ${opts.projects} demo projects loaded in ${loadSeconds.toFixed(1)} s`);
    }
    const port = await freePort();
    const serveArgs = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`];
    if (opts.webRoot) serveArgs.push('--web-root', opts.webRoot);
    server = spawn(opts.binary, serveArgs,
      { stdio: ['ignore', 'ignore', 'inherit'] });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; (await status(`${base}/health`)) !== 200; i++) {
      if (i > 300) throw new Error('the server did not start');
      await sleep(100);
    }
    browser = await chromium.launch({ executablePath: opts.chromium, headless: true });
    const results = [];
    for (const target of PAGES) {
      const context = await browser.newContext({ baseURL: base, locale: 'nb-NO', timezoneId: 'Europe/Oslo',
        viewport: { width: 1280, height: 900 } });
      const login = await context.request.post('/api/v1/session', { data: { email: target.role, password: PASSWORD } });
      if (login.status() !== 201) throw new Error(`login as ${target.role}: ${login.status()}`);
      const times = [];
      for (let run = 0; run < opts.runs; run++) {
        const page = await context.newPage();
        page.setDefaultTimeout(120_000);
        await page.goto(`/${target.hash}`, { waitUntil: 'commit' });
        // A function, not a string: the page's CSP forbids eval.
        const handle = await page.waitForFunction(target.ready, null, { polling: 'raf', timeout: 120_000 });
        times.push(await handle.jsonValue());
        // Let the page's remaining requests finish, so that they do not weigh on the next load.
        await page.waitForLoadState('networkidle');
        if (opts.requests && run === opts.runs - 1) {
          const requests = await page.evaluate(() => performance.getEntriesByType('resource')
            .filter((entry) => entry.name.includes('/api/'))
            .map((entry) => ({ request: entry.name.replace(/^https?:\/\/[^/]+/, ''),
              start_ms: Math.round(entry.startTime), end_ms: Math.round(entry.responseEnd) })));
          for (const request of requests) console.log(JSON.stringify({ page: target.name, ...request }));
        }
        await page.close();
      }
      const result = { page: target.name, projects: opts.projects, runs: opts.runs,
        first_ms: Math.round(times[0]), median_ms: Math.round(median(times.slice(1).length ? times.slice(1) : times)),
        max_ms: Math.round(Math.max(...times)), all_ms: times.map(Math.round), chromium: browser.version(),
        demo_data_seconds: loadSeconds, cpus: cpus().length };
      results.push(result);
      console.log(JSON.stringify(result));
      await context.close();
    }
    if (opts.doc) await writeSection(opts, results);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      server.kill('SIGTERM');
      await new Promise((ok) => server.on('exit', ok));
    }
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench-ui: ${e.stack || e}`);
  process.exit(1);
});
