// Editing scenarios in the explorer (src/ui/editor): forms (add, edit, reorder), the raw JSON
// view with its issues pinned to lines, apply (only a valid scenario replaces the loaded one) and
// drafts that survive closing the editor and reloading the page.

import { expect, test } from './support';
import type { ExplorerPage } from './support';
import type { Locator, Page } from '@playwright/test';

const EXAMPLE = '/scenarios/type1-unmap-bisect-v2.json';

// Each test loads, edits, applies and runs scenarios several times; the machine is shared.
test.describe.configure({ timeout: 90_000 });

class Editor {
  constructor(readonly page: Page) {}
  get root(): Locator {
    return this.page.getByTestId('scenario-editor');
  }
  get rows(): Locator {
    return this.root.getByTestId('editor-step');
  }
  row(i: number): Locator {
    return this.root.locator(`[data-testid="editor-step"][data-index="${i}"]`);
  }
  get form(): Locator {
    return this.root.getByTestId('step-form');
  }
  field(name: string): Locator {
    return this.form.locator(`[data-field="${name}"]`);
  }
  get apply(): Locator {
    return this.root.getByTestId('apply');
  }
  get raw(): Locator {
    return this.root.getByTestId('raw-text');
  }
  async open(): Promise<void> {
    await this.page.getByTestId('edit').click();
    await expect(this.root).toBeVisible();
  }
  async ops(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.op ?? ''));
  }
  /** Waits for the as-you-type check to settle. */
  async settled(valid: boolean): Promise<void> {
    await expect(this.root.getByTestId('editor-state')).toHaveAttribute('data-valid', valid ? 'true' : 'false');
  }
}

async function openExample(explorer: ExplorerPage, page: Page): Promise<Editor> {
  await explorer.open(EXAMPLE);
  await expect(explorer.steps).toHaveCount(11);
  const ed = new Editor(page);
  await ed.open();
  return ed;
}

