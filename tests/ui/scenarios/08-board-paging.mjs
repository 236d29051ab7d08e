// A board column shows its first 50 cards, longest in the stage first, with the column's whole
// count, and a button that loads the next ones; the filters narrow what the server sends, so the
// counts are the filtered totals. 55 new projects in one municipality make a column longer than a
// page.
import { assert, eventually, expectText } from '../lib/harness.mjs';

const MUNICIPALITY = '3112';
const NEW_PROJECTS = 55;

export default async function (h) {
  const page = await h.newPage({ viewport: { width: 1400, height: 1000 } });
  await h.login(page, 'adviser');
  await page.getByTestId('board').waitFor();

  for (let i = 0; i < NEW_PROJECTS; i += 1) {
    await h.api(page, '/projects', { method: 'POST',
      data: { workflow: 'establishment', title: `Idé nummer ${i + 1}`, municipality: MUNICIPALITY } });
  }
  const list = async (query) => (await h.api(page, `/projects?workflow=establishment&state=idea&${query}`)).body;
  const all = await list('limit=1');
  const filtered = await list(`municipality=${MUNICIPALITY}&sort=state_since&limit=500`);
  assert.ok(filtered.total >= NEW_PROJECTS, 'the new projects are listed');
  const nb = (n) => new Intl.NumberFormat('nb-NO').format(n);

  const column = page.locator('[data-testid="board-column"][data-state="idea"]');
  const cards = column.locator('[data-testid="board-card"]');
  const ids = async () => cards.evaluateAll((els) => els.map((el) => Number(el.dataset.projectId)));

  // Unfiltered: the first page, the whole count.
  await page.goto('/?paging=1#/board/establishment');
  await cards.first().waitFor();
  assert.equal(await cards.count(), 50, 'a column shows its first 50 cards');
  await expectText(column.getByTestId('column-count'), `${nb(all.total)} prosjekter`);
  await column.getByTestId('column-more').waitFor();

  // One municipality, chosen in the filter bar: the filtered count, oldest in the stage first.
  await page.getByTestId('filter-municipality').selectOption(MUNICIPALITY);
  await expectText(column.getByTestId('column-count'), `${nb(filtered.total)} prosjekter`);
  assert.match(page.url(), new RegExp(`municipality=${MUNICIPALITY}`), 'the filter is kept in the address');
  await eventually(async () => (await ids()).length === 50, { message: '50 filtered cards' });
  assert.deepEqual(await ids(), filtered.items.slice(0, 50).map((p) => p.id),
    'the cards are the longest waiting, in order');
  await h.screenshot(page, 'board-column-more');

  // The next page, below the first; focus moves to the first new card.
  await column.getByTestId('column-more').click();
  await eventually(async () => (await ids()).length === Math.min(filtered.total, 100), { message: 'the next cards' });
  assert.deepEqual(await ids(), filtered.items.slice(0, 100).map((p) => p.id), 'no card twice, none skipped');
  const focused = await page.evaluate(() => document.activeElement?.closest('[data-testid="board-card"]')?.dataset.projectId);
  assert.equal(Number(focused), filtered.items[50].id, 'focus is on the first new card');
  if (filtered.total <= 100) assert.equal(await column.getByTestId('column-more').count(), 0, 'no more to show');

  // "Only mine": none of the new projects has an adviser, and the adviser's own count is the API's.
  const mine = await list(`municipality=${MUNICIPALITY}&adviser=${encodeURIComponent('radgiver@demo.mnu.no')}&limit=1`);
  await page.getByTestId('filter-mine').check();
  await expectText(column.getByTestId('column-count'),
    mine.total === 1 ? '1 prosjekt' : `${nb(mine.total)} prosjekter`);
  assert.ok(await page.getByTestId('filter-adviser').isDisabled(), 'the adviser field is off while "mine" is on');

  // A bookmarked filter the list refuses: the board says why and keeps its filters.
  await page.goto('/?bad=1#/board/establishment?municipality=9999');
  await page.getByTestId('board-error').waitFor();
  await page.getByTestId('board-filters').waitFor();
  assert.equal(await cards.count(), 0);
  await h.closePage(page);
}
