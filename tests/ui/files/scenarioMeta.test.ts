import { describe, expect, it } from 'vitest';
import { EXPORT_NS, scenarioMetadata } from '../../../src/ui/files/scenarioMeta';
import { checkWellFormed } from './wellFormed';

describe('scenario metadata in an exported SVG', () => {
  const text = JSON.stringify({ format: 'iova-atlas.scenario', version: 1, title: 'a </metadata> & <script>"x"</script> ]]>', steps: [] }, null, 2);

  it('holds the scenario text escaped, the step, the state and the link', () => {
    const m = scenarioMetadata({
      text,
      step: 7,
      selection: { kind: 'range', space: 'ioas:1:2', first: 0x1000n, last: 0xffff_ffff_ffff_ffffn },
      viewMode: 'map',
      map: { start: 0n, span: 1n << 64n },
      walk: { space: 'ioas:1:2', iova: 0x1000n },
      link: '#s=1.abc-_',
    });
    expect(checkWellFormed(m)).toBeNull();
    expect(m).toContain(`xmlns:ia="${EXPORT_NS}"`);
    expect(m).toContain('step="7"');
    expect(m).toContain('link="#s=1.abc-_"');
    // The text is data: no tag of it survives unescaped.
    expect(m).not.toContain('</metadata> &');
    expect(m).toContain('a &lt;/metadata&gt; &amp; &lt;script&gt;');
    expect(m).not.toContain(']]>');
    // 64-bit values as hex strings inside the state (never numbers).
    expect(m).toContain('&quot;last&quot;:&quot;0xffffffffffffffff&quot;');
    expect(m).toContain('&quot;span&quot;:&quot;0x10000000000000000&quot;');
    expect(m).toContain('&quot;mode&quot;:&quot;map&quot;');
  });

  it('leaves the link out when the scenario has none (too large for a link)', () => {
    const m = scenarioMetadata({ text, step: -1, selection: { kind: 'none' }, viewMode: 'split', map: null, walk: null, link: null });
    expect(m).not.toContain('link=');
    expect(m).toContain('step="-1"');
    expect(checkWellFormed(m)).toBeNull();
  });
});
