// Secrets scanner benchmark: generates a repository (5,000 commits, 20,000 files, ~150 MB of history text) with
// git fast-import, plants every rule's positive example (at HEAD and history-only) and every negative example as decoys,
// then compares launchready's tree and history scans with `secretlint "**/*"` (preset-recommend, installed in a temp dir).
// Run: npx tsx bench/secrets.ts [--commits 5000] [--files 20000] [--keep] [--no-secretlint] [--secretlint-timeout 1500]
// (no outer `timeout` wrapper: it signals the whole process group, secretlint included)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_RULES } from '../src/analyze/secret-rules.ts';
import type { SecretsFacts } from '../src/facts/secrets.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COMMITS = flag('commits', 5000);
const FILES = flag('files', 20_000);
const KEEP = args.includes('--keep');
const RUN_SECRETLINT = !args.includes('--no-secretlint');
const SECRETLINT_TIMEOUT_S = flag('secretlint-timeout', 1500);

let seed = 42;
const rand = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const WORDS =
  'order user invoice payment session token cache queue retry report account plan price total amount status event handler request response config client server route page item list count'.split(
    ' ',
  );
const ident = (): string => `${pick(WORDS)}${pick(WORDS).replace(/^./, (c) => c.toUpperCase())}${Math.floor(rand() * 1000)}`;
// Ordinary code, including keyword-bearing lines that are not credentials.
const LINE_MAKERS: (() => string)[] = [
  () => `export function ${ident()}(${ident()}, ${ident()}) { return ${ident()} + ${Math.floor(rand() * 1e6)}; }`,
  () => `const ${ident()} = await ${ident()}.find({ id: ${Math.floor(rand() * 1e6)}, status: '${pick(WORDS)}' });`,
  () => `// ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
  () => `import { ${ident()} } from './${pick(WORDS)}/${pick(WORDS)}.js';`,
  () => `  if (!${ident()}) throw new Error('${pick(WORDS)} ${pick(WORDS)} missing');`,
  () => `const token = req.headers.authorization?.split(' ')[1] ?? ${ident()};`,
  () => `  password: await hashPassword(${ident()}.password),`,
  () => `const secretName = '${pick(WORDS)}-${pick(WORDS)}-secret';`,
  () => `  "${pick(WORDS)}": "${Math.floor(rand() * 1e9).toString(16)}",`,
  () => `logger.info({ ${pick(WORDS)}: ${ident()}, took: Date.now() - ${ident()} });`,
];
const codeBlock = (bytes: number): string => {
  let out = '';
  while (out.length < bytes) out += `${pick(LINE_MAKERS)()}\n`;
  return out;
};

function fileName(i: number): string {
  return `src/${WORDS[i % WORDS.length]}/${WORDS[(i >> 5) % WORDS.length]}/${i}.${pick(['ts', 'js', 'py', 'rb', 'go'])}`;
}

/** Writes the fast-import stream to git's stdin (blobs inline), returns the planted ground truth. */
async function generate(dir: string): Promise<{ headPlants: Set<string>; historyPlants: Set<string>; decoyFiles: Set<string>; historyBytes: number }> {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done'], { stdio: ['pipe', 'inherit', 'inherit'] });
  const write = (chunk: string): Promise<void> => (child.stdin.write(chunk) ? Promise.resolve() : new Promise((r) => child.stdin.once('drain', () => r())));
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const names = Array.from({ length: FILES }, (_, i) => fileName(i));
  const contents: string[] = names.map(() => '');
  const headPlants = new Set<string>();
  const historyPlants = new Set<string>();
  const decoyFiles = new Set<string>();
  let when = 1_700_000_000;
  let commitNo = 0;
  const commit = async (message: string, changes: string): Promise<void> => {
    commitNo++;
    when += 600;
    await write(
      `commit refs/heads/main\nmark :${commitNo}\ncommitter Bench <bench@example.test> ${when} +0000\n${data(message)}${commitNo > 1 ? `from :${commitNo - 1}\n` : ''}${changes}\n`,
    );
  };
  // Commit 1: every file with ~2 KB of code, plus the planted HEAD positives and the decoys.
  let changes = '';
  for (let i = 0; i < FILES; i++) {
    contents[i] = codeBlock(2000);
    changes += `M 100644 inline ${names[i]}\n${data(contents[i] as string)}`;
  }
  SECRET_RULES.forEach((rule, r) => {
    const path = `config/planted/${r}-${rule.id}.conf`;
    changes += `M 100644 inline ${path}\n${data(`# ${rule.description}\n${rule.examples.positive[0]}\n`)}`;
    headPlants.add(path);
    const decoy = `config/decoys/${r}-${rule.id}.conf`;
    changes += `M 100644 inline ${decoy}\n${data(`${rule.examples.negative.join('\n')}\n`)}`;
    decoyFiles.add(decoy);
  });
  await commit('initial import', changes);
  // Commits 2..N: rewrite six files (~2 KB removed + ~2 KB added each, so the tree keeps its size while history grows);
  // every 200th commit adds a credential that the next commit deletes.
  // Second positive examples: values that differ from the ones planted at HEAD, so they are truly gone from HEAD.
  const historyRules = SECRET_RULES.filter((r) => r.examples.positive.length > 1).slice(0, Math.max(1, Math.floor(COMMITS / 200)));
  let leak = 0;
  for (let c = 2; c <= COMMITS; c++) {
    changes = '';
    for (let k = 0; k < 6; k++) {
      const i = Math.floor(rand() * FILES);
      contents[i] = codeBlock(2000);
      changes += `M 100644 inline ${names[i]}\n${data(contents[i] as string)}`;
    }
    if (c % 200 === 0 && c < COMMITS && leak < historyRules.length) {
      const rule = historyRules[leak++] as (typeof SECRET_RULES)[number];
      const path = `tmp/leak-${c}.conf`;
      changes += `M 100644 inline ${path}\n${data(`${rule.examples.positive[1]}\n`)}`;
      historyPlants.add(path);
    } else if (c % 200 === 1 && c > 1 && historyPlants.has(`tmp/leak-${c - 1}.conf`)) {
      changes += `D tmp/leak-${c - 1}.conf\n`;
    }
    await commit(`change ${c}`, changes);
  }
  await write('done\n');
  child.stdin.end();
  await new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exit ${code}`)))));
  execFileSync('git', ['-C', dir, 'reset', '-q', '--hard', 'main']);
  const logBytes = spawnSync('sh', ['-c', `git -C '${dir}' log -p --all -U0 --no-color --format=%H | wc -c`], { encoding: 'utf8', maxBuffer: 1024 * 1024 }).stdout.trim();
  return { headPlants, historyPlants, decoyFiles, historyBytes: Number(logBytes) };
}

