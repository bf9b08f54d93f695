// Recognises deploy manifests, health endpoints and health checks in repository files (pure: path + text in, signals out).

export type DeployKind = 'workflow' | 'platform' | 'container' | 'kubernetes' | 'helm' | 'iac' | 'script' | 'package-script';

export interface ManifestSignal {
  kind: DeployKind;
  /** The platform or tool, e.g. "Fly.io", "Kubernetes", "Terraform". */
  name: string;
  /** Platforms that keep a release history you can roll back to. */
  releaseHistory: boolean;
}

const PLATFORM_FILES: Record<string, { name: string; releaseHistory: boolean }> = {
  'fly.toml': { name: 'Fly.io', releaseHistory: true },
  'render.yaml': { name: 'Render', releaseHistory: true },
  'render.yml': { name: 'Render', releaseHistory: true },
  'railway.json': { name: 'Railway', releaseHistory: true },
  'railway.toml': { name: 'Railway', releaseHistory: true },
  'vercel.json': { name: 'Vercel', releaseHistory: true },
  'netlify.toml': { name: 'Netlify', releaseHistory: true },
  Procfile: { name: 'Heroku', releaseHistory: true },
  'app.json': { name: 'Heroku', releaseHistory: true },
  'heroku.yml': { name: 'Heroku', releaseHistory: true },
  'app.yaml': { name: 'Google App Engine', releaseHistory: true },
  'app.yml': { name: 'Google App Engine', releaseHistory: true },
  'apprunner.yaml': { name: 'AWS App Runner', releaseHistory: false },
  'serverless.yml': { name: 'Serverless Framework', releaseHistory: false },
  'serverless.yaml': { name: 'Serverless Framework', releaseHistory: false },
  'wrangler.toml': { name: 'Cloudflare Workers', releaseHistory: true },
  'wrangler.jsonc': { name: 'Cloudflare Workers', releaseHistory: true },
  'firebase.json': { name: 'Firebase', releaseHistory: true },
  Capfile: { name: 'Capistrano', releaseHistory: true },
  'Pulumi.yaml': { name: 'Pulumi', releaseHistory: false },
  'Chart.yaml': { name: 'Helm', releaseHistory: true },
  'skaffold.yaml': { name: 'Skaffold', releaseHistory: false },
  'appspec.yml': { name: 'AWS CodeDeploy', releaseHistory: true },
  'Dockerrun.aws.json': { name: 'AWS Elastic Beanstalk', releaseHistory: true },
};

/** What a file says about deploying, from its path and (for YAML/JSON/scripts) its text; null when nothing. */
export function manifestSignal(path: string, text: string | null): ManifestSignal | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const platform = PLATFORM_FILES[base];
  if (platform) {
    if (base === 'app.yaml' || base === 'app.yml') {
      if (!text || !/^\s*runtime\s*:/m.test(text)) return null;
    }
    if (base === 'app.json' && (!text || !/"(?:buildpacks|formation|stack)"/.test(text))) return null;
    if (base === 'Chart.yaml') return { kind: 'helm', ...platform };
    if (base === 'Pulumi.yaml') return { kind: 'iac', ...platform };
    return { kind: 'platform', ...platform };
  }
  if (/^config\/deploy(?:\.yml|\.rb)$/.test(path) || /^config\/deploy\/[\w-]+\.rb$/.test(path)) {
    const kamal = base === 'deploy.yml';
    return { kind: 'platform', name: kamal ? 'Kamal' : 'Capistrano', releaseHistory: true };
  }
  if (/\.tf$/.test(base)) return text && /^\s*(?:resource|module)\s+"/m.test(text) ? { kind: 'iac', name: 'Terraform', releaseHistory: false } : null;
  if (/^docker-compose\.(?:prod|production)[\w.-]*\.ya?ml$|^compose\.(?:prod|production)[\w.-]*\.ya?ml$/.test(base))
    return { kind: 'container', name: 'Docker Compose (production)', releaseHistory: false };
  if (
    /\.ya?ml$/.test(base) &&
    text &&
    /^\s*apiVersion\s*:/m.test(text) &&
    /^\s*kind\s*:\s*(?:Deployment|StatefulSet|DaemonSet|Rollout|Service|Kustomization|Application)\b/m.test(text)
  ) {
    return { kind: 'kubernetes', name: 'Kubernetes', releaseHistory: /^\s*kind\s*:\s*(?:Deployment|Rollout|Application)\b/m.test(text) };
  }
  if (
    /(?:^|\/)(?:deploy|release)(?:[-_.][\w-]+)?(?:\.sh|\.bash|\.ps1|\.py|\.js|\.ts|\.mjs)?$/.test(path) &&
    /(?:^|\/)(?:bin|scripts?|deploy|ops|tools)\/|^(?:deploy|release)/.test(path)
  ) {
    return { kind: 'script', name: base, releaseHistory: false };
  }
  return null;
}