test.describe('forms', () => {
  test('adds a step after the open one; an invalid field is refused inline and never reaches the explorer; fixed, it applies and runs', async ({ explorer, page }) => {
    const ed = await openExample(explorer, page);
    await ed.row(5).getByTestId('step-toggle').click();
    await ed.root.locator('#ed-add-op').selectOption('VFIO_IOMMU_UNMAP_DMA');
    await expect(ed.root.getByTestId('add-step')).toHaveText('Insert after step 5');
    await ed.root.getByTestId('add-step').click();
    await expect(ed.row(6)).toHaveAttribute('data-op', 'VFIO_IOMMU_UNMAP_DMA');
    await expect(ed.form).toHaveAttribute('data-index', '6');

    // The handle select offers the names earlier steps created.
    const fd = ed.field('fd').locator('select');
    await expect(fd.locator('option')).toContainText(['container · open /dev/vfio/vfio (step 0)']);
    await fd.selectOption('container');
    await ed.field('iova').locator('input').fill('0x100000');
    // 2^64: one past the largest 64-bit value.
    await ed.field('size').locator('input').fill('0x1_0000_0000_0000_0000');
    const err = ed.field('size').getByTestId('field-error');
    await expect(err).toContainText('does not fit in 64 bits');
    await expect(ed.field('size').locator('input')).toHaveAttribute('aria-invalid', 'true');
    await ed.settled(false);
    await expect(ed.apply).toBeDisabled();
    await expect(ed.root.getByTestId('issue').first()).toHaveAttribute('data-where', 'steps[6].size');
    // The explorer still has the loaded scenario.
    await expect(explorer.steps).toHaveCount(11);

    await ed.field('size').locator('input').fill('0x100000');
    await expect(ed.field('size').getByTestId('field-error')).toHaveCount(0);
    await expect(ed.field('size')).toContainText('1 MiB');
    await ed.field('expect').getByLabel('fails with').check();
    await ed.field('expect').getByLabel('expected errno').selectOption('EINVAL');
    await ed.settled(true);
    await expect(ed.apply).toBeEnabled();
    await ed.apply.click();
    await explorer.idle();
    await expect(explorer.steps).toHaveCount(12);
    const listed = await explorer.listed();
    expect(listed[6]).toEqual({ index: 6, op: 'VFIO_IOMMU_UNMAP_DMA', outcome: 'EINVAL' });
    await expect(explorer.steps.nth(6)).toHaveAttribute('data-expect', 'held');
    // The new 64-bit values were written as hex strings.
    await ed.root.getByTestId('mode-raw').click();
    await expect(ed.raw).toHaveValue(/"op": "VFIO_IOMMU_UNMAP_DMA",\n\s+"fd": "container",\n\s+"iova": "0x100000",\n\s+"size": "0x100000",\n\s+"expect": \{\n\s+"errno": "EINVAL"/);
    await expect(ed.root).toHaveAttribute('data-dirty', 'false');
  });

  test('reorders steps by drag and drop and by the handle keys; moving a step before its handle is caught', async ({ explorer, page }) => {
    const ed = await openExample(explorer, page);
    const before = await ed.ops();
    // Drag step 5 onto the top half of step 4: they swap.
    await ed.row(5).getByTestId('drag-handle').dragTo(ed.row(4), { targetPosition: { x: 200, y: 4 } });
    await expect(ed.row(4)).toContainText('iova=0x400000');
    await expect(ed.row(5)).toContainText('iova=0x100000');
    await ed.settled(true);

    // Keyboard: the handle moves its step with the arrow keys and keeps the focus.
    const handle = ed.row(4).getByTestId('drag-handle');
    await handle.focus();
    await page.keyboard.press('ArrowDown');
    await expect(ed.row(5)).toContainText('iova=0x400000');
    await expect(ed.row(5).getByTestId('drag-handle')).toBeFocused();
    expect(await ed.ops()).toEqual(before);
    await expect(ed.root).toHaveAttribute('data-dirty', 'false');

    // Moving SET_CONTAINER above the opens uses handles before they exist.
    await ed.row(2).getByTestId('move-up').click();
    await ed.row(1).getByTestId('move-up').click();
    await ed.settled(false);
    await expect(ed.row(0)).toHaveAttribute('data-op', 'VFIO_GROUP_SET_CONTAINER');
    await expect(ed.root.getByTestId('issue').first()).toHaveAttribute('data-where', 'steps[0].fd');
    await expect(ed.apply).toBeDisabled();
    await ed.root.getByTestId('undo').click();
    await ed.root.getByTestId('undo').click();
    await ed.settled(true);

    // An applied reorder runs in the new order.
    await ed.row(5).getByTestId('move-up').click();
    await ed.apply.click();
    await explorer.idle();
    await expect(explorer.steps.nth(4)).toContainText('0x400000');
    expect((await explorer.listed()).slice(4, 6).map((r) => r.outcome)).toEqual(['ok', 'ok']);
  });

  test('every field kind of an op follows the op table; an unknown field is shown with a remove button', async ({ explorer, page }) => {
    const ed = await openExample(explorer, page);
    await ed.root.locator('#ed-add-op').selectOption('IOMMU_IOAS_ALLOW_IOVAS');
    await ed.root.getByTestId('add-step').click();
    await expect(ed.form.locator('[data-field]')).toHaveCount(['op', 'fd', 'ioas_id', 'allowed_iovas', 'expect', 'note'].length);
    await ed.field('allowed_iovas').getByRole('button', { name: 'add a range' }).click();
    await ed.field('allowed_iovas').getByLabel('range 0 start').fill('0x1000');
    await ed.field('allowed_iovas').getByLabel('range 0 last (inclusive)').fill('0xfff');
    // Changing the op keeps shared fields and drops the others.
    await ed.field('op').locator('select').selectOption('IOMMU_IOAS_IOVA_RANGES');
    await expect(ed.field('allowed_iovas')).toHaveCount(0);
    await expect(ed.field('num_iovas')).toBeVisible();

    await ed.root.getByTestId('mode-raw').click();
    const text = await ed.raw.inputValue();
    await ed.raw.fill(text.replace('"op": "IOMMU_IOAS_IOVA_RANGES"', '"op": "IOMMU_IOAS_IOVA_RANGES",\n      "bogus": 1'));
    await ed.root.getByTestId('mode-forms').click();
    await expect(ed.field('bogus').getByTestId('field-error')).toContainText('unknown field "bogus"');
    await ed.field('bogus').getByRole('button', { name: 'Remove field' }).click();
    await expect(ed.field('bogus')).toHaveCount(0);
  });
});

test.describe('raw JSON', () => {
  test('a syntax error is pinned to its line; Apply is refused; the forms say why; choosing the issue puts the caret there', async ({ explorer, page }) => {
    const ed = await openExample(explorer, page);
    await ed.root.getByTestId('mode-raw').click();
    const text = await ed.raw.inputValue();
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('"op": "inspect"'));
    lines[at] = lines[at]!.replace(/,$/, '');
    await ed.raw.fill(lines.join('\n'));
    await ed.settled(false);
    await expect(ed.apply).toBeDisabled();
    const issue = ed.root.getByTestId('issue');
    await expect(issue).toHaveCount(1);
    await expect(issue).toHaveAttribute('data-where', '(json)');
    // V8 names the token after the missing comma: the next line.
    const line = at + 2;
    await expect(issue).toHaveAttribute('data-line', String(line));
    await expect(issue).toContainText(`line ${line}`);

    await issue.click();
    await expect(ed.raw).toBeFocused();
    // The gutter (virtual: only visible lines exist) scrolled with the text and marks the line.
    await expect(ed.root.locator(`[data-testid="gutter"] [data-line="${line}"]`)).toHaveAttribute('data-bad', 'true');
    const caretLine = await ed.raw.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length);
    expect(caretLine).toBe(line);
    await expect(ed.root.getByTestId('raw-status')).toContainText(`Ln ${line},`);

    // Forms cannot show it, and say so; the text is unchanged by the switch.
    await ed.root.getByTestId('mode-forms').click();
    await expect(ed.root.getByTestId('forms-blocked')).toContainText('cannot show this text');
    await ed.root.getByTestId('mode-raw').click();
    await expect(ed.raw).toHaveValue(lines.join('\n'));
    await expect(explorer.steps).toHaveCount(11);

    // A field error from the parser is pinned too: choosing it selects the value's text.
    await ed.raw.fill(text.replace('"size": "0x1000"', '"size": "0x1000x"'));
    await expect(ed.root.getByTestId('issue')).toHaveAttribute('data-where', 'steps[5].size');
    await ed.root.getByTestId('issue').click();
    const selected = await ed.raw.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
    expect(selected).toBe('"size": "0x1000x"');

    // In the forms the same issue opens the step and focuses the field.
    await ed.root.getByTestId('mode-forms').click();
    await ed.root.getByTestId('issue').click();
    await expect(ed.form).toHaveAttribute('data-index', '5');
    await expect(ed.field('size').locator('input')).toBeFocused();
  });
});

