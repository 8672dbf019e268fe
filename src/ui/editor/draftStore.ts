// Unapplied drafts kept in sessionStorage, keyed by the scenario they were made from (a hash of
// its text), so that an accidental close or a reload of the tab does not lose the work. Real
// autosave is a later issue; this only has to survive the session. Pure apart from the Storage
// it is given (tests pass a Map-backed one).

const PREFIX = 'iova-atlas.draft.v1.';

export interface SavedDraft {
  readonly text: string;
  /** Date.now() of the last save. */
  readonly savedAt: number;
}

export type SaveResult = 'saved' | 'cleared' | 'too-large' | 'unavailable';

export class DraftStore {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** The draft made from `base`, if one was kept and it differs from `base`. */
  load(base: string): SavedDraft | null {
    if (!this.storage) return null;
    let raw: string | null;
    try {
      raw = this.storage.getItem(draftKey(base));
    } catch {
      return null;
    }
    if (raw === null) return null;
    try {
      const d = JSON.parse(raw) as { base?: unknown; text?: unknown; savedAt?: unknown };
      // The key is a hash; the stored length guards against a collision giving someone else's draft.
      if (d.base !== base.length || typeof d.text !== 'string' || typeof d.savedAt !== 'number') return null;
      return d.text === base ? null : { text: d.text, savedAt: d.savedAt };
    } catch {
      return null;
    }
  }

  /** Keeps `text` as the draft of `base`; a draft equal to its base is no draft. */
  save(base: string, text: string): SaveResult {
    if (!this.storage) return 'unavailable';
    if (text === base) {
      this.clear(base);
      return 'cleared';
    }
    try {
      this.storage.setItem(draftKey(base), JSON.stringify({ base: base.length, text, savedAt: this.now() }));
      return 'saved';
    } catch {
      // Quota exceeded (sessionStorage holds about 5 MB): the draft lives only in the page.
      return 'too-large';
    }
  }

  clear(base: string): void {
    try {
      this.storage?.removeItem(draftKey(base));
    } catch {
      // Storage gone (private mode, disabled): nothing was kept.
    }
  }
}

export function draftKey(base: string): string {
  return PREFIX + fnv1a(base);
}

/** 32-bit FNV-1a over UTF-16 code units, as hex: a stable key for a text. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function sessionStorageOrNull(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
