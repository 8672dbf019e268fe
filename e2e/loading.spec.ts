// Opening scenarios: ?src=, the file picker, drag and drop, the examples; and every way a load
// can fail shows a message naming where, while the previous scenario stays.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, FIXTURE_DIR, test } from './support';

const BASICS_TITLE = 'Process memory basics (e2e fixture)';

test('before anything is loaded the page says how to load a scenario', async ({ explorer, page }) => {
  await explorer.goto();
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-status', 'ready');
});

test('a malformed scenario names the step and the field, and the previous scenario stays', async ({ explorer, page }) => {
  await explorer.open('/e2e-fixtures/basics.json');
  await expect(page.getByTestId('scenario-title')).toHaveText(BASICS_TITLE);

  await page.getByTestId('file-input').setInputFiles(join(FIXTURE_DIR, 'malformed.json'));
  await explorer.idle();
  const problem = explorer.problem;
  await expect(problem).toContainText('Could not open file malformed.json');
  const issue = problem.getByTestId('load-issue');
  await expect(issue).toHaveCount(1);
  await expect(issue).toHaveAttribute('data-where', 'steps[2].addr');
  await expect(issue).toContainText('does not fit in 64 bits');
  // Still the old scenario, with its results.
  await expect(page.getByTestId('scenario-title')).toHaveText(BASICS_TITLE);
  await expect(explorer.steps).toHaveCount(9);
  await expect(explorer.steps.nth(1)).toHaveAttribute('data-errno', 'EEXIST');
});

test('?src= pointing at a malformed scenario names it', async ({ explorer }) => {
  await explorer.open('/e2e-fixtures/malformed.json');
  await expect(explorer.problem).toContainText('Could not open /e2e-fixtures/malformed.json');
  await expect(explorer.problem.getByTestId('load-issue')).toHaveAttribute('data-where', 'steps[2].addr');
});

test('a failed fetch says so and names the address', async ({ explorer, page }) => {
  await explorer.open('/e2e-fixtures/basics.json');
  await page.evaluate(() => {
    history.replaceState(null, '', '/?src=/e2e-fixtures/does-not-exist.json');
  });
  await page.reload();
  await explorer.idle();
  await expect(explorer.problem).toContainText('Could not open /e2e-fixtures/does-not-exist.json');
  await expect(explorer.problem).toContainText('HTTP 404');
});

test('a network failure and a non-JSON answer are both explained', async ({ explorer, page }) => {
  await page.route('**/e2e-fixtures/offline.json', (route) => route.abort('connectionrefused'));
  await page.route('**/e2e-fixtures/text.json', (route) => route.fulfill({ contentType: 'text/plain', body: 'this is not json' }));
  await explorer.open('/e2e-fixtures/offline.json');
  await expect(explorer.problem).toContainText('Could not open /e2e-fixtures/offline.json');
  await expect(explorer.problem).toContainText('Could not fetch it');

  await explorer.open('/e2e-fixtures/text.json');
  await expect(explorer.problem.getByTestId('load-issue')).toHaveAttribute('data-where', '(json)');
  await expect(explorer.problem).toContainText('malformed JSON');
});

test('a path the server does not have (it answers with the app page) is not taken for a scenario', async ({ explorer }) => {
  await explorer.open('/scenarios/no-such-example.json');
  await expect(explorer.problem).toContainText('HTML page, not a scenario file');
});

test('a scenario file dropped on the page opens', async ({ explorer, page }) => {
  await explorer.goto();
  const text = readFileSync(join(FIXTURE_DIR, 'basics.json'), 'utf8');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
    return d;
  }, text);
  await page.dispatchEvent('.app', 'dragenter', { dataTransfer: dt });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
  await explorer.idle();
  await expect(page.getByTestId('scenario-title')).toHaveText(BASICS_TITLE);
  await expect(page.getByText('from file dropped.json')).toBeVisible();
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
});

test('text from a scenario is shown as text, never as HTML', async ({ explorer, page }) => {
  const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  await page.route('**/e2e-fixtures/html.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        format: 'iova-atlas.scenario', version: 1, title: evil, description: evil, platform: 'x86-vtd-48', devices: [],
        steps: [{ op: 'mmap', length: '0x1000', note: evil }],
      }),
    }),
  );
  await explorer.open('/e2e-fixtures/html.json');
  await expect(page.getByTestId('scenario-title')).toHaveText(evil);
  await expect(page.getByTestId('note')).toHaveText(evil);
  await expect(page.locator('main img, main b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('the examples list opens an example and puts it in the address', async ({ explorer, page }) => {
  await explorer.goto();
  const examples = page.getByTestId('example');
  const n = await examples.count();
  if (n === 0) {
    await expect(page.getByTestId('examples')).toContainText('No built-in examples yet');
    return;
  }
  const file = await examples.first().getAttribute('data-file');
  await examples.first().click();
  await explorer.idle();
  await expect(page).toHaveURL(new RegExp(`\\?src=%2Fscenarios%2F${file!.replace('.', '\\.')}$|\\?src=/scenarios/${file!.replace('.', '\\.')}$`));
  await expect(page.getByTestId('scenario')).toBeVisible();
  await expect(examples.first()).toHaveAttribute('aria-current', 'true');
});

test('the theme toggles and is remembered', async ({ explorer, page }) => {
  await explorer.goto();
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  const after = before === 'dark' ? 'light' : 'dark';
  await expect(html).toHaveAttribute('data-theme', after);
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', after);
});

test.describe('without the test switch', () => {
  test('the page has no test API, so no one can crash the worker by accident', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false');
    expect(await page.evaluate(() => '__iovaAtlasTest' in window)).toBe(false);
  });
});
