// The screenshot matrix for people to judge the explorer by eye: every main view, in both
// themes, at 1280x800 and 1920x1080, with a small and a large scenario (screenshots/matrix/,
// not committed, not compared pixel by pixel). Opt-in: SHOTS=1 npx playwright test e2e/shots.spec.ts

import { machine300 } from '../bench/browser/scenarios';
import { expect, test } from './support';
import type { Page } from '@playwright/test';

test.skip(!process.env.SHOTS, 'screenshots are taken with SHOTS=1');
test.setTimeout(240_000);

type Api = {
  load(doc: string, o?: { step?: number }): Promise<{ ok: boolean }>;
  seek(step: number): Promise<number>;
  view(mode: string): string;
  select(sel: object): Promise<void>;
  whenIdle(): Promise<void>;
  state(): { spaces?: { id: string; kind: string }[] };
};

const SIZES = [
  { name: '1280', width: 1280, height: 800 },
  { name: '1920', width: 1920, height: 1080 },
] as const;

async function api<T>(page: Page, fn: (a: Api, arg: unknown) => Promise<T> | T, arg?: unknown): Promise<T> {
  return page.evaluate(
    async ([src, a]) => {
      const f = new Function('api', 'arg', `return (${src})(api, arg);`) as (api: Api, arg: unknown) => Promise<unknown>;
      return f((window as unknown as { iovaAtlas: Api }).iovaAtlas, a);
    },
    [fn.toString(), arg] as const,
  ) as Promise<T>;
}

async function shoot(page: Page, name: string): Promise<void> {
  await api(page, (a) => a.whenIdle());
  await page.waitForTimeout(150);
  await page.screenshot({ path: `screenshots/matrix/${name}.png` });
}

for (const size of SIZES) {
  for (const theme of ['light', 'dark'] as const) {
    test(`matrix ${size.name} ${theme}`, async ({ explorer, page }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.addInitScript((t) => localStorage.setItem('iova-atlas.theme', t), theme);
      const p = `${size.name}-${theme}`;

      // Small: seed 004's KVM table outliving the container, at its most telling step.
      await explorer.open('/scenarios/seed004-kvm-table-outlives-container.json');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const mode of ['split', 'graph', 'map'] as const) {
        await api(page, (a, m) => a.view(m as string), mode);
        await shoot(page, `${p}-small-${mode}`);
      }
      await api(page, (a) => a.view('split'));

      // Small PPC: the two windows, an address in the 64-bit window selected and walked.
      await explorer.open('/scenarios/seed002-ppc-guest-on-ppc-host.json');
      await shoot(page, `${p}-ppc-split`);
      const spaces = await api(page, (a) => (a.state().spaces ?? []).map((s) => ({ id: s.id, kind: s.kind })));
      const spapr = spaces.find((s) => s.kind === 'spapr');
      if (spapr) {
        await api(page, (a, id) => a.select({ kind: 'address', space: id, iova: '0x800000000000000' }), spapr.id);
        await shoot(page, `${p}-ppc-walk`);
      }

      // x86 type1: an address selected in a mapping, for the VT-d walk.
      await explorer.open('/scenarios/type1-unmap-bisect-v2.json');
      await api(page, (a) => a.seek(3));
      await shoot(page, `${p}-type1-split`);

      // vDPA and SVA: the beyond-VFIO families.
      await explorer.open('/scenarios/seed001-reset-mlx5.json');
      await shoot(page, `${p}-vdpa-split`);
      await explorer.open('/scenarios/sva-bind-two-devices.json');
      await shoot(page, `${p}-sva-split`);

      // Large: about 300 graph objects.
      await api(page, (a, t) => a.load(t as string), machine300());
      for (const mode of ['split', 'graph', 'map'] as const) {
        await api(page, (a, m) => a.view(m as string), mode);
        await shoot(page, `${p}-large-${mode}`);
      }
      await api(page, (a) => a.view('split'));
    });
  }
}
