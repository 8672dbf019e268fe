// Whom a page-wide key belongs to: the page's shortcuts (stepping, tours) stay out of the way
// of a user typing, and of elements that handle their own keys (`data-own-keys`: the graph, the
// map, a slider) or a dialog.

/** The key goes to text entry: an input that takes text, a text area, a select, contenteditable. */
export function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(t.type);
  return false;
}

/** The key is inside an element that handles its own keys, or a dialog. */
export function ownsKeys(t: EventTarget | null): boolean {
  return t instanceof Element && t.closest('[data-own-keys], [role="dialog"]') !== null;
}
