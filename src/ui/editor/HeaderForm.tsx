// The scenario's header: title, description, platform preset, kernel options and devices.
// Fields the forms do not cover (platform_overrides, a device's kind or parent) are kept as they
// are and named, so nothing is dropped silently.

import type { ReactNode } from 'react';
import { PLATFORMS, PLATFORM_NAMES } from '../../core/platform/presets';
import type { ScenarioIssue } from '../../core/scenario/types';
import type { Json, JsonObject } from './doc';
import { deviceKeyOrder, docKeyOrder, isObject, replaceAt, setKey } from './doc';
import { intValue, textOf } from './fieldValues';
import { DevicesTable } from './DevicesTable';
import { headerId } from './ids';

export interface HeaderFormProps {
  readonly root: JsonObject;
  readonly issues: ReadonlyMap<string, readonly ScenarioIssue[]>;
  readonly editRoot: (fn: (root: JsonObject) => JsonObject, tag: string) => void;
}

export function HeaderForm({ root, issues, editRoot }: HeaderFormProps) {
  const set = (k: string, v: Json | undefined) => editRoot((r) => setKey(r, k, v, docKeyOrder()), `h.${k}`);
  const kernel = isObject(root.kernel) ? root.kernel : {};
  const setKernel = (k: string, v: Json | undefined) =>
    editRoot((r) => {
      const cur = isObject(r.kernel) ? r.kernel : {};
      const next = setKey(cur, k, v, ['vfio_container', 'dma_entry_limit']);
      return setKey(r, 'kernel', Object.keys(next).length === 0 ? undefined : next, docKeyOrder());
    }, `h.kernel.${k}`);
  const devices = Array.isArray(root.devices) ? (root.devices as readonly Json[]) : [];
  const setDevices = (list: readonly Json[]) => editRoot((r) => setKey(r, 'devices', list, docKeyOrder()), 'h.devices');
  const platform = textOf(root.platform);

  return (
    <section className="ed-header" aria-label="Scenario">
      <div className="ed-header-grid">
        <Row k="title" label="title" issues={issues}>
          <input
            id={headerId('title')} className="ed-input" type="text" value={textOf(root.title)} placeholder="what the scenario shows, in one line"
            onChange={(e) => set('title', e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
          />
        </Row>
        <Row k="description" label="description" issues={issues}>
          <textarea
            id={headerId('description')} className="ed-input ed-textarea" rows={Math.min(8, Math.max(2, Math.ceil(textOf(root.description).length / 110) + 1))}
            value={textOf(root.description)}
            placeholder="the rule it demonstrates and where it comes from"
            onChange={(e) => set('description', e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
          />
        </Row>
        <Row k="platform" label="platform" issues={issues}>
          <span className="ed-inline">
            <select id={headerId('platform')} className="ed-select ed-mono" value={platform} onChange={(e) => set('platform', e.currentTarget.value)}>
              {!(PLATFORM_NAMES as readonly string[]).includes(platform) && <option value={platform}>{platform || '— choose —'}</option>}
              {PLATFORM_NAMES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <span className="ed-help">{(PLATFORMS as Record<string, { title: string } | undefined>)[platform]?.title}</span>
            {root.platform_overrides !== undefined && (
              <span className="tag tag-warn" title="platform_overrides is kept as is; edit it in the JSON view">
                overridden (edit in JSON)
              </span>
            )}
          </span>
        </Row>
        <Row k="kernel.vfio_container" label="/dev/vfio/vfio" issues={issues}>
          <span className="ed-inline">
            <select
              id={headerId('kernel.vfio_container')} className="ed-select" value={textOf(kernel.vfio_container)}
              onChange={(e) => setKernel('vfio_container', e.currentTarget.value || undefined)}
            >
              <option value="">legacy VFIO container (default)</option>
              <option value="legacy">legacy VFIO container (explicit)</option>
              <option value="iommufd">iommufd (CONFIG_IOMMUFD_VFIO_CONTAINER)</option>
            </select>
            <label className="ed-inline-label" htmlFor={headerId('kernel.dma_entry_limit')}>
              dma_entry_limit
            </label>
            <input
              id={headerId('kernel.dma_entry_limit')} className="ed-input ed-mono ed-narrow" type="text" placeholder="65535" value={textOf(kernel.dma_entry_limit)}
              onChange={(e) => setKernel('dma_entry_limit', intValue(e.currentTarget.value))}
              aria-describedby={issues.has('kernel.dma_entry_limit') ? `${headerId('kernel.dma_entry_limit')}-err` : undefined}
            />
          </span>
          <Issues id={`${headerId('kernel.dma_entry_limit')}-err`} list={issues.get('kernel.dma_entry_limit')} />
        </Row>
        <Row k="devices" label="devices" issues={issues}>
          <DevicesTable
            devices={devices} issues={issues}
            onChange={(i, k, v) => {
              const d = devices[i];
              if (isObject(d)) setDevices(replaceAt(devices, i, setKey(d, k, v, deviceKeyOrder())));
            }}
            onAdd={() => setDevices([...devices, nextDevice(devices)])}
            onRemove={(i) => setDevices(devices.filter((_, j) => j !== i))}
          />
        </Row>
      </div>
    </section>
  );
}

function Row({ k, label, issues, children }: { k: string; label: string; issues: ReadonlyMap<string, readonly ScenarioIssue[]>; children: ReactNode }) {
  const list = issues.get(k);
  return (
    <div className="ed-field" data-field={k} data-invalid={list ? 'true' : undefined}>
      <label className="ed-label" htmlFor={headerId(k)}>
        <span className="ed-label-name">{label}</span>
      </label>
      <div className="ed-control">
        {children}
        <Issues id={`${headerId(k)}-err`} list={list} />
      </div>
    </div>
  );
}

export function Issues({ id, list }: { id: string; list: readonly ScenarioIssue[] | undefined }) {
  if (!list || list.length === 0) return null;
  return (
    <span className="ed-error" id={id} data-testid="field-error" role="alert">
      {list.map((i) => i.message).join('; ')}
    </span>
  );
}

/** A new device: the next free id and group (both must be unique on selftest-mock, so always make them so). */
function nextDevice(devices: readonly Json[]): JsonObject {
  const ids = new Set(devices.map((d) => (isObject(d) ? textOf(d.id) : '')));
  const groups = devices.map((d) => (isObject(d) && typeof d.group === 'number' ? d.group : 0));
  let n = devices.length;
  while (ids.has(`dev${n}`)) n++;
  return { id: `dev${n}`, bdf: `0000:00:${(0x10 + devices.length).toString(16).padStart(2, '0')}.0`, group: Math.max(25, ...groups) + 1 };
}
