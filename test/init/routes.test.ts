// init on real layouts: a pnpm monorepo with a Next.js App Router app under apps/web, a Pages Router app, Remix flat
// routes, a Rails routes.rb with namespaces and devise_for. Methods come from what the files export, the route list is
// chosen by usefulness when over the cap, only a handful are critical, and a homepage is never an active canonical.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { detectRepo, MAX_ROUTES } from '../../src/init/detect.ts';
import { exportedMethods } from '../../src/init/next-routes.ts';
import { renderInitConfig } from '../../src/init/render.ts';
import { writeRepo } from '../support/repo-fixture.ts';

interface Config {
  app?: { canonical?: string; hosts?: string[] };
  email?: unknown;
  routes?: { path: string; method: string; kind: string; critical?: boolean }[];
}

async function render(files: Record<string, string>): Promise<{ text: string; config: Config }> {
  const repo = await writeRepo(files);
  try {
    const text = renderInitConfig(detectRepo(repo.dir), 'schema.json');
    return { text, config: parse(text) as Config };
  } finally {
    await repo.remove();
  }
}

const rows = (config: Config) => (config.routes ?? []).map((r) => `${r.method} ${r.path} ${r.kind}${r.critical ? ' critical' : ''}`).sort();

describe('init: methods from what an App Router route file exports', () => {
  it('reads functions, consts, destructuring and export lists, never comments or non-method exports', () => {
    assert.deepEqual(exportedMethods('export async function GET(req) {}\nexport async function POST(req) {}\n'), ['GET', 'POST']);
    assert.deepEqual(exportedMethods('export const PATCH = withAuth(async () => {});\nexport const dynamic = "force-dynamic";\n'), ['PATCH']);
    assert.deepEqual(exportedMethods('const handler = NextAuth(opts);\nexport { handler as GET, handler as POST };\n'), ['GET', 'POST']);
    assert.deepEqual(exportedMethods('export { PUT, DELETE } from "@/modules/x/route";\n'), ['PUT', 'DELETE']);
    assert.deepEqual(exportedMethods('import { handlers } from "@/auth";\nexport const { GET, POST } = handlers;\n'), ['GET', 'POST']);
    assert.deepEqual(exportedMethods('export function GET<T>(r: T) {}\n// export async function DELETE() {}\n/* export const PUT = x; */\n'), ['GET']);
    assert.deepEqual(exportedMethods('export const fetchCache = "force-no-store";\nexport { config };\n'), []);
  });
});

