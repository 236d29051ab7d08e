#!/usr/bin/env node
// Browser tests of the web UI: starts facilitator on a fresh SQLite database with demo data, runs
// every scenario in scenarios/ in a fresh browser context of Debian's headless Chromium (driven by
// playwright-core), records console errors, uncaught page errors and Content-Security-Policy
// violations, saves each scenario's screenshots, stops the server, and exits non-zero when a
// scenario failed or the server did not stop cleanly.
//
// It builds nothing: scripts/test builds the binary first and passes it in.
//
//   node tests/ui/run.mjs --binary build/asan/http/facilitator [--only NAME] [--screenshots DIR]
//
// Runs on Node.js 18 (Debian 12's nodejs): plain ES modules, node: built-ins only.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { Harness } from './lib/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

function usage() {
  return `Usage: node tests/ui/run.mjs [--binary PATH] [--only NAME] [--screenshots DIR] [--projects N]

  --binary PATH       the facilitator binary (default $FACILITATOR_BIN, else build/asan/http/facilitator)
  --chromium PATH     the browser (default $CHROMIUM, else /usr/bin/chromium)
  --only NAME         run only the scenarios whose file name contains NAME (repeatable)
  --screenshots DIR   where screenshots go (default docs/screenshots)
  --projects N        demo projects to load (default 300)
  --web-root DIR      serve the UI from DIR instead of the copy built into the binary
  --headed            show the browser (needs a display)
`;
}

function parseArgs(argv) {
  const opts = {
    binary: process.env.FACILITATOR_BIN || join(repo, 'build/asan/http/facilitator'),
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    only: [],
    screenshots: join(repo, 'docs/screenshots'),
    projects: 300,
    headed: false,
    webRoot: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '--binary': opts.binary = resolve(value()); break;
      case '--chromium': opts.chromium = value(); break;
      case '--only': opts.only.push(value()); break;
      case '--screenshots': opts.screenshots = resolve(value()); break;
      case '--projects': opts.projects = Number(value()); break;
      case '--headed': opts.headed = true; break;
      case '--web-root': opts.webRoot = resolve(value()); break;
      case '-h': case '--help': process.stdout.write(usage()); process.exit(0);
      default: throw new Error(`unknown argument '${arg}'\n${usage()}`);
    }
  }
  return opts;
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

