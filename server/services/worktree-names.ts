const ADJECTIVES = [
  'amber', 'brisk', 'calm', 'dapper', 'eager', 'fuzzy', 'gentle', 'hardy', 'icy', 'jolly',
  'keen', 'lucky', 'mellow', 'nimble', 'olive', 'proud', 'quiet', 'rapid', 'sunny', 'tidy',
];
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
