import { comboLabel, CONTEXT_SHORTCUTS, detectMac, SHORTCUTS } from '../../lib/shortcuts.js';
import { Dialog } from '../common/Dialog.js';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const isMac = detectMac();
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} width="medium">
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.action}>
              <th scope="row">{shortcut.description}</th>
              <td>
                {shortcut.combos.map((combo) => (
                  <kbd key={comboLabel(combo, isMac)}>{comboLabel(combo, isMac)}</kbd>
                ))}
              </td>
            </tr>
          ))}
          {CONTEXT_SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.description}>
              <th scope="row">{shortcut.description}</th>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