// The status of GET url, or 0 when nothing answers (node:http rather than fetch, which Node 18 flags
// as experimental).
function healthStatus(url) {
  return new Promise((ok) => {
    const req = get(url, (res) => { res.resume(); ok(res.statusCode); });
    req.on('error', () => ok(0));
    req.setTimeout(5000, () => { req.destroy(); ok(0); });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// The sanitizer options ctest uses (CMakePresets.json), unless the caller set their own.
function serverEnv() {
  return {
    ...process.env,
    ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:abort_on_error=1:strict_string_checks=1',
    UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1:halt_on_error=1',
  };
}

/// The server under test: a child process whose output is kept for the failure report.
class Server {
  constructor(binary, db, port, webRoot) {
    this.binary = binary;
    this.webRoot = webRoot;
    this.db = db;
    this.port = port;
    this.output = [];
    this.exit = null;
  }

  get baseURL() { return `http://127.0.0.1:${this.port}`; }

  async start(timeoutMs) {
    const args = ['serve', '--db', this.db, '--listen', `127.0.0.1:${this.port}`];
    if (this.webRoot) args.push('--web-root', this.webRoot);
    this.child = spawn(this.binary, args, { env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      this.output.push(chunk.toString());
      if (this.output.length > 4000) this.output.splice(0, 1000);
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.exited = new Promise((ok) => this.child.on('exit', (code, signal) => { this.exit = { code, signal }; ok(); }));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exit) throw new Error(`the server exited at start (${JSON.stringify(this.exit)})`);
      if ((await healthStatus(`${this.baseURL}/health`)) === 200) return;
      await sleep(200);
    }
    throw new Error(`the server did not answer /health within ${seconds(timeoutMs)}`);
  }

  /// Stops it with SIGTERM; resolves to a problem description, or null when it stopped cleanly.
  async stop(timeoutMs) {
    if (!this.child || this.exit) return this.exit && this.exit.code !== 0 ? `server had exited: ${JSON.stringify(this.exit)}` : null;
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!stopped) {
      this.child.kill('SIGKILL');
      await this.exited;
      return `the server did not stop within ${seconds(timeoutMs)} of SIGTERM`;
    }
    if (this.exit.code !== 0) return `the server exited with ${JSON.stringify(this.exit)} (sanitizer report below?)`;
    return null;
  }

  tail(lines = 60) {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const files = (await readdir(join(here, 'scenarios')))
    .filter((f) => f.endsWith('.mjs'))
    .filter((f) => opts.only.length === 0 || opts.only.some((o) => f.includes(o)))
    .sort();
  if (files.length === 0) throw new Error('no scenario matches');

  const work = await mkdtemp(join(tmpdir(), 'facilitator-ui-'));
  const db = `sqlite3://db=${join(work, 'ui.db')}`;
  await mkdir(opts.screenshots, { recursive: true });
  const failures = join(repo, 'build', 'ui-failures');
  await mkdir(failures, { recursive: true });
  console.log(`ui: binary ${opts.binary}`);
  console.log(`ui: demo data (${opts.projects} projects) into ${db}`);
  const t0 = Date.now();
  await promisify(execFile)(opts.binary, ['demo-data', '--db', db, '--projects', String(opts.projects)], {
    env: serverEnv(),
    maxBuffer: 16 << 20,
  });
  console.log(`ui: demo data loaded in ${seconds(Date.now() - t0)}`);

  const server = new Server(opts.binary, db, await freePort(), opts.webRoot);
  let browser;
  const results = [];
  let stopProblem = null;
  try {
    await server.start(60_000);
    console.log(`ui: server on ${server.baseURL}`);
    browser = await chromium.launch({ executablePath: opts.chromium, headless: !opts.headed });
    console.log(`ui: chromium ${browser.version()}`);

    for (const file of files) {
      const name = file.replace(/\.mjs$/, '');
      const h = new Harness({ browser, baseURL: server.baseURL, name, screenshots: opts.screenshots, failures });
      const t = Date.now();
      let error = null;
      try {
        const scenario = await import(pathToFileURL(join(here, 'scenarios', file)).href);
        await scenario.default(h);
        h.assertClean();
      } catch (e) {
        error = e;
        await h.failureScreenshot().catch(() => {});
      } finally {
        await h.close().catch(() => {});
      }
      const ms = Date.now() - t;
      results.push({ name, error, ms, log: h.log });
      if (error) {
        console.log(`FAIL ${name} (${seconds(ms)})`);
        console.log(indent(error.stack || String(error)));
        if (h.log.length) console.log(indent(`browser log:\n${h.log.join('\n')}`));
      } else {
        console.log(`ok   ${name} (${seconds(ms)})`);
      }
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    stopProblem = await server.stop(30_000);
    await rm(work, { recursive: true, force: true });
  }

  const failed = results.filter((r) => r.error);
  if (failed.length || stopProblem) {
    if (stopProblem) console.log(`FAIL server: ${stopProblem}`);
    console.log(`--- last lines of the server's output ---\n${server.tail()}`);
    console.log(`ui: FAILED: ${failed.map((r) => r.name).join(', ') || 'server'} (${results.length - failed.length} of ${results.length} scenarios passed, ${seconds(Date.now() - started)})`);
    process.exit(1);
  }
  console.log(`ui: all ${results.length} scenarios passed in ${seconds(Date.now() - started)}; screenshots in ${opts.screenshots}`);
  process.exit(0);  // not waiting for idle keep-alive sockets to time out
}

function indent(text) {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

main().catch((e) => {
  console.error(`ui: FAILED: ${e.stack || e}`);
  process.exit(1);
});
