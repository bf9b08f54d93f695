// init on React Router apps whose routes are declared in code: v7 framework mode's app/routes.ts (route, index,
// layout, prefix), and single-page apps' createBrowserRouter objects and <Route> trees.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectRepo } from '../../src/init/detect.ts';
import { writeRepo } from '../support/repo-fixture.ts';

async function found(files: Record<string, string>): Promise<string[]> {
  const repo = await writeRepo(files);
  try {
    return detectRepo(repo.dir)
      .routes.map((r) => `${r.method} ${r.path} ${r.kind}`)
      .sort();
  } finally {
    await repo.remove();
  }
}

const page = 'export default function Page() { return null; }\n';

describe('init: React Router v7 app/routes.ts', () => {
  it('reads route, index, layout and ...prefix, with each module’s loader and action', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'rr7', dependencies: { 'react-router': '7.0.0', '@react-router/dev': '7.0.0' } }),
      'app/routes.ts': [
        'import { type RouteConfig, index, layout, prefix, route } from "@react-router/dev/routes";',
        '',
        'export default [',
        '  index("routes/home.tsx"),',
        '  route("/healthz", "routes/util/healthz.ts"),',
        '  // route("old", "routes/old.tsx"),',
        '  route("login", "./routes/auth/login.tsx"),',
        '  layout("layouts/app.tsx", [',
        '    ...prefix("projects", [',
        '      index("routes/projects.tsx"),',
        '      route(":projectId", "routes/project.tsx", [',
        '        route("settings", "routes/project-settings.tsx"),',
        '      ]),',
        '    ]),',
        '  ]),',
        '  ...prefix("/api", [route("/webhooks/stripe", "routes/api/stripe.ts")]),',
        '  route("*", "routes/not-found.tsx"),',
        '  route("rsc", "routes/rsc.tsx"),',
        '] satisfies RouteConfig;',
      ].join('\n'),
      'app/routes/home.tsx': page,
      'app/routes/util/healthz.ts': 'export async function loader() { return new Response("ok"); }\n',
      'app/routes/auth/login.tsx': 'export async function action({ request }) {}\n' + page,
      'app/layouts/app.tsx': page,
      'app/routes/projects.tsx': page,
      'app/routes/project.tsx': page,
      'app/routes/project-settings.tsx': page,
      'app/routes/api/stripe.ts': 'export async function action({ request }) {}\n',
      'app/routes/not-found.tsx': page,
      'app/routes/rsc.tsx': 'export function ServerComponent() { return null; }\n',
      // not in routes.ts: the config decides, so this file is no route
      'app/routes/stray.tsx': page,
    });
    assert.deepEqual(routes, [
      'GET / page',
      'GET /healthz health',
      'GET /login page',
      'GET /projects page',
      'GET /projects/:projectId page',
      'GET /projects/:projectId/settings page',
      'GET /rsc page',
      'POST /api/webhooks/stripe webhook',
      'POST /login login',
    ]);
  });

  it('still reads app/routes when routes.ts takes them from the file system (flatRoutes)', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'rr7', dependencies: { '@react-router/dev': '7.0.0' } }),
      'app/routes.ts': 'import { flatRoutes } from "@react-router/fs-routes";\nexport default flatRoutes() satisfies RouteConfig;\n',
      'app/routes/about.tsx': page,
    });
    assert.deepEqual(routes, ['GET /about page']);
  });
});

describe('init: React Router routes in code (single-page apps)', () => {
  it('reads createBrowserRouter route objects: nested paths, index routes, pathless layouts', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'spa', dependencies: { 'react-router-dom': '6.22.0', react: '18.0.0' } }),
      'src/main.tsx': [
        'const router = createBrowserRouter([',
        '  {',
        '    path: "/",',
        '    element: <Root />,',
        '    errorElement: <ErrorPage />,',
        '    children: [',
        '      { index: true, element: <Home /> },',
        "      { path: 'contacts/:contactId', element: <Contact />, loader: contactLoader },",
        '      {',
        '        element: <RequireAuth />,',
        '        children: [{ path: "settings", children: [{ path: "billing", element: <Billing /> }] }],',
        '      },',
        '      { path: "/signin", element: <SignIn /> },',
        '      { path: "*", element: <NotFound /> },',
        '    ],',
        '  },',
        ']);',
      ].join('\n'),
    });
    assert.deepEqual(routes, ['GET / page', 'GET /contacts/:contactId page', 'GET /settings page', 'GET /settings/billing page', 'GET /signin page']);
  });

  it('reads <Route> trees: nesting, self-closing routes, index, and element attributes with JSX inside', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'spa', dependencies: { 'react-router': '7.0.0' } }),
      'src/App.tsx': [
        'export function App() {',
        '  return (',
        '    <Routes>',
        '      <Route path="/" element={<Layout nav={<Nav items={[1, 2]} />} />}>',
        '        <Route index element={<Dashboard />} />',
        "        <Route path='teams' element={<Teams />}>",
        '          <Route path=":teamId" element={<Team />} />',
        '        </Route>',
        '        <Route path={"invoices"} element={<Invoices />} />',
        '        <Route path={paths.secret} element={<Secret />} />',
        '      </Route>',
        '      <Route path="/login" element={<Login />} />',
        '    </Routes>',
        '  );',
        '}',
      ].join('\n'),
    });
    assert.deepEqual(routes, ['GET / page', 'GET /invoices page', 'GET /login page', 'GET /teams page', 'GET /teams/:teamId page']);
  });
});
