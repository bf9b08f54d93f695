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

/** A CI step that pushes a container image to a registry: docker/build-push-action with push on, `docker push`, `buildx --push`. */
const IMAGE_PUSH =
  /(?:docker|depot)\/build-push-action|[\w-]+\/docker-build-push(?:-action)?@|redhat-actions\/push-to-registry|\b(?:docker|podman)\s+(?:image\s+)?push\s|\bdocker\s+(?:buildx\s+)?(?:build|bake)\b.*\s--push\b|\bdocker\s+compose\s+push\b|\b(?:crane|skopeo)\s+(?:push|copy)\s|\bko\s+(?:publish|build)\b|\bjib\b/;
const EXPRESSION = /\$\{\{[^}\n]{1,120}\}\}|\$\{[A-Za-z_]\w{0,60}\}|\$[A-Za-z_]\w{0,60}/g;
/** An image reference written in a pipeline: `ghcr.io/acme/app`, `${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}`, `acme/app` after -t / tags: / image:. */
// one alternative per first character ([\w.-] or $), so a long run of name characters cannot backtrack
const REF_PART = String.raw`(?:[\w.-]|\$\{\{[^}\n]{1,120}\}\}|\$\{[A-Za-z_]\w{0,60}\}|\$)+`;
const QUALIFIED_REF = new RegExp(String.raw`(?<![\w./-])((?:[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?|\$\{\{\s*[\w.]+\s*\}\}|\$\{?[A-Z_]\w*\}?)/${REF_PART}(?:/${REF_PART})*)`, 'g');
const KEYED_REF = new RegExp(String.raw`(?:\b(?:image|images|tags|IMAGE\w*)\s*[:=]\s*["']?|(?:\s-t|--tag)[\s=]+["']?|\bpush\s+["']?)(${REF_PART}(?:/${REF_PART})+)`, 'g');

export interface ImagePublish {
  /** 1-based line of the push step. */
  line: number;
  text: string;
  /** Image repositories it pushes, expressions left in (`ghcr.io/${{ github.repository }}`). */
  images: string[];
}

/** Does a workflow push a container image, and which repositories? Null when it never pushes (build-push-action defaults to push: false). */
export function imagePublishes(text: string): ImagePublish | null {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.length < 2000 && !/^\s*#/.test(l) && IMAGE_PUSH.test(l));
  if (at < 0) return null;
  const pushesByAction = lines.some((l) => /(?:docker|depot)\/build-push-action/.test(l));
  const otherPush = lines.some((l) => l.length < 2000 && !/^\s*#/.test(l) && IMAGE_PUSH.test(l) && !/(?:docker|depot)\/build-push-action/.test(l));
  // build-push-action only pushes with `push: true` (or an expression that may be true); a PR build check never publishes
  if (pushesByAction && !otherPush && !lines.some((l) => /^\s*push\s*:\s*(?!false\b|["']false["'])\S/.test(l))) return null;
  // `NAME: value` pairs of env blocks, to resolve ${{ env.NAME }}
  const env = new Map<string, string>();
  for (const l of lines) {
    const m = /^\s+([A-Z][A-Z0-9_]{0,60})\s*:\s*["']?(\$\{\{[^}\n]{1,120}\}\}|[^"'#\s]{1,200})["']?\s*$/.exec(l);
    if (m && !env.has(m[1] as string)) env.set(m[1] as string, m[2] as string);
  }
  const resolve = (ref: string): string => {
    let out = ref;
    for (let round = 0; round < 3; round++) out = out.replace(/\$\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}|\$\{([A-Z_]\w*)\}|\$([A-Z_]\w*)/g, (m, a, b, c) => env.get(a ?? b ?? c) ?? m);
    return out.replace(/[:@][^/]*$/, '').toLowerCase();
  };
  const images = new Set<string>();
  for (const raw of lines) {
    if (raw.length >= 2000 || images.size >= 20) continue;
    // `echo "tags=a\nghcr.io/x"`: an escaped newline separates two references
    const l = raw.replace(/\\[nrt]/g, ' ');
    for (const re of [QUALIFIED_REF, KEYED_REF]) {
      re.lastIndex = 0;
      for (let m = re.exec(l); m !== null && images.size < 20; m = re.exec(l)) {
        const ref = resolve(m[1] as string);
        // a path (./docker/Dockerfile), an action (docker/login-action@v3) or a bare expression names no image
        if (/^\.|\.(?:ya?ml|json|sh|txt|md)$|^(?:actions|docker|github)\//.test(ref) || ref.replace(EXPRESSION, '') === ref.replace(/[^/]/g, '')) continue;
        images.add(ref);
      }
    }
  }
  return { line: at + 1, text: (lines[at] ?? '').trim().slice(0, 200), images: [...images] };
}

/** Docker Hub spells one repository several ways: docker.io/library/postgres = postgres. */
function normaliseImage(ref: string): string {
  return ref
    .toLowerCase()
    .replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
}

/** Does a compose `image:` value (tag and `${VAR:-default}` allowed) name one of the published repositories? */
export function imageMatchesPublished(image: string, published: readonly string[]): string | null {
  const ref = normaliseImage(
    image
      .replace(/\$\{[A-Za-z_]\w*:?-([^}]*)\}/g, '$1')
      .replace(/@sha256:[0-9a-f]+$/, '')
      .replace(/:[\w.${}-]*$/, ''),
  );
  if (!ref.includes('/') && !published.some((p) => normaliseImage(p) === ref)) return null;
  if (ref.length > 300) return null;
  for (const p of published) {
    // each expression becomes a wildcard: a few keep the match linear enough, more say nothing about the name
    if ((p.match(EXPRESSION)?.length ?? 0) > 3) continue;
    const pattern = normaliseImage(p)
      .split(EXPRESSION)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\w./-]+');
    if (new RegExp(`^${pattern}$`).test(ref)) return p;
  }
  return null;
}

/** A compose file that runs the app in an environment (not a dev, test or CI stack). */
export function isDeployComposeFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/i.test(base) && !/(?:^|[./_-])(?:dev|development|test|tests|testing|ci|e2e|local|debug)(?:[./_-]|$)/i.test(path);
}

/** `image:` lines of a compose file, 1-based. */
export function composeImages(text: string): TextHit[] {
  return hits(text, /^\s*image\s*:\s*["']?[^\s"'#]+/, 50).map((h) => ({ line: h.line, text: h.text.replace(/^image\s*:\s*["']?/, '').replace(/["']?\s*(?:#.*)?$/, '') }));
}
