// One side's configuration: the platform preset, the /dev/vfio/vfio provider, type1's
// dma_entry_limit, and whether the scenario's platform_overrides apply. Every change compares
// again at once (a comparison of an example takes milliseconds).

import { useEffect, useState } from 'react';
import { DEFAULT_DMA_ENTRY_LIMIT } from '../../core/compare/variant';
import type { Side, VariantSpec } from '../../core/compare';
import { PLATFORM_NAMES, PLATFORMS } from '../../core/platform/presets';
import type { PlatformName } from '../../core/platform/presets';

export function SidePicker(props: {
  side: Side;
  spec: VariantSpec;
  /** The scenario has platform_overrides (then whether they apply is a choice). */
  hasOverrides: boolean;
  disabled: boolean;
  onChange: (spec: VariantSpec) => void;
}) {
  const { side, spec, hasOverrides, disabled, onChange } = props;
  const name = side.toUpperCase();
  return (
    <fieldset className={`cmp-side cmp-side-${side}`} data-testid={`compare-side-${side}`} disabled={disabled}>
      <legend className="cmp-side-letter" title={`Side ${name}`}>{name}</legend>
      <select
        className="cmp-select"
        aria-label={`Side ${name}: platform`}
        data-testid={`compare-platform-${side}`}
        value={spec.platform}
        title={PLATFORMS[spec.platform].title}
        onChange={(e) => onChange({ ...spec, platform: e.currentTarget.value as PlatformName })}
      >
        {PLATFORM_NAMES.map((p) => (
          <option key={p} value={p} title={PLATFORMS[p].title}>{p}</option>
        ))}
      </select>
      <select
        className="cmp-select"
        aria-label={`Side ${name}: /dev/vfio/vfio provider`}
        data-testid={`compare-container-${side}`}
        value={spec.vfio_container}
        title="Who provides /dev/vfio/vfio: the legacy VFIO container, or iommufd's VFIO compatibility layer (CONFIG_IOMMUFD_VFIO_CONTAINER)"
        onChange={(e) => onChange({ ...spec, vfio_container: e.currentTarget.value === 'iommufd' ? 'iommufd' : 'legacy' })}
      >
        <option value="legacy">legacy</option>
        <option value="iommufd">iommufd</option>
      </select>
      <LimitInput side={side} value={spec.dma_entry_limit ?? null} onChange={(n) => onChange({ ...spec, dma_entry_limit: n })} />
      {hasOverrides && (
        <label className="cmp-check" title="Apply the scenario's platform_overrides (a narrower aperture, other reserved regions) on this side">
          <input type="checkbox" data-testid={`compare-overrides-${side}`} checked={spec.keepOverrides ?? false} onChange={(e) => onChange({ ...spec, keepOverrides: e.currentTarget.checked })} />
          overrides
        </label>
      )}
    </fieldset>
  );
}

/** type1's dma_entry_limit: blank is the module's default; applied on Enter or when leaving the field. */
function LimitInput({ side, value, onChange }: { side: Side; value: number | null; onChange: (n: number | null) => void }) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => setText(value === null ? '' : String(value)), [value]);
  const valid = text.trim() === '' || (/^\d{1,10}$/.test(text.trim()) && Number(text.trim()) <= 0xffffffff);
  const commit = (): void => {
    if (!valid) return;
    const n = text.trim() === '' ? null : Number(text.trim());
    if (n !== value) onChange(n);
  };
  return (
    <label className="cmp-limit" title={`vfio_iommu_type1's dma_entry_limit module parameter (blank: the default, ${DEFAULT_DMA_ENTRY_LIMIT})`}>
      <span className="cmp-limit-name" aria-hidden="true">limit</span>
      <input
        className="cmp-limit-input"
        data-testid={`compare-limit-${side}`}
        aria-label={`Side ${side.toUpperCase()}: dma_entry_limit`}
        aria-invalid={valid ? undefined : true}
        inputMode="numeric"
        placeholder={String(DEFAULT_DMA_ENTRY_LIMIT)}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}
