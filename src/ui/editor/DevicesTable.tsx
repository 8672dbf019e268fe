// The scenario's devices as a small table: id, BDF and IOMMU group are editable; a device's other
// fields (kind, parent, label) are shown and kept.

import type { ScenarioIssue } from '../../core/scenario/types';
import type { Json } from './doc';
import { isObject } from './doc';
import { intValue, textOf } from './fieldValues';
import { IconDelete } from './icons';
import { headerId } from './ids';

export interface DevicesTableProps {
  readonly devices: readonly Json[];
  readonly issues: ReadonlyMap<string, readonly ScenarioIssue[]>;
  readonly onChange: (i: number, key: 'id' | 'bdf' | 'group', v: Json | undefined) => void;
  readonly onAdd: () => void;
  readonly onRemove: (i: number) => void;
}

export function DevicesTable(p: DevicesTableProps) {
  return (
    <div className="ed-devices">
      {p.devices.length > 0 && (
        <table className="ed-table" data-testid="devices-table">
          <thead>
            <tr>
              <th scope="col">id</th>
              <th scope="col">bdf</th>
              <th scope="col">group</th>
              <th scope="col">other fields</th>
              <th scope="col"><span className="ed-sr">actions</span></th>
            </tr>
          </thead>
          <tbody>
            {p.devices.map((d, i) => {
              const o = isObject(d) ? d : null;
              const rowIssues = ['id', 'bdf', 'group', ''].flatMap((k) => p.issues.get(k ? `devices[${i}].${k}` : `devices[${i}]`) ?? []);
              const cell = (k: 'id' | 'bdf' | 'group', narrow = false) => {
                const key = `devices[${i}].${k}`;
                const bad = p.issues.has(key);
                return (
                  <td>
                    <input
                      id={headerId(key)} className={`ed-input ed-mono${narrow ? ' ed-narrow' : ''}`} type="text" spellCheck={false}
                      aria-label={`device ${i} ${k}`} aria-invalid={bad || undefined} value={o ? textOf(o[k]) : ''} disabled={!o}
                      onChange={(e) => {
                        const t = e.currentTarget.value;
                        p.onChange(i, k, k === 'group' ? intValue(t) : t === '' && k === 'bdf' ? undefined : t);
                      }}
                    />
                  </td>
                );
              };
              const rest = o ? Object.keys(o).filter((k) => !['id', 'bdf', 'group'].includes(k)) : [];
              return [
                <tr key={`d${i}`} data-testid="device-row">
                  {cell('id')}
                  {cell('bdf')}
                  {cell('group', true)}
                  <td className="ed-muted-cell ed-mono">{o ? rest.map((k) => `${k}=${textOf(o[k])}`).join(' ') : 'not an object'}</td>
                  <td>
                    <button type="button" className="ed-icon ed-icon-danger" aria-label={`Remove device ${i}`} title="Remove device" onClick={() => p.onRemove(i)}>
                      <IconDelete />
                    </button>
                  </td>
                </tr>,
                rowIssues.length > 0 && (
                  <tr key={`e${i}`} className="ed-table-err">
                    <td colSpan={5}>
                      <span className="ed-error" data-testid="field-error" role="alert">
                        {rowIssues.map((x) => `${x.where.replace(/^devices\[\d+\]\.?/, '') || 'device'}: ${x.message}`).join('; ')}
                      </span>
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      )}
      <button type="button" id={headerId('devices')} className="btn btn-small" onClick={p.onAdd} data-testid="add-device">
        + device
      </button>
    </div>
  );
}
