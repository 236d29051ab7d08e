// The language switch: Norwegian bokmål by default with Norwegian formats, English after the
// switch, remembered across a reload and a new login, and back again.
import { assert, expectText } from '../lib/harness.mjs';

export default async function (h) {
  const page = await h.newPage();
  await page.goto('/');
  await expectText(page.getByTestId('login-submit'), 'Logg inn');
  await h.login(page, 'management');
  const ready = page.locator('[data-testid="dashboard-page"][data-ready="true"]');
  await ready.waitFor();
  await expectText(page.locator('main h1'), 'Oversikt');
  await expectText(page.getByTestId('nav-dashboard'), 'Oversikt');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nb');
  // Norwegian formats: dates as 26.11.2026, amounts as 1 234 567 kr.
  await expectText(page.getByTestId('dashboard-page'), /\d{2}\.\d{2}\.\d{4}/);
  await expectText(page.getByTestId('scorecard-table'), /\d[\u00a0\u202f ]\d{3}[\u00a0\u202f ]\d{3}[\u00a0\u202f ]kr/);

  await page.getByTestId('lang-switch').click();
  await expectText(page.locator('main h1'), 'Dashboard');
  await expectText(page.getByTestId('nav-dashboard'), 'Dashboard');
  await expectText(page.getByTestId('panel-wip'), 'Work in progress per stage');
  await expectText(page.getByTestId('logout'), 'Log out');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await ready.waitFor();
  await h.screenshot(page, 'dashboard-english');

  // Remembered: after a reload the page is still English.
  await page.reload();
  await page.locator('[data-testid="dashboard-page"][data-ready="true"]').waitFor();
  await expectText(page.locator('main h1'), 'Dashboard');

  await page.getByTestId('lang-switch').click();
  await expectText(page.locator('main h1'), 'Oversikt');
  await expectText(page.getByTestId('panel-wip'), 'Prosjekter i arbeid per steg');
}
