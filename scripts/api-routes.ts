// The README's route table, generated from the endpoint table so the two cannot disagree.
// `node --import tsx scripts/api-routes.ts --write` rewrites it; a unit test checks it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { z } from 'zod';
import { ENDPOINTS, type Endpoint } from '../server/contract/index.js';

export const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md');
const START =
  '<!-- route table: generated from server/contract/endpoints by scripts/api-routes.ts -->';
const END = '<!-- end of route table -->';

/** `{"content"}`, `{"name"?,"backend"?}` or `?before=&limit=`: what a call takes besides its path. */
function inputOf(endpoint: Endpoint): string {
  const schema = endpoint.body ?? endpoint.query;
  if (!(schema instanceof z.ZodObject)) return '';
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>);
  if (!endpoint.body) return `\`?${fields.map(([name]) => `${name}=`).join('&')}\``;
  const names = fields.map(([name, field]) =>
    field.safeParse(undefined).success ? `"${name}"?` : `"${name}"`,
  );
  return `\`{${names.join(',')}}\`${endpoint.optionalBody ? ' (or none)' : ''}`;
}

export async function routeTable(): Promise<string> {
  const rows = Object.entries(ENDPOINTS).map(([operationId, endpoint]: [string, Endpoint]) => {
    const route = `\`${endpoint.method.toUpperCase()} ${endpoint.path}\``;
    return `| ${endpoint.tag} | ${route} | ${inputOf(endpoint)} | \`${operationId}\` |`;
  });
  const table = ['| resource | route | input | operationId |', '| - | - | - | - |', ...rows];
  return (await format(table.join('\n'), { parser: 'markdown' })).trim();
}

/** The README with its route table replaced by `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md lacks the ${START} markers.`);
  return `${readme.slice(0, start + START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

if (process.argv.includes('--write')) {
  const readme = await readFile(README, 'utf8');
  await writeFile(README, withTable(readme, await routeTable()));
}
