// The messages between the UI thread and the simulator worker.
//
// Every request carries an `id` and is answered exactly once, with a result or an error: the
// worker host never lets an exception escape a handler, and the client (client.ts) rejects
// whatever is still pending when the worker dies or a request times out. Payloads travel by
// structured clone, so 64-bit values stay `bigint` end to end (never JSON, never number); the
// typed arrays of a snapshot are transferred (transferablesOf), not copied.
//
// Adding a request: add it to `Request`, give it a result in `ResultOf`, handle it in
// session.ts (the switch there is exhaustive) and give it a timeout in client.ts.

import type { CompareResult } from '../core/compare/types';
import { isVariantSpec } from '../core/compare/variant';
import type { VariantSpec } from '../core/compare/variant';
import type { Errno } from '../core/errno';
import type { DeviceSpec, ScenarioIssue, Step } from '../core/scenario/types';
import type { Mismatch } from '../core/sim/expect';
import type { StepResult } from '../core/sim/run';
import type { PageWalkResult, Snapshot } from '../core/view/types';
import type { CompareSeekResult } from './compare';

/** Bumped on any incompatible change; the worker announces it in its `ready` message. */
export const PROTOCOL_VERSION = 2;

// ---------------------------------------------------------------- requests

/** Parse a scenario. A valid one replaces the worker's current scenario; an invalid one does not. */
export interface LoadRequest {
  readonly kind: 'load';
  readonly id: number;
  readonly text: string;
  /** Where the text came from ("file basics.json", a URL): for messages only. */
  readonly origin: string;
  /**
   * Text from a trusted in-page caller (the automation API): the size cap is
   * MAX_TRUSTED_SCENARIO_BYTES (64 MiB) instead of 8 MiB. Files, links and fetches never set it.
   */
  readonly trusted?: boolean;
}

/** Run every step of the current scenario from a fresh machine. */
export interface RunAllRequest {
  readonly kind: 'runAll';
  readonly id: number;
}

/**
 * The snapshot after step `step` of the last run (-1: the machine before the first step). The
 * worker restores its nearest checkpoint and replays from there (timeline.ts); the worker's
 * cursor moves there, so a later `walk` is at that step. If no run is held (a restarted
 * worker that only replayed `load`), the worker runs the scenario first.
 */
export interface SeekRequest {
  readonly kind: 'seek';
  readonly id: number;
  readonly step: number;
}

/** The page-table walk of `iova` in address space `space`, at the worker's cursor. */
export interface WalkRequest {
  readonly kind: 'walk';
  readonly id: number;
  readonly space: string;
  readonly iova: bigint;
}

/**
 * Test-only (sent only through window.__iovaAtlasTest, see ui/testApi.ts): make the worker fail
 * the ways a real one can, so the recovery path is exercised.
 * - `throw`: an uncaught exception outside any request (the Worker's `error` event);
 * - `exit`: the worker closes itself without answering (only a timeout notices);
 * - `hang`: a busy loop that never returns (only a timeout notices);
 * - `bug`: the next runAll reports a SimulatorBug at step `step`, through the real path.
 */
export interface TestFaultRequest {
  readonly kind: 'test.fault';
  readonly id: number;
  readonly fault: 'throw' | 'exit' | 'hang' | 'bug';
  readonly step?: number;
}

/**
 * Compare mode (worker/compare.ts): run the current scenario on two variants, aligned step by
 * step. An absent side takes compare mode's default for the scenario (core/compare/variant.ts).
 * Sent to compare mode's own worker instance, so the explorer's run and cursor stay as they are.
 */
export interface CompareRequest {
  readonly kind: 'compare';
  readonly id: number;
  readonly a?: VariantSpec;
  readonly b?: VariantSpec;
}

/** Both sides' snapshots after step `step` of the last comparison (-1: before the first step). */
export interface CompareSeekRequest {
  readonly kind: 'compare.seek';
  readonly id: number;
  readonly step: number;
}

export type Request = LoadRequest | RunAllRequest | SeekRequest | WalkRequest | TestFaultRequest | CompareRequest | CompareSeekRequest;
export type RequestKind = Request['kind'];

// ---------------------------------------------------------------- results

/** What the UI needs to list a scenario: the parsed document, 64-bit fields as bigint. */
export interface ScenarioView {
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly platform: string;
  readonly kernel: { readonly vfio_container: 'legacy' | 'iommufd' };
  readonly hasPlatformOverrides: boolean;
  readonly devices: readonly DeviceSpec[];
  readonly steps: readonly Step[];
}

