import type { Session, UpdateSession } from '@contract';
import { useState } from 'react';
import { switchBackendPatch, updateSession } from '../../actions/sessions.js';
import {
  BACKEND_LABELS,
  BACKENDS,
  MODE_HINTS,
  MODE_LABELS,
  MODEL_SUGGESTIONS,
  MODES,
  THINKING_LABELS,
  THINKING_LEVELS,
} from '../../lib/format.js';
import { usePreferencesStore } from '../../stores/preferences.js';
import { toast } from '../common/Toast.js';
import { McpMenu } from '../mcp/McpMenu.js';

function change(sessionId: string, patch: UpdateSession) {
  void updateSession(sessionId, patch).catch(toast.error);
}

/** Mode, model, thinking level and backend of the session; each change is a PATCH. */
export function SessionPickers({ session }: { session: Session }) {
  const backends = usePreferencesStore((s) => s.backends);
  const defaultModel = usePreferencesStore((s) => s.preferences?.default_models[session.backend]);
  const missing = (backend: Session['backend']) =>
    backends?.find((b) => b.backend === backend)?.found === false;
  const suggestions = [
    ...new Set([session.model, defaultModel, ...MODEL_SUGGESTIONS[session.backend]]),
  ].filter((model): model is string => typeof model === 'string');
  const locked = session.status === 'running';

  return (
    <div className="pickers">
      <label
        className={`picker picker-mode mode-${session.execution_mode}`}
        title={`${MODE_HINTS[session.execution_mode]} (Shift+Tab cycles)`}
      >
        <select
          aria-label="Execution mode"
          value={session.execution_mode}
          onChange={(event) =>
            change(session.id, { execution_mode: event.target.value as Session['execution_mode'] })
          }
        >
          {MODES.map((mode) => (
            <option key={mode} value={mode}>
              {MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      <ModelField
        key={`${session.id}-${session.model}`}
        session={session}
        suggestions={suggestions}
      />
      <label className="picker" title="How much the model thinks before answering">
        <select
          aria-label="Thinking level"
          value={session.thinking_level}
          onChange={(event) =>
            change(session.id, { thinking_level: event.target.value as Session['thinking_level'] })
          }
        >
          {THINKING_LEVELS.map((level) => (
            <option key={level} value={level}>
              {THINKING_LABELS[level]}
            </option>
          ))}
        </select>
      </label>
      <label
        className="picker"
        title={
          locked ? 'The backend can change once the run ends' : 'Which agent CLI runs this session'
        }
      >
        <select
          aria-label="Backend"
          value={session.backend}
          disabled={locked}
          onChange={(event) =>
            change(
              session.id,
              switchBackendPatch(session, event.target.value as Session['backend']),
            )
          }
        >
          {BACKENDS.map((backend) => (
            <option key={backend} value={backend}>
              {BACKEND_LABELS[backend]}
              {missing(backend) ? ' (not found)' : ''}
            </option>
          ))}
        </select>
      </label>
      <McpMenu session={session} />
    </div>
  );
}

/** A free-text model name with suggestions; saved on Enter or when focus leaves. */
function ModelField({ session, suggestions }: { session: Session; suggestions: string[] }) {
  const [value, setValue] = useState(session.model);
  const listId = `models-${session.id}`;
  const commit = () => {
    const model = value.trim();
    if (!model) setValue(session.model);
    else if (model !== session.model) change(session.id, { model });
  };
  return (
    <label className="picker picker-model" title="Model (any name the CLI accepts)">
      <input
        aria-label="Model"
        list={listId}
        value={value}
        spellCheck={false}
        size={Math.max(6, Math.min(28, value.length + 1))}
        onChange={(event) => setValue(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          } else if (event.key === 'Escape') {
            setValue(session.model);
          }
        }}
      />
      <datalist id={listId}>
        {suggestions.map((model) => (
          <option key={model} value={model} />
        ))}
      </datalist>
    </label>
  );
}
