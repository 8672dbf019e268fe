// How much table the whole space uses: table pages per level, table memory, the leaves per
// page size, and for a sPAPR window what a one-level table would cost instead.

import type { Occupancy } from '../../core/pagetable/occupancy';
import type { TceSizes } from './tce';
import { bytesWithHuman, exactSize, groupThousands } from './text';

function TceCompare({ t }: { t: TceSizes }) {
  if (t.hypervisor) {
    return (
      <p className="ptv-note" data-testid="ptv-tce">
        The TCE table is the hypervisor's ({groupThousands(t.tces)} TCEs × 8 bytes = {bytesWithHuman(t.oneLevel)}, one level): the guest holds no
        memory for it.
      </p>
    );
  }
  const rows: { key: string; label: string; bytes: bigint; what: string }[] = [
    { key: 'one', label: 'one level', bytes: t.oneLevel, what: 'allocated in full at TCE_CREATE' },
    ...(t.levels > 1
      ? [
          { key: 'now', label: `${t.levels} levels, now`, bytes: t.now, what: 'the top table + the lower tables touched so far' },
          { key: 'full', label: `${t.levels} levels, full`, bytes: t.full, what: 'every level populated' },
        ]
      : []),
    { key: 'locked', label: 'locked_vm', bytes: t.lockedVm, what: 'charged at TCE_CREATE: the full table × 2 (hardware table + userspace view)' },
  ];
  return (
    <div className="ptv-tce" data-testid="ptv-tce">
      <div className="ptv-caption">
        TCE table for a {exactSize(t.windowSize)} window of {exactSize(t.pageSize)} pages ({groupThousands(t.tces)} TCEs)
      </div>
      <dl className="ptv-kv">
        {rows.map((r) => (
          <div key={r.key} className="ptv-kv-row" data-testid={`ptv-tce-${r.key}`} data-bytes={r.bytes.toString()}>
            <dt>{r.label}</dt>
            <dd className="ptv-num">{bytesWithHuman(r.bytes)}</dd>
            <dd className="ptv-kv-what">{r.what}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export interface SpaceTable {
  readonly label: string;
  readonly occupancy: Occupancy;
}

/** A sPAPR container's tables (one per window), the one detailed below marked. */
function TableList({ tables, shown }: { tables: readonly SpaceTable[]; shown: Occupancy }) {
  const total = tables.reduce((a, t) => a + t.occupancy.bytes, 0n);
  return (
    <div className="ptv-tables" data-testid="ptv-tables">
      <div className="ptv-caption">Tables of this container: {bytesWithHuman(total)} in all</div>
      <dl className="ptv-kv">
        {tables.map((t) => (
          <div key={t.label} className={`ptv-kv-row${t.occupancy === shown ? ' ptv-kv-shown' : ''}`} data-testid="ptv-table" data-bytes={t.occupancy.bytes.toString()}>
            <dt>
              {t.label}
              {t.occupancy === shown && <span className="ptv-muted ptv-normal"> (detailed below)</span>}
            </dt>
            <dd className="ptv-num" title={bytesWithHuman(t.occupancy.bytes)}>
              {exactSize(t.occupancy.bytes)}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function OccupancySummary({ occ, tce, tables }: { occ: Occupancy; tce: TceSizes | null; tables?: readonly SpaceTable[] | undefined }) {
  const replicated = occ.leaves.some((l) => l.ptes !== l.count);
  const several = tables !== undefined && tables.length > 1;
  const shownLabel = several ? tables.find((t) => t.occupancy === occ)?.label : undefined;
  return (
    <section className="ptv-occ" aria-label="Table occupancy" data-testid="ptv-occupancy">
      <h3 className="ptv-h">Occupancy{shownLabel ? <span className="ptv-h-sub"> · {shownLabel}</span> : null}</h3>
      {several && <TableList tables={tables} shown={occ} />}
      <div className="ptv-occ-totals">
        <div>
          <span className="ptv-muted">table memory</span>{' '}
          <span className="ptv-mono ptv-strong" data-testid="ptv-occ-bytes" data-bytes={occ.bytes.toString()}>
            {bytesWithHuman(occ.bytes)}
          </span>
        </div>
        <div>
          <span className="ptv-muted">tables</span> <span className="ptv-mono">{groupThousands(occ.tables)}</span>
        </div>
        <div>
          <span className="ptv-muted">mapped</span> <span className="ptv-mono">{bytesWithHuman(occ.mappedBytes)}</span>
        </div>
      </div>
      <div className="ptv-occ-tables">
        <table className="ptv-table ptv-table-compact" data-testid="ptv-occ-levels">
          <caption className="ptv-caption">Table pages per level</caption>
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col" className="ptv-num">Tables</th>
              <th scope="col" className="ptv-num ptv-col-each">Bytes each</th>
              <th scope="col" className="ptv-num">Bytes</th>
            </tr>
          </thead>
          <tbody>
            {occ.perLevel.map((l) => (
              <tr key={l.level} className={`ptv-lv${l.level}`} data-testid="ptv-occ-level" data-level={l.level} data-tables={l.tables.toString()}>
                <th scope="row" title={`${l.tables} table(s) of ${exactSize(l.tableBytes)}`}>
                  <span className="ptv-swatch" aria-hidden="true" />L{l.level} <span className="ptv-muted">{l.label}</span>
                </th>
                <td className="ptv-num">{groupThousands(l.tables)}</td>
                <td className="ptv-num ptv-col-each">{exactSize(l.tableBytes)}</td>
                <td className="ptv-num">{groupThousands(l.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="ptv-table ptv-table-compact" data-testid="ptv-occ-leaves">
          <caption className="ptv-caption">Leaves per page size</caption>
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">Level</th>
              <th scope="col" className="ptv-num">Pages</th>
              {replicated && <th scope="col" className="ptv-num">PTEs</th>}
            </tr>
          </thead>
          <tbody>
            {occ.leaves.length === 0 && (
              <tr>
                <td colSpan={replicated ? 4 : 3} className="ptv-muted">
                  nothing mapped
                </td>
              </tr>
            )}
            {occ.leaves.map((l) => (
              <tr key={l.size.toString()} data-testid="ptv-occ-leaf" data-size={l.size.toString()} data-count={l.count.toString()}>
                <th scope="row">{exactSize(l.size)}</th>
                <td>L{l.level}</td>
                <td className="ptv-num">{groupThousands(l.count)}</td>
                {replicated && <td className="ptv-num">{groupThousands(l.ptes)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tce && <TceCompare t={tce} />}
    </section>
  );
}
