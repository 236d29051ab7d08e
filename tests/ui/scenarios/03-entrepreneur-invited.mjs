// An adviser adds a contact person on the project page and invites them; the entrepreneur opens
// the link in another browser, chooses a password and lands on their page. They see only this
// project, its public note and no internal note, and write a public note that the adviser then
// sees on the project page.
import { assert, eventually, expectText } from '../lib/harness.mjs';

export default async function (h) {
  const adviser = await h.newPage();
  await h.login(adviser, 'adviser');
  await adviser.getByTestId('board').waitFor();

  const stamp = Date.now() % 100000;
  const title = 'Keramikkverksted på Jeløy';
  const internal = `Intern vurdering ${stamp}: banken er skeptisk.`;
  const published = `Velkommen! Vi møtes tirsdag ${stamp}.`;
  const project = (await h.api(adviser, '/projects', { method: 'POST',
    data: { workflow: 'establishment', title, adviser: 'radgiver@demo.mnu.no' } })).body;
  await h.api(adviser, `/projects/${project.id}/notes`, { method: 'POST', data: { body: internal, visibility: 'internal' } });
  await h.api(adviser, `/projects/${project.id}/notes`, { method: 'POST', data: { body: published, visibility: 'public' } });

  // The project page: a contact person with an email address, then the invitation link.
  const email = `keramikk.${stamp}@example.no`;
  await adviser.goto(`/#/project/${project.id}`);
  await expectText(adviser.getByTestId('project-title'), title);
  const contactForm = adviser.getByTestId('contact-form');
  await contactForm.getByTestId('contact-name').fill('Kari Keramiker');
  await contactForm.getByTestId('contact-email').fill(email);
  await contactForm.getByTestId('add-contact').click();
  const contact = adviser.locator('[data-testid="contact"]', { hasText: email });
  await contact.waitFor();
  await contact.getByTestId('invite').click();
  const linkInput = adviser.getByTestId('invite-link');
  await linkInput.waitFor();
  const link = await linkInput.inputValue();
  assert.match(link, /\/#\/invitation\/[A-Za-z0-9_-]+$/, 'an invitation link');
  await h.screenshot(adviser, 'project-invitation');

  // The entrepreneur, in a browser of their own.
  const entrepreneur = await h.newPage();
  await entrepreneur.goto(link);
  const form = entrepreneur.getByTestId('invitation-form');
  await form.waitFor();
  await expectText(entrepreneur.getByTestId('invitation-project'), title);
  const password = 'leire og glasur 2026';
  await form.getByTestId('invitation-password').fill(password);
  await form.getByTestId('invitation-password-again').fill(password);
  await form.getByTestId('invitation-accept').click();
  await entrepreneur.getByTestId('entrepreneur-page').waitFor();
  assert.equal(new URL(entrepreneur.url()).hash, '#/me');

  const cards = entrepreneur.getByTestId('my-project');
  assert.equal(await cards.count(), 1, 'only their own project');
  await expectText(cards.first().getByTestId('my-project-title'), title);
  await cards.first().locator('[data-testid="step"][aria-current="step"][data-state="idea"]').waitFor();
  await expectText(cards.first().getByTestId('stage-now'), /\S/);
  await expectText(cards.first().getByTestId('public-notes'), published);
  const text = await entrepreneur.locator('main').innerText();
  assert.ok(!text.includes(internal), 'no internal note reaches the entrepreneur');

  const mine = `Takk! Jeg tar med skisser av verkstedet ${stamp}.`;
  await cards.first().getByTestId('note-input').fill(mine);
  await cards.first().getByTestId('note-submit').click();
  await entrepreneur.getByTestId('note-sent').waitFor();
  await expectText(cards.first().getByTestId('public-notes'), mine);
  await h.screenshot(entrepreneur, 'entrepreneur-invited', { full: true });

  // The adviser sees it, as a public note.
  await adviser.goto(`/?again=1#/project/${project.id}`);
  const note = adviser.locator('[data-testid="note"]', { hasText: mine });
  await note.waitFor();
  assert.equal(await note.getAttribute('data-visibility'), 'public');
  await eventually(async () => (await adviser.locator('[data-testid="note"]', { hasText: internal }).count()) === 1,
    { message: 'the internal note on the adviser\'s page' });
}
