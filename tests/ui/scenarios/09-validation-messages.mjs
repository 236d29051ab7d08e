// The server's validation errors appear under the field they concern, in bokmål (by the error's
// code) or, after the language switch, in the server's English words; nothing is saved.
import { assert, expectText } from '../lib/harness.mjs';

export default async function (h) {
  const page = await h.newPage();
  await h.login(page, 'adviser');
  await page.getByTestId('board').waitFor();
  const project = (await h.api(page, '/projects', { method: 'POST',
    data: { workflow: 'establishment', title: 'Sykkelverksted i Rygge' } })).body;

  await page.goto(`/#/project/${project.id}`);
  const number = page.getByTestId('fact-organisation_number');
  const error = page.locator('#' + (await number.getAttribute('id')) + '-error');
  const title = page.getByTestId('fact-title');
  const titleError = page.locator('#' + (await title.getAttribute('id')) + '-error');

  await number.fill('123 456 789');
  await title.fill('   ');
  await page.getByTestId('save-facts').click();
  await expectText(error, 'Ikke et gyldig organisasjonsnummer');
  await expectText(titleError, 'Må fylles ut.');
  assert.equal(await number.getAttribute('aria-invalid'), 'true');
  await expectText(page.getByTestId('facts-error'), 'Sjekk feltene som er merket.');
  await h.screenshot(page, 'project-validation');

  await page.getByTestId('lang-switch').click();
  await expectText(page.getByTestId('save-facts'), /Save/);
  await page.getByTestId('fact-organisation_number').fill('123 456 789');
  await page.getByTestId('save-facts').click();
  await expectText(page.locator('#' + (await page.getByTestId('fact-organisation_number').getAttribute('id')) + '-error'),
    'not a valid Norwegian organisation number');
  await page.getByTestId('lang-switch').click();

  const stored = (await h.api(page, `/projects/${project.id}`)).body;
  assert.equal(stored.version, 1, 'nothing was saved');
  assert.equal(stored.organisation_number ?? null, null);
  await h.closePage(page);
}
