import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  parseCliOptions,
  TOKEN_ON_COMMAND_LINE_WARNING,
  USAGE,
  UsageError,
} from './cli-options.js';
import { defaultDataDir } from './paths.js';

const readme = readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md'),
  'utf8',
);

describe('parseCliOptions', () => {
  test('defaults: port 3456 on 127.0.0.1 in the platform app-data folder, no token', () => {
    const env = { HOME: '/home/u', XDG_CONFIG_HOME: '/home/u/.config' };
    assert.deepEqual(parseCliOptions([], env), {
      port: 3456,
      host: '127.0.0.1',
      dataDir: defaultDataDir(env),
      token: undefined,
      allowedHosts: [],
      help: false,
      warnings: [],
    });
  });

  test('flags beat GROVE_* variables, which beat the defaults', () => {
    const env = {
      GROVE_PORT: '5000',
      GROVE_HOST: '::1',
      GROVE_DATA_DIR: '/env/dir',
      GROVE_TOKEN: 'env-token',
      GROVE_ALLOWED_HOSTS: 'a,b',
    };
    assert.deepEqual(parseCliOptions([], env), {
      port: 5000,
      host: '::1',
      dataDir: '/env/dir',
      token: 'env-token',
      allowedHosts: ['a', 'b'],
      help: false,
      warnings: [],
    });
    assert.deepEqual(
      parseCliOptions(
        [
          '--port',
          '0',
          '--host',
          'localhost',
          '--data-dir',
          '/flag',
          '--token',
          't',
          '--allowed-host',
          'box',
        ],
        env,
      ),
      {
        port: 0,
        host: 'localhost',
        dataDir: '/flag',
        token: 't',
        allowedHosts: ['box'],
        help: false,
        warnings: [TOKEN_ON_COMMAND_LINE_WARNING],
      },
    );
  });

  test('--token-file reads the token from a file; it beats GROVE_TOKEN and warns of nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'grove-token-file-'));
    try {
      const file = path.join(dir, 'token');
      await writeFile(file, 'from-file\n', { mode: 0o600 });
      const options = parseCliOptions(['--token-file', file], { GROVE_TOKEN: 'env' });
      assert.equal(options.token, 'from-file');
      assert.deepEqual(options.warnings, []);
      assert.throws(
        () => parseCliOptions(['--token-file', path.join(dir, 'none')], {}),
        UsageError,
      );
      await writeFile(file, '\n');
      assert.throws(() => parseCliOptions(['--token-file', file], {}), /is empty/);
      assert.throws(() => parseCliOptions(['--token-file', file, '--token', 't'], {}), UsageError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--help and the README offer only --token-file and GROVE_TOKEN for the token', () => {
    assert.equal(parseCliOptions(['--help'], {}).help, true);
    for (const [name, text] of [
      ['--help', USAGE],
      ['README', readme],
    ] as const) {
      assert.match(text, /--token-file/, name);
      assert.match(text, /GROVE_TOKEN/, name);
      assert.doesNotMatch(text, /--token[ =]/, `${name} never shows a token on a command line`);
    }
  });

  test('empty GROVE_* variables count as unset', () => {
    const options = parseCliOptions([], {
      GROVE_PORT: '',
      GROVE_HOST: '',
      GROVE_DATA_DIR: '',
      GROVE_TOKEN: '',
    });
    assert.equal(options.port, 3456);
    assert.equal(options.host, '127.0.0.1');
    assert.equal(options.token, undefined);
    assert.ok(path.isAbsolute(options.dataDir));
  });

  test('bad values are UsageErrors; unknown flags are refused', () => {
    for (const port of ['eighty', '-1', '65536', '1.5', '']) {
      assert.throws(() => parseCliOptions([`--port=${port}`], {}), UsageError, port);
    }
    assert.throws(() => parseCliOptions(['--host', ''], {}), UsageError);
    assert.throws(() => parseCliOptions(['--bogus'], {}), {
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
  });
});

describe('defaultDataDir', () => {
  test('follows each platform convention', () => {
    assert.equal(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux'), path.join('/x', 'Grove'));
    assert.match(defaultDataDir({}, 'darwin'), /Library[/\\]Application Support[/\\]Grove$/);
    assert.equal(
      defaultDataDir({ APPDATA: 'C:\\AppData' }, 'win32'),
      path.join('C:\\AppData', 'Grove'),
    );
  });
});
