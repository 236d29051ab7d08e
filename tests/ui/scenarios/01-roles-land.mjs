// Each role logs in through the login page and lands on its own page: the adviser on the board,
// the entrepreneur on their projects, management on the dashboard, the administrator on the
// administration page.
import { assert, expectText } from '../lib/harness.mjs';

const LANDINGS = [
  { role: 'adviser', hash: '#/board/establishment', testid: 'board', screenshot: 'board', shown: 'rådgiver' },
  { role: 'entrepreneur', hash: '#/me', testid: 'entrepreneur-page', screenshot: 'entrepreneur', shown: 'gründer' },
  { role: 'management', hash: '#/dashboard', testid: 'dashboard-page', screenshot: 'dashboard', shown: 'ledelse' },
  { role: 'admin', hash: '#/admin', testid: 'admin-page', screenshot: 'admin', shown: 'administrator' },
];

export default async function (h) {
  const first = await h.newPage();
  await first.goto('/');
  await first.getByTestId('login-form').waitFor();
  await h.screenshot(first, 'login');
  await h.closePage(first);

  for (const { role, hash, testid, screenshot, shown } of LANDINGS) {
    const page = await h.newPage();
    await h.login(page, role);
    await page.getByTestId(testid).waitFor();
    assert.equal(new URL(page.url()).hash, hash, `${role} lands on ${hash}`);
    await expectText(page.getByTestId('nav-user'), `(${shown})`);
    if (role === 'management') {
      await page.locator('[data-testid="dashboard-page"][data-ready="true"]').waitFor();
      await h.screenshot(page, screenshot);
      await h.screenshot(page, `${screenshot}-full`, { full: true });
    } else if (role === 'adviser') {
      await page.getByTestId('board-card').first().waitFor();
      await h.screenshot(page, screenshot);
    } else {
      await h.screenshot(page, screenshot, { full: true });
    }
    await h.closePage(page);
  }
}
