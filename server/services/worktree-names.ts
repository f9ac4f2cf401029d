// prettier-ignore
const ADJECTIVES = [
  'amber', 'brisk', 'calm', 'dapper', 'eager', 'fuzzy', 'gentle', 'hardy', 'icy', 'jolly',
  'keen', 'lucky', 'mellow', 'nimble', 'olive', 'proud', 'quiet', 'rapid', 'sunny', 'tidy',
];
// prettier-ignore
const NOUNS = [
  'aspen', 'birch', 'cedar', 'dogwood', 'elm', 'fir', 'ginkgo', 'hazel', 'ivy', 'juniper',
  'larch', 'maple', 'nettle', 'oak', 'pine', 'quince', 'rowan', 'spruce', 'teak', 'willow',
];

/** A readable name like "brisk-cedar" that `taken` does not contain (numbered once all are used). */
export function generateWorktreeName(taken: (name: string) => boolean): string {
  const start = Math.floor(Math.random() * ADJECTIVES.length * NOUNS.length);
  const total = ADJECTIVES.length * NOUNS.length;
  for (let round = 1; ; round++) {
    for (let offset = 0; offset < total; offset++) {
      const index = (start + offset) % total;
      const base = `${ADJECTIVES[index % ADJECTIVES.length]}-${NOUNS[Math.floor(index / ADJECTIVES.length)]}`;
      const name = round === 1 ? base : `${base}-${round}`;
      if (!taken(name)) return name;
    }
  }
}

/** A folder-safe form of a display name; also the default branch, which git still vets. */
export function slug(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return cleaned || 'worktree';
}

/**
 * The existing branch that makes `branch` impossible: itself, or one that is a folder or a file
 * in its path (git cannot have both "a" and "a/b"). Null when it is free.
 */
export function branchConflict(branches: ReadonlySet<string>, branch: string): string | null {
  if (branches.has(branch)) return branch;
  for (const existing of branches) {
    if (existing.startsWith(`${branch}/`) || branch.startsWith(`${existing}/`)) return existing;
  }
  return null;
}

/** `base-2`, `base-3`, ... : the first that `taken` does not claim (bounded, so never a hang). */
export function firstFree(base: string, taken: (candidate: string) => boolean): string {
  for (let n = 2; n < 10_000; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
  return `${base}-${Date.now()}`;
}
