// The server's validation errors appear under the field they concern, in bokmål (by the error's
// code) or, after the language switch, in the server's English words; nothing is saved. Then the
// company is chosen by searching for it: text that names no company is refused under the field,
// a suggestion is saved as the company.
import { assert, eventually, expectText } from '../lib/harness.mjs';

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
  await expectText(page.getByTestId('save-facts'), 'Lagre fakta');

  const stored = (await h.api(page, `/projects/${project.id}`)).body;
  assert.equal(stored.version, 1, 'nothing was saved');
  assert.equal(stored.organisation_number ?? null, null);

  // The company: searched for, not picked from a list of every company.
  const company = (await h.api(page, '/companies?limit=1')).body.items[0];
  await page.reload();
  const search = page.getByTestId('fact-company_id');
  const companyError = page.locator('#' + (await search.getAttribute('id')) + '-error');
  await search.fill('Finnes ikke AS');
  await page.getByTestId('save-facts').click();
  await expectText(companyError, 'Velg et registrert selskap.');
  const choice = company.organisation_number ? `${company.name} (${company.organisation_number})` : company.name;
  await search.fill(company.name.slice(0, 6));
  const suggestion = page.locator(`datalist#${await search.getAttribute('list')} option`);
  await eventually(async () => (await suggestion.evaluateAll((els) => els.map((el) => el.value))).includes(choice),
    { message: 'the company among the suggestions' });
  await search.fill(choice);
  await page.getByTestId('save-facts').click();
  await expectText(page.getByTestId('project-message'), 'Lagret.');
  assert.equal((await h.api(page, `/projects/${project.id}`)).body.company_id, company.id, 'the company saved');
  await page.reload();
  assert.equal(await page.getByTestId('fact-company_id').inputValue(), choice, 'the saved company is shown by name');
  await h.closePage(page);
}