test.describe('apply', () => {
  test('an apply the explorer cannot take shows why and keeps the draft; the explorer keeps its scenario', async ({ explorer, page }) => {
    const ed = await openExample(explorer, page);
    await ed.row(4).getByTestId('move-down').click();
    await ed.settled(true);
    // The worker hangs; the load behind it is lost when the client replaces the worker.
    const hung = explorer.fault('hang', { timeoutMs: 1000 });
    await ed.apply.click();
    await hung;
    const refused = ed.root.getByTestId('apply-refused');
    await expect(refused).toContainText('The explorer refused this scenario');
    await expect(refused.getByTestId('issue')).toHaveAttribute('data-where', '(worker)');
    await expect(ed.root).toHaveAttribute('data-dirty', 'true');
    await expect(ed.row(4)).toContainText('iova=0x400000');
    await explorer.idle();
    await expect(explorer.steps.nth(4)).toContainText('0x100000');

    // The restarted worker takes it.
    await ed.apply.click();
    await explorer.idle();
    await expect(explorer.steps.nth(4)).toContainText('0x400000');
    await expect(ed.root).toHaveAttribute('data-dirty', 'false');
    await expect(ed.root.getByTestId('apply-refused')).toHaveCount(0);
  });
});

test.describe('drafts', () => {
  test('closing asks; a kept draft survives closing and a reload; discarding forgets it', async ({ explorer, page }) => {
    const ed = await openExample(explorer, page);
    const title = await explorer.app.getByTestId('scenario-title').textContent();
    await ed.root.getByTestId('header-toggle').click();
    const input = ed.root.locator('#ed-h-title');
    await input.fill('My unapplied title');
    await expect(ed.root).toHaveAttribute('data-dirty', 'true');

    await ed.root.getByTestId('close-editor').click();
    await expect(page.getByTestId('close-dialog')).toBeVisible();
    await page.getByTestId('close-keep').click();
    await expect(ed.root).toHaveCount(0);
    // Not applied: the explorer's scenario is the loaded one.
    await expect(explorer.app.getByTestId('scenario-title')).toHaveText(title ?? '');

    await ed.open();
    await expect(ed.root.getByTestId('draft-restored')).toBeVisible();
    await ed.root.getByTestId('header-toggle').click();
    await expect(input).toHaveValue('My unapplied title');

    // Escape asks too; a reload keeps the draft (sessionStorage, keyed by the scenario).
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('close-dialog')).toBeVisible();
    await page.getByTestId('close-cancel').click();
    await expect(ed.root).toBeVisible();
    await page.reload();
    await explorer.idle();
    await ed.open();
    await expect(ed.root.getByTestId('draft-restored')).toBeVisible();
    await expect(ed.root).toHaveAttribute('data-dirty', 'true');

    await ed.root.getByTestId('close-editor').click();
    await page.getByTestId('close-discard').click();
    await ed.open();
    await expect(ed.root.getByTestId('draft-restored')).toHaveCount(0);
    await expect(ed.root).toHaveAttribute('data-dirty', 'false');
  });
});

