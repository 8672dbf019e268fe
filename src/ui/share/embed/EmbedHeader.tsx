// The embed's one line of chrome: the scenario's title (as text) and the way to the full explorer.

export function EmbedHeader({ title, href, step }: { title: string | null; href: string; step: number | null }) {
  return (
    <header className="em-head">
      <span className="em-brand">iova-atlas</span>
      <span className="em-title" data-testid="embed-title" title={title ?? undefined}>
        {title ?? ''}
      </span>
      <a className="em-open" href={href} target="_blank" rel="noopener noreferrer" data-testid="embed-open" data-step={step ?? ''}>
        Open in the explorer <span aria-hidden="true">↗</span>
      </a>
    </header>
  );
}
