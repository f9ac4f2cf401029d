import path from 'node:path';

// What a person reads of a CLI's permission question: the command it runs, its program, the
// files it changes.

/**
 * The words of a shell command line as the shell would see them: whitespace separates words;
 * single quotes keep everything, double quotes keep all but `\` before `"`, `\`, `$` and a
 * backquote; a backslash outside quotes keeps the next character. Enough to read the program
 * name of a command or unwrap `bash -lc '…'`; it expands nothing.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let index = 0; index < line.length; index++) {
    const char = line.charAt(index);
    if (quote === "'") {
      if (char === "'") quote = null;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '\\' && /["\\$`]/.test(line.charAt(index + 1)))
        word += line.charAt(++index);
      else word += char;
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word ??= '';
      if (char === "'" || char === '"') quote = char;
      else if (char === '\\') word += line.charAt(++index);
      else word += char;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/**
 * The program a command line starts, which an allow-always rule for commands remembers: `npm`
 * for `NODE_ENV=test npm test && git status`. Null for a line without one.
 */
export function commandName(line: string): string | null {
  const word = shellWords(line).find((candidate) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(candidate));
  // `ls;rm x` is one word to the splitter; the program ends at the first operator.
  const name = word?.split(/[;&|()<>]/)[0];
  return name ? name : null;
}

/** A path inside the worktree relative to it, as a person names the file; others stay whole. */
export function displayPath(cwd: string, filePath: string): string {
  const relative = path.relative(cwd, filePath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
}
