// Bad inputs, URL paths: ids that are not ids, routes and methods that do not exist.
import { describeBadInputs, type BadInput } from '../test-support/bad-inputs.js';

const traversal = '..%2F..%2Fetc%2Fpasswd';

const cases: BadInput[] = [
  // Ids that are not ids.
  {
    label: 'a path-traversal project id',
    method: 'GET',
    path: `/api/projects/${traversal}`,
    status: 400,
    code: 'invalid-request',
    field: 'projectId',
  },
  {
    label: 'a path-traversal project id on DELETE',
    method: 'DELETE',
    path: `/api/projects/${traversal}`,
    status: 400,
    code: 'invalid-request',
    field: 'projectId',
  },
  {
    label: 'a path-traversal worktree id on DELETE',
    method: 'DELETE',
    path: `/api/worktrees/${traversal}?force=true`,
    status: 400,
    code: 'invalid-request',
    field: 'worktreeId',
  },
  {
    label: 'a non-UUID worktree id',
    method: 'PATCH',
    path: '/api/worktrees/not-a-uuid',
    body: { name: 'x' },
    status: 400,
    code: 'invalid-request',
    field: 'worktreeId',
  },
  {
    label: 'a NUL in an id',
    method: 'GET',
    path: '/api/worktrees/%00',
    status: 400,
    code: 'invalid-request',
    field: 'worktreeId',
  },
  {
    label: 'broken percent-encoding in an id',
    method: 'GET',
    path: '/api/projects/%E0%A4%A',
    status: 400,
    code: 'invalid-request',
  },
  {
    label: 'a raw ../ path',
    method: 'GET',
    path: '/api/projects/../../etc/passwd',
    status: 404,
    code: 'not-found',
  },
  {
    label: 'an unknown route',
    method: 'GET',
    path: '/api/nothing/here',
    status: 404,
    code: 'not-found',
  },
  {
    label: 'an unknown method',
    method: 'PUT',
    path: '/api/projects',
    body: { path: '/tmp' },
    status: 404,
    code: 'not-found',
  },
  {
    label: 'a uuid nobody has',
    method: 'DELETE',
    path: '/api/projects/00000000-0000-4000-8000-000000000000',
    status: 404,
    code: 'not-found',
  },
];

describeBadInputs(cases);
