// Bad inputs, preferences: fields of PATCH /api/preferences.
import { describeBadInputs, type BadInput } from '../test-support/bad-inputs.js';

const cases: BadInput[] = [
  // Values the preferences schema refuses.
  {
    label: 'an unknown default backend',
    method: 'PATCH',
    path: '/api/preferences',
    body: { default_backend: 'gpt' },
    status: 400,
    code: 'invalid-request',
    field: 'default_backend',
  },
  {
    label: 'an unknown execution mode',
    method: 'PATCH',
    path: '/api/preferences',
    body: { default_execution_mode: 'auto' },
    status: 400,
    code: 'invalid-request',
    field: 'default_execution_mode',
  },
  {
    label: 'an empty worktrees_dir',
    method: 'PATCH',
    path: '/api/preferences',
    body: { worktrees_dir: '' },
    status: 400,
    code: 'invalid-request',
    field: 'worktrees_dir',
  },
  {
    label: 'a model as a number',
    method: 'PATCH',
    path: '/api/preferences',
    body: { default_models: { claude: 5 } },
    status: 400,
    code: 'invalid-request',
    field: 'default_models.claude',
  },
  {
    label: 'an unknown theme',
    method: 'PATCH',
    path: '/api/preferences',
    body: { theme: 'purple' },
    status: 400,
    code: 'invalid-request',
    field: 'theme',
  },
  {
    label: 'a sidebar too narrow to read',
    method: 'PATCH',
    path: '/api/preferences',
    body: { sidebar: { width: 20 } },
    status: 400,
    code: 'invalid-request',
    field: 'sidebar.width',
  },
  {
    label: 'an unknown sidebar field',
    method: 'PATCH',
    path: '/api/preferences',
    body: { sidebar: { side: 'right' } },
    status: 400,
    code: 'invalid-request',
    field: 'sidebar.side',
  },
];

describeBadInputs(cases);