export interface TextHit {
  line: number;
  text: string;
}

/** Is a position inside a string literal that opened earlier on the same line (odd count of a quote kind)? Docs strings and fixtures are not routes. */
export function insideStringOnLine(prefix: string): boolean {
  const unescaped = prefix.replace(/\\./g, '');
  return ['"', "'", '`'].some((q) => (unescaped.split(q).length - 1) % 2 === 1);
}

function hits(text: string, pattern: RegExp, max = 20, codeOnly = false): TextHit[] {
  const out: TextHit[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < max; i++) {
    const l = lines[i] ?? '';
    if (l.length >= 2000) continue;
    const m = pattern.exec(l);
    if (!m) continue;
    if (codeOnly && (insideStringOnLine(l.slice(0, m.index)) || /^\s*(?:\/\/|#|\*)/.test(l))) continue;
    out.push({ line: i + 1, text: l.trim().slice(0, 200) });
  }
  return out;
}

const HEALTH_PATH = String.raw`\/?(?:api\/)?(?:v\d+\/)?(?:_?health(?:z|check|-check|_check|\/live|\/ready)?|healthcheck|livez|readyz|liveness|readiness|ready|ping|up|_status)\/?`;
/** Route definitions of common frameworks on a health-like path: Express/Fastify/Koa/Hono, Flask/FastAPI, Django, Rails, Go, Spring, Laravel. */
const HEALTH_ROUTE = new RegExp(
  String.raw`(?:\.(?:get|head|all|use|route|handle|handlefunc|any|GET|HEAD|Get|Handle|HandleFunc|Any|api_route)\s*\(\s*|@\w+(?:\.\w+)*\.(?:get|route|api_route|head)\s*\(\s*|@(?:Get|RequestMapping|GetMapping)\s*\(\s*(?:value\s*=\s*)?|\b(?:get|match|path|re_path|url|Route::get)\s*\(?\s*r?\^?)['"\x60]` +
    HEALTH_PATH +
    String.raw`\$?['"\x60]|rails\/health#show|\bspring-boot-starter-actuator\b|\bmanagement\.endpoints?\b|\b(?:express-healthcheck|@godaddy\/terminus|lightship|fastify-healthcheck|django-health-check|health_check\.urls|@nestjs\/terminus|okcomputer|health-check-go|heptiolabs\/healthcheck)\b`,
  'i',
);

export function healthRoutes(text: string): TextHit[] {
  return hits(text, HEALTH_ROUTE, 5, true);
}

/** Health checks in platform and container configuration. */
export function healthChecksInConfig(path: string, text: string): TextHit[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'fly.toml') return hits(text, /^\s*\[\[?(?:(?:http_)?services?\.)?(?:http_checks|tcp_checks|checks)(?:\.[\w-]+)?\]\]?|^\s*\[\[http_service\.checks\]\]/, 5);
  if (/^render\.ya?ml$/.test(base)) return hits(text, /^\s*healthCheckPath\s*:/, 5);
  if (/^railway\.(?:json|toml)$/.test(base)) return hits(text, /healthcheckPath/, 5);
  if (/^(?:Dockerfile|Containerfile)(?:\..+)?$|\.dockerfile$/i.test(base)) return hits(text, /^\s*HEALTHCHECK\s+(?!NONE)/i, 5);
  if (/^app\.ya?ml$/.test(base)) return hits(text, /^\s*(?:liveness_check|readiness_check|health_check)\s*:/, 5);
  if (/\.ya?ml$/.test(base)) return hits(text, /^\s*(?:livenessProbe|readinessProbe|startupProbe|healthcheck|healthCheck|health_check)\s*:/, 5);
  if (/\.json$/.test(base)) return hits(text, /"(?:healthCheck|healthcheck|healthCheckPath|livenessProbe|readinessProbe)"\s*:/, 5);
  if (/\.tf$/.test(base)) return hits(text, /^\s*(?:health_check|healthcheck|health_check_path)\b/, 5);
  return [];
}

/** Lines of documentation that describe a rollback. */
export function rollbackNotes(text: string): TextHit[] {
  // a heading, an instruction ("to roll back, run ...") or a command; a passing mention in a feature list is not a procedure
  return hits(
    text,
    /^\s{0,3}#{1,6}\s.*\broll(?:ing)?[\s-]?back|\b(?:to|how to|in order to)\s+roll\s*back\b|\broll(?:ing)?[\s-]?back\b.*`[^`]+`|\brollout\s+undo\b|\bhelm\s+rollback\b|\bheroku\s+(?:rollback|releases:rollback)\b|\bvercel\s+rollback\b|\brevert(?:ing)?\s+(?:a\s+|the\s+)?(?:deploy|release)/i,
    10,
  );
}

export const CODE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|php|ex|exs|cs|rs)$/;
