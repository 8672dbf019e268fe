// The space picker and the IOVA field. The field is validated as the user types (an error
// shows once there is something to judge) and walks on Enter or the Walk button only.

import { useId } from 'react';
import type { AddressSpaceView } from '../../core/view/types';
import type { IovaParse } from './iova';

export interface WalkControlsProps {
  readonly spaces: readonly AddressSpaceView[];
  readonly space: string | null;
  readonly onSpace: (id: string) => void;
  readonly text: string;
  readonly onText: (text: string) => void;
  /** The parse of `text`; its error is shown when `showError`. */
  readonly parsed: IovaParse;
  readonly showError: boolean;
  readonly onSubmit: () => void;
}

export function WalkControls(p: WalkControlsProps) {
  const id = useId();
  const error = p.showError && !p.parsed.ok ? p.parsed.error : null;
  return (
    <form
      className="ptv-controls"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        p.onSubmit();
      }}
    >
      {/* The shell's panel has no visible title: the view names itself, next to the space it walks. */}
      <h2 className="ptv-title" id={`${id}-title`}>
        Page walk
      </h2>
      <select
        className="ptv-select"
        value={p.space ?? ''}
        onChange={(e) => p.onSpace(e.currentTarget.value)}
        aria-label="Address space to walk"
        title="The domain (type1 container, HWPT) or sPAPR container whose table is walked"
        data-testid="ptv-space"
        disabled={p.spaces.length === 0}
      >
        {p.spaces.length === 0 && <option value="">no page table</option>}
        {p.spaces.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
      <label className="ptv-control-label" htmlFor={`${id}-iova`}>
        IOVA
      </label>
      <input
        id={`${id}-iova`}
        className={`ptv-input${error ? ' ptv-input-bad' : ''}`}
        value={p.text}
        onChange={(e) => p.onText(e.currentTarget.value)}
        spellCheck={false}
        autoComplete="off"
        placeholder="e.g. 0x1000"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        title="An IOVA (bus address) in hex; Enter walks it"
        data-testid="ptv-iova"
      />
      <button type="submit" className="btn btn-small ptv-walk-btn" data-testid="ptv-walk" disabled={p.spaces.length === 0}>
        Walk
      </button>
      {error && (
        <p className="ptv-input-error" id={`${id}-err`} role="alert" data-testid="ptv-iova-error">
          {error}
        </p>
      )}
    </form>
  );
}
