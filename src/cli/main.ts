// The command line (scenario-format.md, "The command line"):
//   npm run -s scenario -- run FILE      JSON results on stdout; exit 0 if the file was valid, 2 if not
//   npm run -s scenario -- check FILE... one line per mismatch, then "N passed, M failed"; exit 1 on any failure

import { readFileSync, statSync } from 'node:fs';
// Every family at start-up: the CLI runs any scenario (the browser's worker loads some lazily).
import '../core/beyond/eager';
import { formatIssue, MAX_SCENARIO_BYTES, parseScenarioText } from '../core/scenario/parse';
import { stringifyJson } from '../core/scenario/serialize';
import type { Scenario } from '../core/scenario/types';
import { checkExpect } from '../core/sim/expect';
import { runScenario, SimulatorBug } from '../core/sim/run';
import { cmdCompare, COMPARE_USAGE } from './compare';

const USAGE = `usage:
  npm run -s scenario -- run FILE        run a scenario, print its results as JSON
  npm run -s scenario -- check FILE...   run scenarios and compare every "expect"
${COMPARE_USAGE}`;

type Loaded = { ok: true; scenario: Scenario } | { ok: false; message: string };

function load(file: string): Loaded {
  let text: string;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { ok: false, message: `${file}: is a directory` };
    if (st.size > MAX_SCENARIO_BYTES) {
      return { ok: false, message: `${file}: the file is ${(st.size / 1e6).toFixed(1)} MB; the limit is ${MAX_SCENARIO_BYTES / 1024 / 1024} MiB` };
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, message: `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  const r = parseScenarioText(text);
  if (!r.ok) return { ok: false, message: r.issues.map((i) => `${file}: ${formatIssue(i)}`).join('\n') };
  return { ok: true, scenario: r.scenario };
}

function cmdRun(files: string[]): number {
  if (files.length !== 1) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const l = load(files[0]!);
  if (!l.ok) {
    process.stderr.write(l.message + '\n');
    return 2;
  }
  try {
    const { results } = runScenario(l.scenario);
    process.stdout.write(stringifyJson({ results }, 2) + '\n');
    return 0;
  } catch (e) {
    return reportBug(files[0]!, e);
  }
}

function cmdCheck(files: string[]): number {
  if (files.length === 0) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const l = load(file);
    if (!l.ok) {
      process.stdout.write(`${l.message}\n`);
      failed++;
      continue;
    }
    let results;
    try {
      results = runScenario(l.scenario).results;
    } catch (e) {
      reportBug(file, e);
      failed++;
      continue;
    }
    let bad = 0;
    l.scenario.steps.forEach((step, i) => {
      const m = checkExpect(step.expect, results[i]!);
      if (m) {
        bad++;
        process.stdout.write(`${file}: step ${m.step} (${step.op}): expected ${m.expected}, got ${m.got}\n`);
      }
    });
    if (bad === 0) passed++;
    else failed++;
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

function reportBug(file: string, e: unknown): number {
  const msg = e instanceof SimulatorBug ? e.message : `simulator bug: ${e instanceof Error ? e.message : String(e)}`;
  process.stderr.write(`${file}: ${msg}\n`);
  return 3;
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'run': return cmdRun(rest);
    case 'check': return cmdCheck(rest);
    case 'compare': return cmdCompare(rest, load);
    default:
      process.stderr.write(USAGE + '\n');
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
