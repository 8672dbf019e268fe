// The walked address's 64 bits, grouped by the level each field indexes: hex digits on top
// (aligned to their nibbles), the bits tinted in the level's colour, then each field's bit
// range and value. One CSS grid column per bit (bit 63 in column 1), so the hex row, the bit
// row and the field rows line up exactly. In a narrow panel (under ~540px, a container query
// in pagetable.css) the bits become a barcode (1 = filled) and the fields show their level
// only; the exact ranges and indexes are in the level list right below.

import type { Walk } from '../../core/pagetable/walk';
import type { BitGroup, LevelBits } from './bits';
import { bitAt, bitGroups, leafOffsetBits, walkedAddress } from './bits';
import { bitRange, exactSize, hex, hex64Digits } from './text';

/** Grid columns of bits [hi:lo]: bit 63 is column 1. */
const cols = (hi: number, lo: number): string => `${64 - hi} / ${65 - lo}`;

function groupClass(g: BitGroup, faultLevel: number | null): string {
  const lv = g.level !== null ? ` ptv-lv${g.level}` : '';
  const fault = g.level !== null && g.level === faultLevel ? ' ptv-bits-fault' : '';
  const nonzero = g.role === 'above' && g.value !== 0n ? ' ptv-bits-fault' : '';
  return `ptv-bits ptv-role-${g.role}${lv}${fault}${nonzero}`;
}

/** The field's label under its bits: [wide panel, narrow panel]. */
function fieldLabels(g: BitGroup): [string, string] {
  switch (g.role) {
    case 'index':
    case 'unreached':
    case 'leaf-offset':
      return [`L${g.level} ${hex(g.value)}`, `L${g.level}`];
    case 'offset':
      return [hex(g.value), 'offset'];
    case 'above':
      return g.value === 0n ? [g.label, g.label] : [`${hex(g.value)} ≠ 0`, '≠ 0'];
    case 'plain':
      return [hex(g.value), hex(g.value)];
  }
}

function groupTitle(g: BitGroup): string {
  const what =
    g.role === 'index' ? `level ${g.level} (${g.label}) index`
    : g.role === 'unreached' ? `level ${g.level} (${g.label}) index, not reached by the walk`
    : g.role === 'leaf-offset' ? `level ${g.level} index bits, part of the large page's offset`
    : g.role === 'offset' ? 'offset in the page'
    : g.role === 'above' ? 'bits above the table'
    : g.label;
  return `bits ${bitRange(g.hi, g.lo)}: ${what} = ${hex(g.value)} (${g.value})`;
}

export function BitStrip({ walk, layout }: { walk: Walk; layout: readonly LevelBits[] }) {
  const x = walkedAddress(walk);
  const groups = bitGroups(walk, layout);
  const digits = hex64Digits(x);
  const faultLevel = walk.result.kind === 'fault' ? walk.result.level : null;
  const leafOff = leafOffsetBits(walk);
  // A bracket under the strip when the leaf is larger than the smallest page (a 2M/1G leaf,
  // or an AMD v1 size between levels written as replicated PTEs): its offset spans index bits.
  const pageOffset = groups.find((g) => g.role === 'offset');
  const showLeafOffset = leafOff !== null && pageOffset !== undefined && leafOff.hi > pageOffset.hi;
  return (
    <div className="ptv-strip-wrap">
      <div className="ptv-strip" role="img" aria-label={`${walk.window ? 'window offset' : 'IOVA'} ${hex(x)}: ${groups.map(groupTitle).join('; ')}`} data-testid="ptv-bitstrip">
        {[...digits].map((d, i) => (
          <span key={`n${i}`} className="ptv-nibble" style={{ gridColumn: `${i * 4 + 1} / span 4`, gridRow: 1 }} aria-hidden="true">
            {d}
          </span>
        ))}
        {groups.map((g) => (
          <span
            key={`b${g.hi}`}
            className={groupClass(g, faultLevel)}
            style={{ gridColumn: cols(g.hi, g.lo), gridRow: 2, gridTemplateColumns: `repeat(${g.hi - g.lo + 1}, minmax(0, 1fr))` }}
            title={groupTitle(g)}
            aria-hidden="true"
          >
            {Array.from({ length: g.hi - g.lo + 1 }, (_, j) => (
              <span key={j} className="ptv-bit" data-b={bitAt(x, g.hi - j)}>
                {bitAt(x, g.hi - j)}
              </span>
            ))}
          </span>
        ))}
        {groups.map((g) => (
          <span key={`r${g.hi}`} className="ptv-range" style={{ gridColumn: cols(g.hi, g.lo), gridRow: 3 }} aria-hidden="true">
            {bitRange(g.hi, g.lo)}
          </span>
        ))}
        {groups.map((g) => (
          <span
            key={`l${g.hi}`}
            className={`ptv-field ptv-role-${g.role}${g.level !== null ? ` ptv-lv${g.level}` : ''}${g.role === 'above' && g.value !== 0n ? ' ptv-field-bad' : ''}`}
            style={{ gridColumn: cols(g.hi, g.lo), gridRow: 4 }}
            title={groupTitle(g)}
            aria-hidden="true"
            data-testid="ptv-field"
            data-role={g.role}
            data-level={g.level ?? ''}
            data-bits={bitRange(g.hi, g.lo)}
            data-value={hex(g.value)}
          >
            <span className="ptv-wide">{fieldLabels(g)[0]}</span>
            <span className="ptv-narrow">{fieldLabels(g)[1]}</span>
          </span>
        ))}
        {showLeafOffset && leafOff && (
          <span
            className="ptv-leafoff"
            style={{ gridColumn: cols(leafOff.hi, 0), gridRow: 5 }}
            title={`offset in the leaf page: bits ${bitRange(leafOff.hi, 0)} = ${hex(leafOff.value)}`}
            aria-hidden="true"
            data-testid="ptv-leaf-offset"
          >
            {exactSize(1n << BigInt(leafOff.hi + 1))} page: {hex(leafOff.value)}
          </span>
        )}
      </div>
    </div>
  );
}
