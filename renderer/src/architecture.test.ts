import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = path.dirname(fileURLToPath(import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const modules = files(src).map((file) => ({
  file: path.relative(src, file),
  text: readFileSync(file, 'utf8'),
}));

describe('renderer structure', () => {
  it('takes only types from the server, and only from its contract', () => {
    for (const { file, text } of modules) {
      const statements = text.match(/^(?:import|export)[^;]*?from\s+'[^']+';/gms) ?? [];
      for (const statement of statements) {
        const from = /from\s+'([^']+)'/.exec(statement)?.[1] ?? '';
        const isServer = from === '@contract' || /(^|\/)server\//.test(from);
        if (!isServer) continue;
        assert.match(from, /^(@contract|(\.\.\/)+server\/contract\/)/, `${file} imports ${from}`);
        assert.match(
          statement,
          /^(import|export) type\b/,
          `${file} must import only types from ${from}`,
        );
      }
    }
  });

  it('keeps modules small', () => {
    for (const { file, text } of modules) {
      if (file.endsWith('.test.ts')) continue;
      const lines = text.split('\n').length;
      assert.ok(lines <= 300, `${file} has ${lines} lines; split it`);
    }
  });

  it('names components in PascalCase, one per .tsx file', () => {
    for (const { file } of modules) {
      if (!file.endsWith('.tsx') || file === 'main.tsx') continue;
      assert.match(path.basename(file), /^[A-Z][A-Za-z]+\.tsx$/, file);
    }
  });
});
