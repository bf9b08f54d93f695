// Facts produced by the env collector: the env-var inventory (names and places only, never values).

export interface EnvVarFacts {
  name: string;
  /** `file:line` where code (or a compose pass-through) reads it; test files excluded. */
  readAt: string[];
  reads: number;
  /**
   * `file:line` reads in developer tooling (test runner, linter, storybook configs, test harness files) and in operator
   * scripts (scripts/, lib/tasks) that no start command runs: not counted in reads, never an undocumented runtime var.
   */
  toolingReadAt?: string[];
  /** `file:line (kind)` where it is documented or set: .env.example, schema, deploy manifest, Dockerfile, compose, CI, README. */
  documentedAt: string[];
  /** Set by the runtime or platform (NODE_ENV, PORT, GITHUB_*...): see WELL_KNOWN_ENV_VARS. */
  wellKnown: boolean;
}

export interface DotenvLoadFacts {
  /** `file:line` or `package.json scripts.start`. */
  at: string;
  form: string;
  /** Behind an environment check (NODE_ENV !== 'production' ...). */
  guarded: boolean;
  /** In a file the app starts from in production. */
  entryPoint: boolean;
}

export interface EnvFacts {
  filesScanned: number;
  vars: EnvVarFacts[];
  /** Boot-time validation seen in app code (library and `file:line`). */
  validation: { library: string; at: string }[];
  dotenv: DotenvLoadFacts[];
  entryPoints: string[];
  /** Why the inventory may be incomplete (file limit), or null. */
  truncated: string | null;
}
