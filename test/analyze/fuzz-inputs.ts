// Seeded random and truncated inputs for the analyzer fuzz test: reproducible from the seed alone.

/** mulberry32: a tiny seeded PRNG, enough for reproducible fuzz inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that break parsers: quotes, separators, escapes, controls, surrogates, long digits, syntax of the formats.
const ALPHABET = [
  ...'abcxyzABC0129 \t\n\r;:,=/\\\'"`$*?!@#%&(){}[]<>|+-_.~^',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u00a0',
  '\u2028',
  '\ud800',
  '\udfff',
  '😀',
  '99999999999999999999',
  '-1',
  'NaN',
  "'unsafe-inline'",
  'v=spf1',
  'include:',
  'p=',
  '$$',
  '--',
  '/*',
  '*/',
  '<script',
  '-->',
  '%{',
  '{{',
  'max-age=',
  '//',
  'http://',
  '[[',
  ']]',
];

function randomText(rand: () => number, max: number): string {
  const n = Math.floor(rand() * max);
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return out;
}

function mutate(seed: string, rand: () => number): string {
  const op = Math.floor(rand() * 6);
  const at = Math.floor(rand() * (seed.length + 1));
  switch (op) {
    case 0:
      return seed.slice(0, at); // truncated
    case 1:
      return seed.slice(at); // truncated from the front
    case 2:
      return seed.slice(0, at) + randomText(rand, 8) + seed.slice(at); // inserted junk
    case 3: {
      const end = at + Math.floor(rand() * 20);
      return seed.slice(0, at) + seed.slice(end); // deleted span
    }
    case 4:
      return seed.repeat(1 + Math.floor(rand() * 20)).slice(0, 20_000); // repeated (size)
    default: {
      const chars = [...seed];
      for (let i = 0; i < 1 + rand() * 5; i++) chars[Math.floor(rand() * chars.length)] = ALPHABET[Math.floor(rand() * ALPHABET.length)] as string;
      return chars.join(''); // flipped characters
    }
  }
}

/** `cases` inputs: the seeds, their mutations (most), and pure random text. */
export function* fuzzInputs(seeds: string[], seed: number, cases: number): Generator<string> {
  const rand = prng(seed);
  yield* seeds;
  yield '';
  for (let i = 0; i < cases; i++) {
    const base = seeds[Math.floor(rand() * seeds.length)] ?? '';
    yield rand() < 0.8 ? mutate(base, rand) : randomText(rand, 200);
  }
}
