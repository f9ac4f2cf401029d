import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { Dialog } from '../common/Dialog.js';
import { McpSettings } from '../mcp/McpSettings.js';
import { CliSettings } from '../settings/CliSettings.js';
import { GithubCliSettings } from '../settings/GithubCliSettings.js';
import { ConnectionSettings } from '../settings/ConnectionSettings.js';
import { DefaultsSettings } from '../settings/DefaultsSettings.js';
import { AppearanceSettings } from '../settings/AppearanceSettings.js';
import { resetSaveStatus, SaveStatus } from '../settings/SaveStatus.js';

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    resetSaveStatus();
    api.call('getHealth').then(
      (health) => setVersion(health.version),
      () => undefined,
    );
  }, []);
  return (
    <Dialog
      title="Settings"
      onClose={onClose}
      width="wide"
      footer={
        <>
          <SaveStatus />
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <div className="settings">
        <ConnectionSettings />
        <AppearanceSettings />
        <DefaultsSettings />
        <CliSettings />
        <GithubCliSettings />
        <McpSettings />
        <p className="muted settings-footer">Grove {version ?? ''}</p>
      </div>
    </Dialog>
  );
}
