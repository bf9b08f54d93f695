// init on Node servers declared in code: Express routers, Hono sub-apps and basePath, Fastify plugins, with the
// prefixes their mounts give them, across files through relative imports and workspace packages only.
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

describe('init: Express routers mounted with app.use', () => {
  it('prefixes a router with every mount above it, across files (import, require, module.exports, router.route)', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'shop', dependencies: { express: '4.0.0' } }),
      'src/server.ts': [
        "import express from 'express';",
        "import apiRouter from './routes/api.js';",
        'const app = express();',
        'app.use(express.json());',
        "app.use('/api', requireAuth, apiRouter);",
        "app.get('/health', (req, res) => res.send('ok'));",
        'app.listen(3000);',
      ].join('\n'),
      'src/routes/api.ts': [
        "import { Router } from 'express';",
        "import users from './users';",
        'const router = Router();',
        "router.use('/users', users);",
        "router.post('/login', login);",
        'export default router;',
      ].join('\n'),
      'src/routes/users.js': [
        "const express = require('express');",
        'const router = express.Router();',
        "router.get('/', list);",
        "router.route('/:id').get(show).delete(remove);",
        'module.exports = router;',
      ].join('\n'),
    });
    assert.deepEqual(routes, ['DELETE /api/users/:id public-api', 'GET /api/users read', 'GET /api/users/:id read', 'GET /health health', 'POST /api/login login']);
  });

  it('takes no route from a client’s calls on an imported object that is no router', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'web', dependencies: { express: '4.0.0' } }),
      'src/http.ts': "import axios from 'axios';\nconst http = axios.create({ baseURL: '/api' });\nhttp.interceptors.request.use(addToken);\nexport default http;\n",
      'src/orders.ts': "import http from './http';\nexport const list = () => http.get('/orders');\nexport const create = (o) => http.post('/orders', o);\n",
      'src/server.ts': "import express from 'express';\nconst app = express();\napp.get('/health', h);\n",
    });
    assert.deepEqual(routes, ['GET /health health']);
  });

  it('stops at a mount cycle instead of looping', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'loop', dependencies: { express: '4.0.0' } }),
      'a.js': "const express = require('express');\nconst b = require('./b');\nconst app = express();\napp.use('/a', b);\napp.get('/x', h);\nmodule.exports = app;\n",
      'b.js':
        "const express = require('express');\nconst a = require('./a');\nconst router = express.Router();\nrouter.use('/b', a);\nrouter.get('/y', h);\nmodule.exports = router;\n",
    });
    assert.ok(routes.includes('GET /a/y page'), routes.join('\n'));
    assert.ok(routes.length < 10);
  });
});

describe('init: Koa routers', () => {
  it('reads koa-router prefixes, .routes() mounts and koa-mount', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'k', dependencies: { koa: '2.0.0' } }),
      'src/index.ts': [
        "import Koa from 'koa';",
        "import mount from 'koa-mount';",
        "import { adminApp } from './admin';",
        "import users from './users';",
        'const app = new Koa();',
        "app.use(mount('/admin', adminApp));",
        'app.use(users.routes()).use(users.allowedMethods());',
      ].join('\n'),
      'src/users.ts':
        "import Router from '@koa/router';\nconst router = new Router({ prefix: '/users' });\nrouter.get('/', list).post('/:id/avatar', upload);\nexport default router;\n",
      'src/admin.ts': "import Router from 'koa-router';\nexport const adminApp = new Router();\nadminApp.get('/stats', stats);\n",
    });
    assert.deepEqual(routes, ['GET /admin/stats report', 'GET /users page', 'POST /users/:id/avatar public-api']);
  });
});

describe('init: Hono sub-apps', () => {
  it('follows basePath, app.route and chained handlers, in files and workspace packages (documenso)', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'apps/web/package.json': JSON.stringify({ name: '@acme/web', dependencies: { hono: '4.0.0' } }),
      'apps/web/server/router.ts': [
        "import { Hono } from 'hono';",
        "import { auth } from '@acme/auth/server';",
        "import { filesRoute } from './api/files';",
        'const app = new Hono<HonoEnv>().basePath("/app");',
        "app.route('/api/auth', auth);",
        'app.route(`/api/files`, filesRoute);',
        'app.get(`/api/v2/openapi.json`, (c) => c.json(doc));',
        'export default app;',
      ].join('\n'),
      'apps/web/server/api/files.ts':
        "import { Hono } from 'hono';\nexport const filesRoute = new Hono<HonoEnv>()\n  .post('/upload-pdf', validator('form', schema), async (c) => {\n    return c.json({ ok: true });\n  })\n  .get(\n    '/token/:token{[a-z0-9]+}',\n    async (c) => c.body(null),\n  );\n",
      'packages/auth/package.json': JSON.stringify({ name: '@acme/auth', dependencies: { hono: '4.0.0' } }),
      'packages/auth/server/index.ts':
        "import { Hono } from 'hono';\nimport { emailPasswordRoute } from './routes/email-password';\nexport const auth = new Hono()\n  .get('/session', (c) => c.json({}))\n  .route('/email-password', emailPasswordRoute);\n",
      'packages/auth/server/routes/email-password.ts':
        "import { Hono } from 'hono';\nexport const emailPasswordRoute = new Hono()\n  .post('/authorize', async (c) => c.json({}))\n  .post('/signup', async (c) => c.json({}))\n  .post('/forgot-password', async (c) => c.json({}));\n",
    });
    assert.deepEqual(routes, [
      'GET /app/api/auth/session read',
      'GET /app/api/files/token/:token read',
      'GET /app/api/v2/openapi.json read',
      'POST /app/api/auth/email-password/authorize login',
      'POST /app/api/auth/email-password/forgot-password password-reset',
      'POST /app/api/auth/email-password/signup signup',
      'POST /app/api/files/upload-pdf public-api',
    ]);
  });
});

describe('init: Fastify plugins', () => {
  it('prefixes a registered plugin’s routes with its prefix option', async () => {
    const routes = await found({
      'package.json': JSON.stringify({ name: 'f', dependencies: { fastify: '4.0.0' } }),
      'src/app.js':
        "import Fastify from 'fastify';\nimport users from './users.js';\nconst app = Fastify();\napp.register(users, { prefix: '/v1' });\napp.get('/ping', async () => 'pong');\n",
      'src/users.js': "export default async function users(fastify) {\n  fastify.get('/users', list);\n  fastify.post('/users', create);\n}\n",
    });
    assert.deepEqual(routes, ['GET /ping health', 'GET /v1/users page', 'POST /v1/users public-api']);
  });
});

describe('init: a hostile server file', () => {
  it('reads 480 KB of unclosed nested calls in linear time (each call re-read the rest of the file: 2000 calls took over 30 s)', async () => {
    const started = Date.now();
    const routes = await found({
      'package.json': JSON.stringify({ name: 'h', dependencies: { express: '4.0.0' } }),
      // never closed: each call's scan used to run to the end of the file
      'nested.js': `${'app.use('.repeat(60_000)}'/x'${')'.repeat(1000)}\n`,
    });
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    assert.deepEqual(routes, []);
  });
});
