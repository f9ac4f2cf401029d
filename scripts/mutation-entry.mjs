// Runs the test files given as arguments in this one process (node's test runner runs the tests
// they register when the process ends), so a mutant pays for one start instead of one per file.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) await import(pathToFileURL(path.resolve(file)).href);
