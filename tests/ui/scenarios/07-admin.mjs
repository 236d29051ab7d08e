// The administrator: creates a user and disables them, creates an API token whose secret is shown
// once and works until it is revoked, adds and renames a focus area, and sets a target.
import { assert, eventually, expectText } from '../lib/harness.mjs';

export default async function (h) {
  const page = await h.newPage();
  page.on('dialog', (dialog) => dialog.accept());  // the confirmations of revoking and removing
  await h.login(page, 'admin');
  await page.getByTestId('admin-page').waitFor();
  const stamp = Date.now() % 100000;

  // Users.
  const email = `ny.radgiver.${stamp}@mnu.no`;
  const form = page.getByTestId('user-form');
  await form.getByTestId('user-email').fill(email);
  await form.getByTestId('user-name').fill('Nina Ny');
  await form.getByTestId('user-role').selectOption('adviser');
  await form.getByTestId('user-password').fill('et langt første passord');
  await form.getByTestId('user-create').click();
  await page.getByTestId('admin-done').waitFor();
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row.waitFor();
  await row.getByTestId('user-toggle').click();
  await expectText(page.locator(`[data-testid="user-row"][data-email="${email}"]`), 'Deaktivert');

  // API tokens: the secret once, working until revoked.
  await page.getByTestId('admin-tab-tokens').click();
  const tokenForm = page.getByTestId('token-form');
  await tokenForm.waitFor();
  await tokenForm.getByTestId('token-name').fill(`Rapportuttrekk ${stamp}`);
  await tokenForm.getByTestId('token-role').selectOption('management');
  await tokenForm.getByTestId('token-create').click();
  const secret = await (await page.getByTestId('token-secret')).inputValue();
  assert.match(secret, /^fct_/);
  const withToken = () => page.context().request.get('/api/v1/reports/pipeline', {
    headers: { Authorization: `Bearer ${secret}` }, failOnStatusCode: false });
  assert.equal((await withToken()).status(), 200, 'the token works');
  const tokenRow = page.locator('[data-testid="token-row"]', { hasText: `Rapportuttrekk ${stamp}` });
  await tokenRow.getByTestId('token-revoke').click();
  await eventually(async () => (await withToken()).status() === 401, { message: 'the token refused after revoking' });
  await page.getByTestId('admin-tab-users').click();
  await page.getByTestId('admin-tab-tokens').click();
  await page.getByTestId('tokens-table').waitFor();
  assert.equal(await page.getByTestId('token-secret').count(), 0, 'the secret is not shown again');
  await h.screenshot(page, 'admin-tokens');

  // Focus areas.
  await page.getByTestId('admin-tab-focus_areas').click();
  const areaForm = page.getByTestId('area-form');
  await areaForm.waitFor();
  const code = `kultur${stamp}`;
  await areaForm.getByTestId('area-code').fill(code);
  await areaForm.getByTestId('area-name-nb').fill('Kultur');
  await areaForm.getByTestId('area-name-en').fill('Culture');
  await areaForm.getByTestId('area-create').click();
  const area = page.locator(`[data-testid="area-row"][data-code="${code}"]`);
  await area.waitFor();
  await area.getByTestId('area-edit-nb').fill('Kultur og kreative næringer');
  await area.getByTestId('area-save').click();
  await page.getByTestId('admin-done').waitFor();
  const saved = await h.api(page, `/reference/focus-areas/${code}`);
  assert.equal(saved.body.name.nb, 'Kultur og kreative næringer');

  // Targets of a year without any.
  await page.goto('/#/admin?tab=targets&year=2030');
  const targetForm = page.getByTestId('target-form');
  await targetForm.waitFor();
  await targetForm.getByTestId('target-metric').selectOption('establishments');
  await targetForm.getByTestId('target-area').selectOption(code);
  await targetForm.getByTestId('target-value').fill('7');
  await targetForm.getByTestId('target-create').click();
  await page.getByTestId('target-row').first().waitFor();
  const targets = (await h.api(page, '/targets?year=2030')).body.items;
  assert.equal(targets.length, 1);
  assert.equal(targets[0].focus_area, code);
  assert.equal(targets[0].target_value, 7);
  await h.screenshot(page, 'admin-targets');
}
