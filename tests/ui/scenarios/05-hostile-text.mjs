// Titles, notes and names holding HTML or script show as the text they are, on the board, the
// project page, the invitation page and the entrepreneur's page; no injected script runs, no
// injected element appears, no dialog opens, and the browser reports no CSP violation (the harness
// fails the scenario on any).
import { assert, expectText } from '../lib/harness.mjs';

const HOSTILE_TITLE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Hacker & Co "AS"`;
const HOSTILE_NOTE = `<b>fet</b> <iframe src="javascript:window.__pwned=3"></iframe> <svg onload="window.__pwned=4">`;

async function assertInert(page, where) {
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null, `${where}: no injected script ran`);
  assert.equal(await page.locator('main img[src="x"], main script, main iframe, main svg[onload]').count(), 0,
    `${where}: no injected element`);
}

export default async function (h) {
  const page = await h.newPage();
  page.on('dialog', (dialog) => {
    h.problems.push(`a dialog opened: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  await h.login(page, 'adviser');
  await page.getByTestId('board').waitFor();

  const project = (await h.api(page, '/projects', { method: 'POST',
    data: { workflow: 'establishment', title: HOSTILE_TITLE, adviser: 'radgiver@demo.mnu.no' } })).body;
  await h.api(page, `/projects/${project.id}/notes`, { method: 'POST', data: { body: HOSTILE_NOTE, visibility: 'public' } });
  const contact = (await h.api(page, `/projects/${project.id}/contacts`, { method: 'POST',
    data: { name: '<em>Ola</em> Nordmann', email: `ola.${Date.now()}@example.no` } })).body;

  // The board.
  await page.goto(`/?fresh=1#/board/establishment`);
  const card = page.locator(`[data-testid="board-card"][data-project-id="${project.id}"]`);
  await card.waitFor();
  assert.equal((await card.getByTestId('card-title').innerText()).trim(), HOSTILE_TITLE.trim());
  await assertInert(page, 'board');

  // The project page.
  await page.goto(`/#/project/${project.id}`);
  await expectText(page.getByTestId('project-title'), HOSTILE_TITLE.trim());
  await expectText(page.locator('[data-testid="note"] [data-testid="note-body"]').first(), '<b>fet</b>');
  await assertInert(page, 'project page');
  await h.screenshot(page, 'hostile-text-project');

  // The entrepreneur's page, through an invitation.
  const invitation = (await h.api(page, `/projects/${project.id}/invitations`, { method: 'POST',
    data: { contact_id: contact.id } })).body;
  const outsider = await h.newPage();
  outsider.on('dialog', (dialog) => {
    h.problems.push(`a dialog opened: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  await outsider.goto(invitation.link);
  await expectText(outsider.getByTestId('invitation-project'), HOSTILE_TITLE.trim());
  await assertInert(outsider, 'invitation');
  const password = 'ingen skript her 2026';
  await outsider.getByTestId('invitation-password').fill(password);
  await outsider.getByTestId('invitation-password-again').fill(password);
  await outsider.getByTestId('invitation-accept').click();
  await outsider.getByTestId('entrepreneur-page').waitFor();
  await expectText(outsider.getByTestId('my-project-title'), HOSTILE_TITLE.trim());
  await expectText(outsider.getByTestId('public-notes'), '<iframe');
  await assertInert(outsider, 'entrepreneur page');
  await h.screenshot(outsider, 'hostile-text-entrepreneur', { full: true });

  // The browser reported nothing: no CSP violation, no error.
  h.assertClean();
}
