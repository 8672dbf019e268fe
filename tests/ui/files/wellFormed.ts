// A small well-formedness check for the SVG the builders write (Node has no XML parser): every
// '<' starts a tag, tags nest and close, attribute values are quoted, and text holds no raw '&'.

export function checkWellFormed(xml: string): string | null {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (/&(?!(amp|lt|gt|quot|#\d+);)/.test(text)) return `raw & in text near ${JSON.stringify(text.slice(0, 40))}`;
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) return `bad tag at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 60))}`;
    const [, close, name, , self] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open}>`;
    } else if (!self) {
      stack.push(name!);
    }
    i = tag.lastIndex;
  }
  return stack.length ? `unclosed <${stack.join('> <')}>` : null;
}
