// An adviser creates a project with the new-project form and drags its card through the
// establishment workflow on the board. A drag the workflow refuses (business plan without a focus
// area and municipality) is explained with the guard's reason and the card is back in its column.
// The facts each next step needs are set through the API between the drags (the project page's
// forms are tested elsewhere); `completed` is a final state, off the board, so the last step is
// the card's keyboard action menu.
import { assert, eventually, expectText } from '../lib/harness.mjs';

export default async function (h) {
  // Tall enough that the cards of a column are in view without scrolling it.
  const page = await h.newPage({ viewport: { width: 1400, height: 1300 } });
  await h.login(page, 'adviser');
  await page.getByTestId('board').waitFor();

  // The new-project form: only a title; the adviser is filled in with the signed-in adviser.
  const title = 'Bakeri på Jeløy';
  await page.getByTestId('nav-new-project').click();
  await page.getByTestId('new-project-form').waitFor();
  await page.getByTestId('fact-title').fill(title);
  await page.getByTestId('create-project').click();
  await page.waitForURL(/#\/project\/\d+/);
  const id = Number(/#\/project\/(\d+)/.exec(page.url())[1]);
  await expectText(page.getByTestId('project-title'), title);

  // A fresh board, with the project as the server has it now (going to the same hash would not
  // load it again).
  let loads = 0;
  const board = async () => {
    loads += 1;
    await page.goto(`/?load=${loads}#/board/establishment`);
    await page.getByTestId('board').waitFor();
    await card().waitFor();
  };
  const card = () => page.locator(`[data-testid="board-card"][data-project-id="${id}"]`);
  const column = (state) => page.locator(`[data-testid="board-column-cards"][data-state="${state}"]`);
  const stateOnServer = async () => (await h.api(page, `/projects/${id}`)).body;
  // Picks the card up by its adviser line (not the title, which is a link) and drops it on the
  // column, moving the mouse in steps as a person would.
  const drag = async (to) => {
    // Sortable animates a dropped card for 150 ms; a new drag starts once the board is still.
    await page.waitForTimeout(400);
    // The board scrolls sideways: bring the target column, then the card (a neighbour), into view.
    const handle = card().getByTestId('card-adviser');
    await column(to).scrollIntoViewIfNeeded();
    await handle.scrollIntoViewIfNeeded();
    const from = await handle.boundingBox();
    const target = await column(to).boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 15, from.y + from.height / 2 + 15, { steps: 5 });
    await page.mouse.move(target.x + target.width / 2, target.y + 60, { steps: 15 });
    await page.mouse.up();
  };
  const dragAndExpect = async (to) => {
    await drag(to);
    await page.getByTestId('board-success').waitFor();
    await column(to).locator(`[data-project-id="${id}"]`).waitFor();
    await eventually(async () => (await stateOnServer()).state === to, { message: `the project in ${to}` });
  };
  /** PATCH the project's facts through the API, with the version it has now. */
  const setFacts = async (facts) => {
    const current = await stateOnServer();
    await h.api(page, `/projects/${id}`, { method: 'PATCH', data: facts, headers: { 'If-Match': `"${current.version}"` } });
  };

  await board();
  assert.equal(await card().getAttribute('data-state'), 'idea');
  await dragAndExpect('screening');

  // Refused: the business plan needs a focus area and a municipality.
  await drag('business_plan');
  const error = page.getByTestId('board-error');
  await error.waitFor();
  await page.getByTestId('board-reasons').waitFor();
  const reasons = await page.getByTestId('board-reasons').innerText();
  assert.ok(reasons.trim().length > 0, 'the refusal names its reasons');
  await column('screening').locator(`[data-project-id="${id}"]`).waitFor();
  assert.equal(await column('business_plan').locator(`[data-project-id="${id}"]`).count(), 0,
    'the refused card is not left in the target column');
  assert.equal((await stateOnServer()).state, 'screening');
  await h.screenshot(page, 'board-refused-drag');

  await setFacts({ focus_area: 'food', municipality: '3103' });
  await board();
  await dragAndExpect('business_plan');

  await setFacts({ business_plan_complete: true });
  const application = (await h.api(page, `/projects/${id}/funding-applications`, { method: 'POST',
    data: { source: 'innovasjon_norge', amount_applied: 150000, status: 'submitted' } })).body;
  await board();
  await dragAndExpect('funding');

  await h.api(page, `/projects/${id}/funding-applications/${application.id}`, { method: 'PATCH',
    data: { status: 'granted', amount_granted: 120000, decision_date: '2026-11-20' },
    headers: { 'If-Match': `"${application.version}"` } });
  await setFacts({ organisation_number: '923609016', registration_date: '2026-11-25' });
  await board();
  await dragAndExpect('established');
  await dragAndExpect('follow_up');

  // Completed is final: the keyboard action menu of the card, not a column.
  await setFacts({ result_summary: 'Bakeriet åpnet i mars med to ansatte.' });
  await board();
  await card().getByTestId('card-actions').focus();
  await page.keyboard.press('Enter');
  const complete = card().locator('[data-testid="card-action"][data-event="complete"]');
  await complete.waitFor();
  await eventually(async () => (await complete.getAttribute('aria-disabled')) !== 'true', { message: 'complete allowed' });
  await complete.click();
  await eventually(async () => (await stateOnServer()).state === 'completed', { message: 'the project completed' });
  await card().waitFor({ state: 'detached' });
  await expectText(page.getByTestId('board-message'), title);
  await h.screenshot(page, 'board-completed');
}
