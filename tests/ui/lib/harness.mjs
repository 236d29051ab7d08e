// What every scenario gets: fresh browser contexts against the server under test, logins, waiting
// helpers, screenshots, and a record of what the browser complained about.
//
// A scenario fails when the browser reports a Content-Security-Policy violation, an uncaught
// exception, a console error written by the page's scripts, or a server error (5xx) — whatever the
// scenario itself checked. The browser's own "Failed to load resource: ... 4xx" lines are kept in
// the log but are not failures: a refused transition answers 422 and the UI is expected to explain it.
import assert from 'node:assert/strict';
import { join } from 'node:path';

export const PASSWORD = 'demo-passord-2026';
export const USERS = {
  admin: 'admin@demo.mnu.no',
  adviser: 'radgiver@demo.mnu.no',
  management: 'leder@demo.mnu.no',
  entrepreneur: 'grunder@demo.mnu.no',
};

// Generous: the server under test is usually an AddressSanitizer build.
const TIMEOUT_MS = 30_000;

// Chromium's console line for an HTTP error answer; the status decides whether it is a failure.
const RESOURCE_ERROR = /Failed to load resource: the server responded with a status of (\d+)/;

// Reports every CSP violation on the console, where the harness sees it. Added through the
// DevTools protocol, so the page's CSP does not apply to this script itself.
const CSP_LISTENER = `
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
                  ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber);
  });
`;

export class Harness {
  constructor({ browser, baseURL, name, screenshots, failures }) {
    this.failures = failures;
    this.browser = browser;
    this.baseURL = baseURL;
    this.name = name;
    this.screenshots = screenshots;
    this.contexts = [];
    this.pages = [];
    this.log = [];
    this.problems = [];
    this.allowed = [];
  }

  /// A new browser context (its own cookies and storage) with one page.
  async newPage({ locale = 'nb-NO', viewport = { width: 1280, height: 900 } } = {}) {
    const context = await this.browser.newContext({
      baseURL: this.baseURL,
      locale,
      timezoneId: 'Europe/Oslo',
      viewport,
      acceptDownloads: true,
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    context.setDefaultNavigationTimeout(TIMEOUT_MS);
    await context.addInitScript(CSP_LISTENER);
    const page = await context.newPage();
    const tag = `[page ${this.pages.length + 1}]`;
    page.on('console', (msg) => {
      const text = msg.text();
      const line = `${tag} console.${msg.type()}: ${text}`;
      this.log.push(line);
      if (msg.type() !== 'error') return;
      const resource = RESOURCE_ERROR.exec(text);
      if (resource && Number(resource[1]) < 500) return;
      if (this.allowed.some((re) => re.test(text))) return;
      this.problems.push(line);
    });
    page.on('pageerror', (err) => {
      const line = `${tag} uncaught: ${err.stack || err.message}`;
      this.log.push(line);
      this.problems.push(line);
    });
    page.on('response', (res) => {
      if (res.status() >= 500) {
        const line = `${tag} ${res.status()} from ${res.request().method()} ${res.url()}`;
        this.log.push(line);
        this.problems.push(line);
      }
    });
    this.contexts.push(context);
    this.pages.push(page);
    return page;
  }

  /// Closes a page's context when the scenario is done with it: an idle browser context keeps its
  /// keep-alive connections, and each holds one of the server's worker threads until it times out.
  async closePage(page) {
    await page.context().close();
  }

  /// Console errors matching re are not failures in this scenario.
  allowConsoleError(re) {
    this.allowed.push(re);
  }

  /// Logs in through the login page as one of the demo users (a role name) or any email.
  async login(page, who, password = PASSWORD) {
    const email = USERS[who] || who;
    await page.goto('/');
    const form = page.getByTestId('login-form');
    await form.waitFor();
    await form.getByTestId('login-email').fill(email);
    await form.getByTestId('login-password').fill(password);
    await form.getByTestId('login-submit').click();
    await form.waitFor({ state: 'detached' });
    return email;
  }

  /// Reads the API in the page's context (its session cookie). Returns the parsed JSON.
  async api(page, path, { method = 'GET', data, headers = {} } = {}) {
    const request = page.context().request;
    const opts = { headers: { ...headers } };
    if (method !== 'GET') {
      const csrf = await this.csrf(page);
      opts.headers['X-CSRF-Token'] = csrf;
      if (data !== undefined) opts.data = data;
    }
    const res = await request.fetch(`/api/v1${path}`, { method, ...opts });
    const text = await res.text();
    if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${text.slice(0, 300)}`);
    const type = res.headers()['content-type'] || '';
    return { status: res.status(), headers: res.headers(), body: type.includes('json') && text ? JSON.parse(text) : text };
  }

  async csrf(page) {
    const res = await page.context().request.get('/api/v1/session');
    assert.equal(res.status(), 200, 'not logged in');
    return (await res.json()).csrf_token;
  }

  /// Saves docs/screenshots/NAME.png (the whole page when full is true).
  async screenshot(page, name, { full = false } = {}) {
    await page.screenshot({ path: join(this.screenshots, `${name}.png`), fullPage: full, animations: 'disabled' });
  }

  /// On failure: the page the failure happened on, into the failures directory (not docs/).
  async failureScreenshot() {
    const page = this.pages[this.pages.length - 1];
    if (!page || page.isClosed()) return;
    const path = join(this.failures, `${this.name}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => {});
    this.log.push(`failure screenshot: ${path}`);
  }

  /// Throws when the browser reported a CSP violation, an uncaught error or a server error.
  assertClean() {
    if (this.problems.length) {
      throw new Error(`the browser reported ${this.problems.length} problem(s):\n  ${this.problems.join('\n  ')}`);
    }
  }

  async close() {
    for (const context of this.contexts) await context.close().catch(() => {});
  }
}

/// Polls fn until it returns a truthy value; that value is the result.
export async function eventually(fn, { timeout = TIMEOUT_MS, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message} (last: ${last && last.message ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((ok) => setTimeout(ok, interval));
  }
}

/// Waits until the locator's text contains (or matches) expected.
export async function expectText(locator, expected, opts = {}) {
  return eventually(async () => {
    const text = await locator.innerText();
    return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
  }, { message: `text ${expected} in ${locator}`, ...opts });
}

export { assert };
