// `npm run -s scenario -- compare FILE [A,B]`: one scenario on two configurations, as compare
// mode shows it, for scripts and CI. A and B use the page's `?compare=` syntax
// (platform[:legacy|:iommufd][:limit=N][:overrides]); without them, compare mode's defaults.
// Prints JSON (the sides, the first divergence and its sentence, every divergent step, what was
// said before running) and exits 0 when the runs agree, 1 when they diverge, 2 when the input
// is invalid or the scenario cannot run on a side (a blocker).

import { compareRuns, defaultVariants, parseCompareParam, resolveVariant, rowSentence } from '../core/compare';
import { stringifyJson } from '../core/scenario/serialize';
import type { Scenario } from '../core/scenario/types';

type Loaded = { ok: true; scenario: Scenario } | { ok: false; message: string };

export const COMPARE_USAGE = '  npm run -s scenario -- compare FILE [A,B] run a scenario on two configurations (default: compare mode\'s pair);\n' +
  '                                            A/B: platform[:legacy|:iommufd][:limit=N][:overrides]; exit 1 when they diverge';

export function cmdCompare(args: string[], load: (file: string) => Loaded): number {
  if (args.length < 1 || args.length > 2) {
    process.stderr.write(`usage:\n${COMPARE_USAGE}\n`);
    return 2;
  }
  const l = load(args[0]!);
  if (!l.ok) {
    process.stderr.write(l.message + '\n');
    return 2;
  }
  const s = l.scenario;
  const p = parseCompareParam(args[1] ?? '');
  if (!p.ok) {
    process.stderr.write(`${args[1]}: ${p.message}\n`);
    return 2;
  }
  const d = defaultVariants(s);
  const a = p.specs ? resolveVariant(s, p.specs.a) : d.a;
  const b = p.specs ? resolveVariant(s, p.specs.b) : d.b;
  const r = compareRuns(s, a, b);
  const labels = { a: r.a.label, b: r.b.label };
  const out = {
    a: { label: r.a.label, ...r.a.variant, ran: r.a.ran, bug: r.a.bug },
    b: { label: r.b.label, ...r.b.variant, ran: r.b.ran, bug: r.b.bug },
    first: r.first,
    headline: r.headline,
    divergences: r.divergences.map((i) => {
      const row = r.rows[i]!;
      return { index: i, op: row.op, verdict: row.verdict, state: row.state, sentence: rowSentence(row, labels) };
    }),
    incompatibilities: r.incompatibilities,
    state_compared_up_to: r.stateComparedUpTo,
    ...(r.stateNote ? { state_note: r.stateNote } : {}),
  };
  process.stdout.write(stringifyJson(out, 2) + '\n');
  if (r.blocked) {
    process.stderr.write(`${args[0]}: ${r.headline}\n`);
    return 2;
  }
  return r.first === null ? 0 : 1;
}