describe('init: a pnpm monorepo with a Next.js App Router app in apps/web', () => {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'acme', private: true, homepage: 'https://acme.example.com' }),
    'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n',
    'turbo.json': '{}',
    'apps/web/package.json': JSON.stringify({ name: '@acme/web', dependencies: { next: '15.0.0' } }),
    'apps/web/app/page.tsx': 'export default function Home() {}\n',
    'apps/web/app/layout.tsx': 'export default function L() {}\n',
    'apps/web/app/(auth)/login/page.tsx': 'export default function Login() {}\n',
    'apps/web/app/(auth)/forgot-password/page.tsx': 'export default function F() {}\n',
    'apps/web/app/(app)/settings/page.tsx': 'export default function S() {}\n',
    'apps/web/app/(app)/surveys/[surveyId]/edit/page.tsx': 'export default function E() {}\n',
    'apps/web/app/docs/[[...slug]]/page.tsx': 'export default function D() {}\n',
    'apps/web/app/files/[...path]/page.tsx': 'export default function F() {}\n',
    'apps/web/app/_components/x/page.tsx': 'export default function Private() {}\n',
    'apps/web/app/@modal/(.)photo/page.tsx': 'export default function Intercepted() {}\n',
    'apps/web/app/health/route.ts': 'export async function GET() { return Response.json({ ok: true }); }\n',
    'apps/web/app/api/items/route.ts': 'export const GET = withAuth(list);\nexport const POST = withAuth(create);\nexport const dynamic = "force-dynamic";\n',
    'apps/web/app/api/items/[id]/route.ts': 'const handler = wrap();\nexport { handler as GET, handler as PATCH, handler as DELETE };\n',
    'apps/web/app/api/webhooks/stripe/route.ts': 'export async function POST(req: Request) {}\n// export async function GET() {}\n',
    'apps/web/app/api/v1/ingest/route.ts': 'export { POST, OPTIONS } from "@/modules/ingest/route";\n',
    'apps/web/app/api/auth/[...nextauth]/route.ts': 'import NextAuth from "next-auth";\nconst handler = NextAuth(authOptions);\nexport { handler as GET, handler as POST };\n',
    'apps/web/app/api/empty/route.ts': 'export const revalidate = 0;\n',
    'apps/web/modules/survey/pages/list-page.tsx': 'export default function NotARoute() {}\n',
    'apps/docs/package.json': JSON.stringify({ name: '@acme/docs', dependencies: { next: '15.0.0' } }),
    'apps/docs/app/page.tsx': 'export default function Docs() {}\n',
    'packages/ui/package.json': JSON.stringify({ name: '@acme/ui', dependencies: { react: '19.0.0' } }),
    // a dev script at the monorepo root is not the app: its one route must not replace apps/web's
    'scripts/mock-server.js': "app.get('/__mock', handler);\n",
  };

  it('finds the app in the workspace, one route per exported method, paths relative to the app', async () => {
    const { text, config } = await render(files);
    assert.deepEqual(rows(config), [
      'DELETE /api/items/:id public-api',
      'GET / page critical',
      'GET /api/auth/csrf read',
      'GET /api/auth/session read',
      'GET /api/auth/signin read',
      'GET /api/items read',
      'GET /api/items/:id read',
      'GET /docs page',
      'GET /files/:path page',
      'GET /forgot-password page',
      'GET /health health critical',
      'GET /login page critical',
      'GET /settings page',
      'GET /surveys/:surveyId/edit page',
      'OPTIONS /api/v1/ingest read',
      'PATCH /api/items/:id public-api',
      'POST /api/auth/callback/credentials login',
      'POST /api/items public-api',
      'POST /api/v1/ingest public-api',
      'POST /api/webhooks/stripe webhook',
    ]);
    assert.match(text, /# Detected: framework Next\.js \(apps\/docs\), Next\.js \(apps\/web\)\./);
    assert.match(text, /# Routes of apps\/web \(Next\.js\), with paths as that app serves them\./);
    assert.match(text, /# apps\/docs \(Next\.js\) has 1 more route\(s\), not listed/);
    assert.match(text, /# critical: true is proposed on 3 route\(s\)/);
    assert.doesNotMatch(text, /left out/);
  });

  it('offers package.json homepage only as a commented-out hint: nothing is probed until the user uncomments it', async () => {
    // the code calls the vendor's API on the homepage's domain: not a canonical either
    const { text, config } = await render({ ...files, 'apps/web/lib/updates.ts': "const UPDATES = 'https://api.acme.example.com/v1/updates';\n" });
    assert.equal(config.app?.canonical, undefined);
    assert.equal(config.app?.hosts, undefined);
    assert.equal(config.email, undefined);
    assert.match(text, /^ {2}# canonical: "https:\/\/acme\.example\.com" {3}# package\.json homepage/m);
  });

  it('ignores a homepage that is not a URL instead of failing', async () => {
    const { text } = await render({ 'package.json': JSON.stringify({ name: 'x', homepage: 'https://' }) });
    assert.match(text, /# canonical: https:\/\/app\.example\.com/);
  });

  it('proposes the canonical an env template names for the deployment', async () => {
    const { config } = await render({ ...files, '.env.example': 'NEXT_PUBLIC_APP_URL=https://app.acme-cloud.example\n' });
    assert.equal(config.app?.canonical, 'https://app.acme-cloud.example');
  });
});

describe('init: Next.js basePath', () => {
  const app = (config: string, file = 'next.config.js') => ({
    'package.json': JSON.stringify({ name: 'based', dependencies: { next: '15.0.0' } }),
    [file]: config,
    'app/page.tsx': 'export default function Home() {}\n',
    'app/login/page.tsx': 'export default function Login() {}\n',
    'app/api/items/route.ts': 'export async function GET() {}\n',
    'pages/about.tsx': 'export default function About() {}\n',
  });

  it('puts a literal basePath in front of every route, pages and API routes alike', async () => {
    const { text, config } = await render(app("/** @type {import('next').NextConfig} */\nmodule.exports = {\n  reactStrictMode: true,\n  basePath: '/docs/',\n};\n"));
    assert.deepEqual(rows(config), ['GET /docs page critical', 'GET /docs/about page', 'GET /docs/api/items read', 'GET /docs/login page critical']);
    assert.doesNotMatch(text, /# Note:/);
  });

  it('reads a const the config names (shorthand or not), in next.config.ts and .mjs too', async () => {
    const shorthand = await render(
      app("const basePath = '/shop';\nconst nextConfig: NextConfig = { basePath, output: 'standalone' };\nexport default nextConfig;\n", 'next.config.ts'),
    );
    assert.ok(rows(shorthand.config).includes('GET /shop/login page critical'));
    const named = await render(app('const BASE = "/app"\nexport default { basePath: BASE }\n', 'next.config.mjs'));
    assert.ok(rows(named.config).includes('GET /app/api/items read'));
  });

  it('lists the routes without a basePath read from the environment, and says so', async () => {
    const { text, config } = await render(app('module.exports = { basePath: process.env.NEXT_PUBLIC_BASE_PATH || "" };\n'));
    assert.ok(rows(config).includes('GET /login page critical'));
    assert.match(text, /^# Note: next\.config\.js sets basePath to a value read at build time: routes are listed without it\.$/m);
  });

  it('ignores a commented-out basePath', async () => {
    const { config } = await render(app("module.exports = {\n  // basePath: '/old',\n};\n"));
    assert.ok(rows(config).includes('GET /login page critical'));
  });
});

describe('init: Pages Router', () => {
  it('reads pages/*.tsx as pages and pages/api/* with the methods the handler compares req.method against', async () => {
    const { config } = await render({
      'package.json': JSON.stringify({ name: 'pages-app', dependencies: { next: '13.0.0' } }),
      'pages/index.tsx': 'export default function Home() {}\n',
      'pages/_app.tsx': 'export default function App() {}\n',
      'pages/404.tsx': 'export default function NotFound() {}\n',
      'pages/about.tsx': 'export default function About() {}\n',
      'pages/blog/[slug].tsx': 'export default function Post() {}\n',
      'pages/api/users/index.ts': "export default function h(req, res) { if (req.method === 'POST') create(); else if (req.method === 'GET') list(); }\n",
      'pages/api/signup.ts': "export default function h(req, res) { if (req.method !== 'POST') return res.status(405).end(); }\n",
      'pages/api/orders/[id].ts': "export default function h(req, res) { switch (req.method) { case 'GET': return get(); case 'DELETE': return del(); } }\n",
      'pages/api/ping.ts': 'export default function h(req, res) { res.send("pong"); }\n',
    });
    assert.deepEqual(rows(config), [
      'DELETE /api/orders/:id public-api',
      'GET / page critical',
      'GET /about page',
      'GET /api/orders/:id read',
      'GET /api/ping health critical',
      'GET /api/users read',
      'GET /blog/:slug page',
      'POST /api/signup signup',
      'POST /api/users public-api',
    ]);
  });
});

describe('init: Remix / React Router flat routes', () => {
  it('reads app/routes with + folders, pathless _layouts, $params, loaders and actions', async () => {
    const { config } = await render({
      'package.json': JSON.stringify({ name: 'mono', workspaces: ['apps/*'] }),
      'apps/remix/package.json': JSON.stringify({ dependencies: { 'react-router': '7.0.0', '@react-router/dev': '7.0.0' } }),
      'apps/remix/app/routes/_index.tsx': 'export async function loader() { return redirect("/dashboard"); }\n',
      'apps/remix/app/routes/_unauthenticated+/_layout.tsx': 'export default function L() {}\n',
      'apps/remix/app/routes/_unauthenticated+/signin.tsx': 'export async function loader() {}\nexport default function SignIn() {}\n',
      'apps/remix/app/routes/_unauthenticated+/reset-password.$token.tsx': 'export default function R() {}\n',
      'apps/remix/app/routes/_authenticated+/o.$orgUrl.settings._index.tsx': 'export default function S() {}\n',
      'apps/remix/app/routes/_authenticated+/settings+/security.sessions.tsx': 'export default function ActiveSessions() {}\n',
      'apps/remix/app/routes/api+/health.ts': 'export const loader = async () => Response.json({ ok: true });\n',
      'apps/remix/app/routes/api+/stripe.webhook.ts': 'export async function action({ request }) {}\n',
      'apps/remix/app/routes/files/route.tsx': 'export default function Files() {}\n',
      'apps/remix/app/routes/files/helper.ts': 'export const x = 1;\n',
    });
    assert.deepEqual(rows(config), [
      'GET / read critical',
      'GET /api/health health critical',
      'GET /files page',
      'GET /o/:orgUrl/settings page',
      'GET /reset-password/:token page',
      'GET /settings/security/sessions page',
      'GET /signin page critical',
      'POST /api/stripe/webhook webhook',
    ]);
  });
});

describe('init: Rails routes.rb', () => {
  const routesRb = `Rails.application.routes.draw do
  devise_for :users, skip: [:registrations]
  use_doorkeeper

  resources :sessions, only: %i[new create destroy]
  resource :password_reset, only: [ :new, :create ]
  resource :registration, only: :create

  resources :projects, except: [:edit, :destroy] do
    resources :tasks, only: :index
    member do
      post :archive
    end
    get :search, on: :collection
  end

  namespace :api do
    namespace :v1 do
      post "auth/login", to: "auth#login"
      resources :items, only: [ :index, :show ]
      if Rails.env.test?
        get "test_only", to: "test#index"
      end
    end
  end

  namespace :webhooks do
    post "stripe"
  end

  direct :homepage do
    "https://example.com"
  end

  scope "(:locale)" do
    get "pricing" => "pages#pricing"
  end

  draw :admin

  match "legacy", to: "pages#legacy", via: [:get, :link]
  get "up" => "rails/health#show", as: :rails_health_check
  root "pages#dashboard"
end
`;

  it('nests namespaces and resources, honours only:/except:, skips test-only routes, and turns devise_for into sign-in routes', async () => {
    const { config } = await render({
      Gemfile: "source 'https://rubygems.org'\ngem 'rails', '~> 7.2'\n",
      'config/routes.rb': routesRb,
      'config/routes/admin.rb': 'namespace :admin do\n  resources :users, only: :index\nend\n',
    });
    assert.deepEqual(rows(config), [
      'DELETE /sessions/:id public-api',
      'DELETE /users/sign_out public-api',
      'GET / page critical',
      'GET /admin/users page',
      'GET /api/v1/items read',
      'GET /api/v1/items/:id read',
      'GET /legacy page',
      'GET /oauth/authorize page',
      'GET /password_reset/new page',
      'GET /pricing page',
      'GET /projects page',
      'GET /projects/:id page',
      'GET /projects/:project_id/tasks page',
      'GET /projects/new page',
      'GET /projects/search page',
      'GET /sessions/new page critical',
      'GET /up health critical',
      'GET /users/password/edit page',
      'GET /users/password/new page',
      'GET /users/sign_in page',
      'PATCH /projects/:id public-api',
      'PATCH /users/password password-reset',
      'POST /api/v1/auth/login login',
      'POST /oauth/token login',
      'POST /password_reset password-reset',
      'POST /projects public-api',
      'POST /projects/:id/archive public-api',
      'POST /registration signup',
      'POST /sessions login',
      'POST /users/password password-reset',
      'POST /users/sign_in login',
      'POST /webhooks/stripe webhook',
    ]);
  });
});

describe('init: Rails concerns and shallow nesting', () => {
  // the Rails routing guide's own examples (2.7.2 shallow nesting, 2.7.3 shallow_path, 2.8 routing concerns)
  const routesRb = `Rails.application.routes.draw do
  concern :commentable do
    resources :comments, only: [:index, :create]
  end
  concern :image_attachable do
    resources :images, only: :index
  end

  resources :messages, only: :show, concerns: :commentable
  resources :articles, only: :index, concerns: [:commentable, :image_attachable]
  resources :posts, only: :index do
    concerns :commentable
  end

  resources :tests, only: :index, shallow: true do
    resources :questions, only: [:index, :show, :update] do
      resources :answers, only: [:index, :destroy]
      member do
        post :publish
      end
    end
  end

  namespace :api do
    resources :boards, only: [], shallow: true do
      resources :cards, only: [:create, :show]
    end
  end

  scope shallow_path: "sekret" do
    resources :projects, only: [] do
      resources :notes, only: [:index, :show], shallow: true
    end
  end

  shallow do
    resources :teams, only: [] do
      resources :members, only: [:index, :destroy]
    end
  end
end
`;

  it('writes a concern where a resource names it, and moves shallow member routes out of their parents', async () => {
    const { config } = await render({ Gemfile: "gem 'rails'\n", 'config/routes.rb': routesRb });
    const keys = (config.routes ?? []).map((r) => `${r.method} ${r.path}`).sort();
    assert.deepEqual(keys, [
      'DELETE /answers/:id',
      'DELETE /members/:id',
      'GET /api/cards/:id',
      'GET /articles',
      'GET /articles/:article_id/comments',
      'GET /articles/:article_id/images',
      'GET /messages/:id',
      'GET /messages/:message_id/comments',
      'GET /posts',
      'GET /posts/:post_id/comments',
      'GET /projects/:project_id/notes',
      'GET /questions/:id',
      'GET /questions/:question_id/answers',
      'GET /sekret/notes/:id',
      'GET /teams/:team_id/members',
      'GET /tests',
      'GET /tests/:test_id/questions',
      'PATCH /questions/:id',
      'POST /api/boards/:board_id/cards',
      'POST /articles/:article_id/comments',
      'POST /messages/:message_id/comments',
      'POST /posts/:post_id/comments',
      'POST /questions/:id/publish',
    ]);
  });
});

describe('init: Rails scopes as the routing guide defines them', () => {
  it('scope module: keeps the path, a scope with a :param adds it, path_names renames new and edit', async () => {
    const { config } = await render({
      Gemfile: "gem 'rails'\n",
      'config/routes.rb': `Rails.application.routes.draw do
  scope module: "admin" do
    resources :articles, only: :index
  end
  scope ":account_id", as: "account", constraints: { account_id: /\\d+/ } do
    resources :projects, only: :index
  end
  namespace :admin, path: "sekret" do
    resources :users, only: :index
  end
  scope(path_names: { new: "neu", edit: "bearbeiten" }) do
    resources :categories, only: [:new, :edit], path: "kategorien"
  end
  resources :photos, only: [:new], path_names: { new: "make" }
  resources :magazines, only: [] do
    resources :ads, only: :index, module: "pub"
  end
end
`,
    });
    assert.deepEqual((config.routes ?? []).map((r) => `${r.method} ${r.path}`).sort(), [
      'GET /:account_id/projects',
      'GET /articles',
      'GET /kategorien/:id/bearbeiten',
      'GET /kategorien/neu',
      'GET /magazines/:magazine_id/ads',
      'GET /photos/make',
      'GET /sekret/users',
    ]);
  });
});

describe('init: the sign-in page', () => {
  it('is a page (the protection stage bursts only writes), and a settings page listing sessions is not it', async () => {
    const { config } = await render({
      'package.json': JSON.stringify({ name: 'app', dependencies: { next: '15.0.0' } }),
      'app/page.tsx': 'export default function Home() {}\n',
      'app/settings/security/sessions/page.tsx': 'export default function ActiveSessions() {}\n',
      'app/api/sessions/route.ts': 'export async function POST() {}\n',
    });
    assert.deepEqual(rows(config), ['GET / page critical', 'GET /settings/security/sessions page', 'POST /api/sessions login']);
  });
});

describe('init: over the route cap', () => {
  it('keeps sign-in, health, webhook and top-level routes, says how many were left out, and marks at most a handful critical', async () => {
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'big', dependencies: { next: '15.0.0' } }),
      'src/app/page.tsx': 'export default function Home() {}\n',
      'src/app/login/page.tsx': 'export default function Login() {}\n',
      'src/app/api/heartbeat/route.ts': 'export async function GET() {}\n',
      'src/app/api/auth/login/route.ts': 'export async function POST() {}\n',
      'src/app/api/send/route.ts': 'export async function POST() {}\n',
      'src/app/api/webhooks/github/route.ts': 'export async function POST() {}\n',
      'src/app/pricing/page.tsx': 'export default function P() {}\n',
    };
    // 60 nested resources sorting before and after everything above: a cap in walk order, either way round, keeps only these
    for (let i = 0; i < 30; i++)
      for (const prefix of ['aa', 'zz'])
        files[`src/app/api/${prefix}${String(i).padStart(2, '0')}/[id]/items/[itemId]/route.ts`] = 'export async function GET() {}\nexport async function DELETE() {}\n';
    const { text, config } = await render(files);
    const keys = (config.routes ?? []).map((r) => `${r.method} ${r.path}`);
    assert.equal(keys.length, MAX_ROUTES);
    for (const want of ['GET /', 'GET /login', 'GET /api/heartbeat', 'POST /api/auth/login', 'POST /api/send', 'POST /api/webhooks/github', 'GET /pricing'])
      assert.ok(keys.includes(want), want);
    assert.match(text, /# 40 of 127 routes found are listed; 87 left out\./);
    const critical = (config.routes ?? []).filter((r) => r.critical);
    assert.deepEqual(critical.map((r) => `${r.method} ${r.path}`).sort(), ['GET /', 'GET /api/heartbeat', 'GET /login']);
    assert.ok(critical.length <= 5);
  });
});

describe('init: Django URLconf', () => {
  it('follows ROOT_URLCONF through include() of modules and of local lists, with their prefixes and trailing slashes', async () => {
    const { config } = await render({
      'requirements.txt': 'Django==5.1\npsycopg==3.2\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      'shop/settings.py': 'ROOT_URLCONF = "shop.urls"\n',
      'shop/urls.py': [
        'from django.urls import include, path',
        'prefix = ""',
        'urlpatterns = [',
        '    path(f"{prefix}admin/", admin.site.urls),',
        '    path(prefix, include("shop.orders.urls")),',
        '    path("accounts/", include("shop.accounts.urls")),',
        ']',
      ].join('\n'),
      'shop/orders/urls.py': [
        'from django.urls import include, path',
        'api_urls = [',
        '    path("orders/", views.orders),',
        '    path("orders/<uuid:code>/", views.order),',
        ']',
        'urlpatterns = [',
        '    path("", views.index),',
        '    re_path(r"^legacy/(?P<x>\\d+)$", views.legacy),',
        '    path("api/v1/", include(api_urls)),',
        ']',
      ].join('\n'),
      'shop/accounts/urls.py': 'urlpatterns = [\n    path("login/", views.login),\n]\n',
    });
    assert.deepEqual((config.routes ?? []).map((r) => r.path).sort(), ['/', '/accounts/login/', '/admin/', '/api/v1/orders/', '/api/v1/orders/:code/']);
  });
});