interface Measured<T> {
  wallMs: number;
  peakRssMiB: number;
  result: T;
  /** Killed at the timeout. */
  timedOut?: boolean;
}

/** Runs a command under /usr/bin/time for wall time and peak RSS. */
function measure(cmd: string, cmdArgs: string[], options: { cwd?: string; timeoutMs?: number } = {}): Measured<string> {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %M', cmd, ...cmdArgs], {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: options.timeoutMs ?? 1_800_000,
  });
  const wallMs = performance.now() - t0;
  const m = /__TIME__ (\d+)/.exec(r.stderr ?? '');
  return {
    wallMs,
    peakRssMiB: m ? Number(m[1]) / 1024 : Number.NaN,
    result: r.stdout ?? '',
    timedOut: r.signal !== null || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}

function launchready(dir: string, history: boolean): Measured<SecretsFacts> {
  const moduleUrl = new URL('../src/collect/secrets/index.ts', import.meta.url).href;
  const code = `const { scanSecrets } = await import(${JSON.stringify(moduleUrl)});
    const { DEFAULT_REPO_LIMITS } = await import(${JSON.stringify(new URL('../src/collect/secrets/repo-files.ts', import.meta.url).href)});
    const { DEFAULT_HISTORY_LIMITS } = await import(${JSON.stringify(new URL('../src/collect/secrets/history.ts', import.meta.url).href)});
    const facts = await scanSecrets(${JSON.stringify(dir)}, { repo: DEFAULT_REPO_LIMITS, history: ${history ? 'DEFAULT_HISTORY_LIMITS' : 'false'} });
    process.stdout.write(JSON.stringify(facts));`;
  const m = measure(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
  return { ...m, result: JSON.parse(m.result) as SecretsFacts };
}

function score(found: Set<string>, planted: Set<string>, decoys: Set<string>) {
  const hits = [...planted].filter((p) => found.has(p)).length;
  const falsePositives = [...found].filter((f) => !planted.has(f)).length;
  const decoyHits = [...decoys].filter((d) => found.has(d)).length;
  return { recall: `${hits}/${planted.size} (${((100 * hits) / Math.max(1, planted.size)).toFixed(0)}%)`, falsePositiveFiles: falsePositives, decoyFilesFlagged: decoyHits };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'launchready-bench-'));
  const repo = join(work, 'repo');
  try {
    const g0 = performance.now();
    const truth = await generate(repo);
    const tracked = execFileSync('git', ['-C', repo, 'ls-files'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\n')
      .filter(Boolean).length;
    console.log(
      `generated ${COMMITS} commits, ${tracked} tracked files, ${(truth.historyBytes / 1024 / 1024).toFixed(0)} MiB of history text in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
    );
    console.log(
      `planted: ${truth.headPlants.size} credentials at HEAD (one per rule), ${truth.historyPlants.size} added then deleted, ${truth.decoyFiles.size} decoy files of negative examples\n`,
    );

    const tree = launchready(repo, false);
    const full = launchready(repo, true);
    const treeFound = new Set(tree.result.hardcoded.map((s) => s.file));
    const historyFound = new Set((full.result.history?.secrets ?? []).map((s) => s.file));

    const rows: string[][] = [['tool', 'scope', 'wall', 'peak RSS', 'recall', 'false-positive files', 'decoys flagged']];
    const treeScore = score(treeFound, truth.headPlants, truth.decoyFiles);
    rows.push([
      'launchready',
      'tree (HEAD)',
      `${(tree.wallMs / 1000).toFixed(2)} s`,
      `${tree.peakRssMiB.toFixed(0)} MiB`,
      treeScore.recall,
      String(treeScore.falsePositiveFiles),
      String(treeScore.decoyFilesFlagged),
    ]);
    const histScore = score(historyFound, truth.historyPlants, new Set());
    rows.push([
      'launchready',
      `tree + full history (history part ${((full.result.history?.ms ?? 0) / 1000).toFixed(1)} s, ${full.result.history?.commits ?? 0} commits)`,
      `${(full.wallMs / 1000).toFixed(2)} s`,
      `${full.peakRssMiB.toFixed(0)} MiB`,
      `${histScore.recall} history-only`,
      String(histScore.falsePositiveFiles),
      '-',
    ]);

    if (RUN_SECRETLINT) {
      const tool = join(work, 'secretlint');
      execFileSync('npm', ['init', '-y'], { cwd: work, stdio: 'ignore' });
      console.log('installing secretlint into a temp dir...');
      execFileSync('npm', ['install', '--prefix', tool, '--no-audit', '--no-fund', '--silent', 'secretlint@11', '@secretlint/secretlint-rule-preset-recommend@11'], {
        stdio: 'inherit',
        timeout: 600_000,
      });
      writeFileSync(join(repo, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
      const bin = join(tool, 'node_modules', '.bin', 'secretlint');
      // secretlint exits before a piped stdout drains: have it write the JSON to a file instead.
      const slOutput = join(work, 'secretlint.json');
      const sl = measure(bin, ['**/*', '--format', 'json', '--secretlintrc', join(repo, '.secretlintrc.json'), '--maskSecrets', '--output', slOutput], {
        cwd: repo,
        timeoutMs: SECRETLINT_TIMEOUT_S * 1000,
      });
      let slFound = new Set<string>();
      try {
        const parsed = JSON.parse(existsSync(slOutput) ? readFileSync(slOutput, 'utf8') : sl.result) as { filePath: string; messages: unknown[] }[];
        slFound = new Set(parsed.filter((f) => f.messages.length > 0).map((f) => f.filePath.replace(`${repo}/`, '')));
      } catch (error) {
        if (!sl.timedOut) console.log(`secretlint output was not JSON (${(error as Error).message}): …${sl.result.slice(-200)}`);
      }
      rmSync(join(repo, '.secretlintrc.json'));
      const slScore = score(slFound, truth.headPlants, truth.decoyFiles);
      if (sl.timedOut) {
        rows.push(['secretlint 11 (preset-recommend)', 'tree "**/*"', `> ${SECRETLINT_TIMEOUT_S} s (killed)`, '-', '-', '-', '-']);
        console.log(`secretlint did not finish in ${SECRETLINT_TIMEOUT_S} s: launchready's tree scan is more than ${(sl.wallMs / tree.wallMs).toFixed(0)}x faster (goal >= 5x)`);
      } else
        rows.push([
          'secretlint 11 (preset-recommend)',
          'tree "**/*"',
          `${(sl.wallMs / 1000).toFixed(2)} s`,
          `${sl.peakRssMiB.toFixed(0)} MiB`,
          slScore.recall,
          String(slScore.falsePositiveFiles),
          String(slScore.decoyFilesFlagged),
        ]);
      if (!sl.timedOut) console.log(`launchready tree scan is ${(sl.wallMs / tree.wallMs).toFixed(1)}x faster than secretlint (goal >= 5x)`);
    }
    console.log(`history goal: whole run ${(full.wallMs / 1000).toFixed(1)} s < 30 s, ${full.peakRssMiB.toFixed(0)} MiB < 300 MiB\n`);
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
    console.log(`\nskipped at HEAD: ${JSON.stringify(tree.result.skipped)}; files scanned: ${tree.result.scanned.files}; history bytes read: ${full.result.history?.bytes ?? 0}`);
    const missed = [...truth.headPlants].filter((p) => !treeFound.has(p));
    if (missed.length > 0) console.log(`missed at HEAD: ${missed.join(', ')}`);
    const extra = [...treeFound].filter((f) => !truth.headPlants.has(f));
    if (extra.length > 0) console.log(`false positives: ${extra.slice(0, 20).join(', ')}`);
  } finally {
    if (KEEP) console.log(`kept ${work}`);
    else if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  }
}

await main();
