// Help: every keyboard shortcut (shortcuts.ts) next to a short guide to the views, the map, the
// kernel's answers, links and tours. Opened with ? or the Help button; Esc closes.

import { Modal } from '../share/Modal';
import { useShare, useShareStore } from '../share/ShareContext';
import { Guide } from './Guide';
import type { ShortcutGroup } from './shortcuts';
import { SHORTCUTS } from './shortcuts';
import './help.css';

export function HelpDialog() {
  const open = useShare((s) => s.helpOpen);
  const share = useShareStore();
  if (!open) return null;
  return (
    <Modal title="Help" testId="help-dialog" wide onClose={() => share.getState().setHelpOpen(false)}>
      <div className="hp-cols">
        <section className="hp-keys" aria-label="Keyboard shortcuts" data-testid="help-shortcuts">
          <h3 className="hp-h">Keyboard and pointer</h3>
          {SHORTCUTS.map((g) => (
            <Group key={g.id} group={g} />
          ))}
        </section>
        <Guide />
      </div>
    </Modal>
  );
}

function Group({ group }: { group: ShortcutGroup }) {
  return (
    <table className="hp-table" data-testid="help-group" data-group={group.id}>
      <caption>
        <span className="hp-group">{group.title}</span> <span className="hp-where muted">{group.where}</span>
      </caption>
      <tbody>
        {group.items.map((s, i) => (
          <tr key={i}>
            <th scope="row" className="hp-combo">
              {s.keys.map((combo, j) => (
                <span key={j} className="hp-alt">
                  {j > 0 && <span className="hp-or muted"> or </span>}
                  {combo.map((k, n) => (
                    <span key={n}>
                      {n > 0 && <span className="hp-plus muted">+</span>}
                      {isPointer(k) ? <span className="hp-pointer">{k}</span> : <kbd>{k}</kbd>}
                    </span>
                  ))}
                </span>
              ))}
            </th>
            <td>{s.what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function isPointer(k: string): boolean {
  return k === 'wheel' || k === 'drag' || k === 'click' || k === 'double-click';
}
