// The page address's parts and the addresses the share dialog hands out, including the escaping
// of the <iframe> snippet (it is pasted into other people's pages).

import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAME, embedUrl, escapeAttr, explorerUrlFromEmbed, frameDimension, hasScenarioLink, iframeSnippet, isEmbedSearch, pageBase, shareBase, shareUrl, srcOf, themeOf } from '../../../src/ui/share/params';
import { fileNameOf } from '../../../src/ui/share/download';

describe('page address', () => {
  it('finds a scenario link part in a fragment, whatever its validity', () => {
    expect(hasScenarioLink('#s=1.abc')).toBe(true);
    expect(hasScenarioLink('#json=abc')).toBe(true);
    expect(hasScenarioLink('#x=1&s=1.abc')).toBe(true);
    expect(hasScenarioLink('#s')).toBe(true);
    expect(hasScenarioLink('')).toBe(false);
    expect(hasScenarioLink('#section')).toBe(false);
    expect(hasScenarioLink('#sx=1')).toBe(false);
  });

  it('reads embed, src and theme', () => {
    expect(isEmbedSearch('?embed=1')).toBe(true);
    expect(isEmbedSearch('?src=a&embed=1')).toBe(true);
    expect(isEmbedSearch('?embed=0')).toBe(false);
    expect(isEmbedSearch('')).toBe(false);
    expect(srcOf('?src=%2Fscenarios%2Fa.json')).toBe('/scenarios/a.json');
    expect(srcOf('?src=')).toBeNull();
    expect(themeOf('?embed=1&theme=dark')).toBe('dark');
    expect(themeOf('?theme=purple')).toBeNull();
  });

  it('builds the share, embed and explorer addresses from the same fragment', () => {
    const base = pageBase('https://example.org/atlas/?src=x.json#s=1.old');
    expect(base).toBe('https://example.org/atlas/');
    expect(shareUrl(base, '#s=1.abc')).toBe('https://example.org/atlas/#s=1.abc');
    // Other modes on screen (compare, a tour) stay; the file and the embed's parameters go.
    expect(shareBase('https://example.org/atlas/?src=x.json&compare=x86-vtd-48,ppc-powernv&theme=dark#s=1.old')).toBe('https://example.org/atlas/?compare=x86-vtd-48%2Cppc-powernv');
    expect(embedUrl(base, '#s=1.abc')).toBe('https://example.org/atlas/?embed=1#s=1.abc');
    expect(embedUrl(base, '#s=1.abc', 'dark')).toBe('https://example.org/atlas/?embed=1&theme=dark#s=1.abc');
    expect(explorerUrlFromEmbed('https://example.org/atlas/?embed=1&theme=dark#s=1.abc', null)).toBe('https://example.org/atlas/#s=1.abc');
    expect(explorerUrlFromEmbed('https://example.org/atlas/?embed=1&src=a.json#s=1.abc', '#s=1.new')).toBe('https://example.org/atlas/?src=a.json#s=1.new');
  });
});

describe('embed snippet', () => {
  it('escapes the title and the address for an HTML attribute', () => {
    expect(escapeAttr(`"><script>alert('x')</script>&`)).toBe('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;');
    const s = iframeSnippet('https://e.org/?embed=1#s=1.abc', DEFAULT_FRAME, '"><img src=x onerror=alert(1)>');
    expect(s).toContain('width="960" height="540"');
    expect(s).toContain('title="iova-atlas: &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    // Exactly one element: the payload opened none.
    expect(s.match(/</g)?.length).toBe(2);
  });

  it('keeps a typed size within bounds', () => {
    expect(frameDimension('800', 960)).toBe(800);
    expect(frameDimension('5', 960)).toBe(200);
    expect(frameDimension('99999', 960)).toBe(4000);
    expect(frameDimension('abc', 540)).toBe(540);
  });

  it('names the file from the title', () => {
    expect(fileNameOf('Unmap must not bisect a type1 mapping!')).toBe('unmap-must-not-bisect-a-type1-mapping.json');
    expect(fileNameOf('<script>')).toBe('script.json');
    expect(fileNameOf(undefined)).toBe('scenario.json');
    expect(fileNameOf('////')).toBe('scenario.json');
  });
});