export type LoadResult =
  | { readonly ok: true; readonly scenario: ScenarioView }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** The simulator (not the simulated kernel) failed: a bug to report, naming where. */
export interface SimBugInfo {
  /** The step it happened at, or null when setting up the machine failed. */
  readonly step: number | null;
  readonly op: string | null;
  readonly message: string;
}

export interface RunAllResult {
  /** One result per step that ran, in order; shorter than the scenario when `bug` is set. */
  readonly results: readonly StepResult[];
  /** Per step that ran: the `expect` mismatch, or null (no expect, or it held). */
  readonly mismatches: readonly (Mismatch | null)[];
  /** Set when the simulator threw: the run stopped there, as the CLI stops. */
  readonly bug: SimBugInfo | null;
}

export interface SeekResult {
  /** The typed arrays of its address spaces arrive transferred, not copied. */
  readonly snapshot: Snapshot;
  /** Steps the worker replayed from its nearest checkpoint (bounded by the checkpoint interval). */
  readonly replayed: number;
  /** Worker time for the replay and the snapshot, ms. */
  readonly ms: number;
  /** Of which building the snapshot (the view model), ms. */
  readonly buildMs: number;
}

export interface ResultOf {
  load: LoadResult;
  runAll: RunAllResult;
  seek: SeekResult;
  walk: PageWalkResult;
  'test.fault': { readonly armed: true };
  compare: CompareResult;
  'compare.seek': CompareSeekResult;
}

// ---------------------------------------------------------------- responses

/** Errors the worker answers with (a request it could not serve at all). */
export type WorkerErrorInfo =
  | { readonly kind: 'no-scenario'; readonly message: string }
  /** A seek outside the run (past a simulator bug, or past the last step). */
  | { readonly kind: 'out-of-range'; readonly message: string }
  | { readonly kind: 'bad-request'; readonly message: string }
  | { readonly kind: 'internal'; readonly message: string; readonly stack?: string };

export type Response =
  | { readonly id: number; readonly ok: true; readonly kind: RequestKind; readonly result: ResultOf[RequestKind] }
  | { readonly id: number; readonly ok: false; readonly kind: RequestKind | 'unknown'; readonly error: WorkerErrorInfo };

/** The first message a worker sends: it loaded and speaks this protocol. */
export interface ReadyMessage {
  readonly kind: 'ready';
  readonly protocol: number;
}

export type WorkerMessage = Response | ReadyMessage;

/** The request without its id (the client assigns ids). */
export type RequestBody<K extends RequestKind> = Omit<Extract<Request, { kind: K }>, 'id'>;

export type { Errno, Mismatch, PageWalkResult, ScenarioIssue, Snapshot, Step, StepResult };

/**
 * The buffers of a snapshot's typed arrays, for postMessage's transfer list: 100k mappings move
 * as a few MB without a copy. Deduplicated (a buffer listed twice is a DataCloneError). After
 * the transfer they are detached on the sending side, so the snapshot must not be reused there.
 */
export function transferablesOf(s: Snapshot): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const space of s.spaces) {
    for (const layer of space.layers) {
      for (const a of [layer.first, layer.last, layer.backing]) {
        if (a && a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) out.add(a.buffer);
      }
    }
  }
  return [...out];
}

/** A structural check of what arrives from the other side (it is not trusted blindly). */
export function isWorkerMessage(x: unknown): x is WorkerMessage {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  if (m.kind === 'ready') return typeof m.protocol === 'number';
  return typeof m.id === 'number' && typeof m.ok === 'boolean' && typeof m.kind === 'string';
}

export function isRequest(x: unknown): x is Request {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  switch (m.kind) {
    case 'load': return typeof m.text === 'string' && typeof m.origin === 'string' && (m.trusted === undefined || typeof m.trusted === 'boolean');
    case 'runAll': return true;
    case 'seek': return typeof m.step === 'number' && Number.isInteger(m.step);
    case 'walk': return typeof m.space === 'string' && typeof m.iova === 'bigint';
    case 'test.fault': return m.fault === 'throw' || m.fault === 'exit' || m.fault === 'hang' || m.fault === 'bug';
    case 'compare': return (m.a === undefined || isVariantSpec(m.a)) && (m.b === undefined || isVariantSpec(m.b));
    case 'compare.seek': return typeof m.step === 'number' && Number.isInteger(m.step);
    default: return false;
  }
}