/** A long scenario for the screenshots: 2,000 fixed mappings and a few refusals. */
function largeScenario(): string {
  const steps: unknown[] = [
    { op: 'open', path: '/dev/iommu', as: 'ifd' },
    { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas' },
  ];
  for (let i = 0; i < 2000; i++) {
    const iova = BigInt(0x100000000) + BigInt(i) * 0x200000n;
    steps.push({
      op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: 'ioas', user_va: '0x' + (0x7f0000000000n + BigInt(i) * 0x200000n).toString(16),
      length: '0x200000', iova: '0x' + iova.toString(16), flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'],
      ...(i % 500 === 499 ? { expect: { ok: true }, note: 'every 500th mapping checks its result' } : {}),
    });
  }
  return JSON.stringify({ format: 'iova-atlas.scenario', version: 1, title: '2,000 fixed IOAS mappings', platform: 'x86-vtd-48', devices: [{ id: 'nic0', bdf: '0000:00:02.0', group: 1 }], steps }, null, 2);
}

// Screenshots for people to look at (1280x800 and 1920x1080, both themes, a small and a large
// scenario): written to $EDITING_SHOTS (e.g. /tmp/shots/editing), never into the repository.
const SHOTS = process.env.EDITING_SHOTS;
test.describe('screenshots', () => {
  test.skip(!SHOTS, 'set EDITING_SHOTS to a directory to take them');
  for (const theme of ['light', 'dark'] as const) {
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      test(`editor ${theme} ${w}x${h}`, async ({ explorer, page }) => {
        await page.setViewportSize({ width: w, height: h });
        await page.addInitScript((t) => localStorage.setItem('iova-atlas.theme', t), theme);
        const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}-${theme}-${w}x${h}.png` });
        const ed = await openExample(explorer, page);
        await ed.row(5).getByTestId('step-toggle').click();
        await ed.root.locator('#ed-add-op').selectOption('VFIO_IOMMU_UNMAP_DMA');
        await ed.root.getByTestId('add-step').click();
        await ed.field('fd').locator('select').selectOption('container');
        await ed.field('iova').locator('input').fill('0x100000');
        await ed.field('size').locator('input').fill('0x1_0000_0000_0000_0000');
        await ed.settled(false);
        await shot('forms-invalid');
        await ed.field('size').locator('input').fill('0x100000');
        await ed.field('expect').getByLabel('fails with').check();
        await ed.settled(true);
        await ed.root.getByTestId('header-toggle').click();
        await shot('forms-header');
        await ed.root.getByTestId('mode-raw').click();
        const text = await ed.raw.inputValue();
        await ed.raw.fill(text.replace('"op": "inspect",', '"op": "inspect"'));
        await ed.settled(false);
        await ed.root.getByTestId('issue').click();
        await shot('raw-syntax');
        await ed.root.getByTestId('close-editor').click();
        await shot('close-dialog');
        await page.getByTestId('close-discard').click();

        await page.route('**/e2e-editing/large.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: largeScenario() }));
        await explorer.open('/e2e-editing/large.json');
        await ed.open();
        await shot('large-forms');
        await ed.root.getByTestId('mode-raw').click();
        await ed.raw.evaluate((el: HTMLTextAreaElement) => {
          el.scrollTop = 18 * 20000;
          el.dispatchEvent(new Event('scroll'));
        });
        await shot('large-raw');
        await ed.root.getByTestId('mode-forms').click();
      });
    }
  }
});
