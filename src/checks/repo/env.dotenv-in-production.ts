// The entry point loads a local .env file unconditionally: production silently depends on a file on disk.
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'env.dotenv-in-production',
    title: 'Production does not load a local .env file',
    failureTitle: 'The entry point loads a .env file in production',
    requires: ['env'],
    fix: "Load dotenv only outside production (if (process.env.NODE_ENV !== 'production') …) or via the dev script (node -r dotenv/config), and set production values in the platform.",
    docs: {
      why: 'When the entry point always loads `.env`, production quietly depends on a file copied onto the server or baked into the image: values drift from the platform’s settings, a stale file overrides a rotated secret, and the credentials end up in the image layers.',
      fix: 'Keep dotenv for development only: `if (process.env.NODE_ENV !== \'production\') await import(\'dotenv/config\');`, or move it to the dev script (`"dev": "node -r dotenv/config src/server.js"`, `node --env-file=.env` in dev only). In Python call `load_dotenv()` only when a development flag is set. Set production values in the platform’s environment settings or secret store.',
      references: ['https://12factor.net/config', 'https://github.com/motdotla/dotenv#how-do-i-use-dotenv-with-import', 'https://nodejs.org/api/cli.html#--env-fileconfig'],
    },
  },
  ({ env }) => {
    if (env.dotenv.length === 0) return notApplicable('no dotenv loading found in the code');
    return env.dotenv
      .filter((d) => d.entryPoint && !d.guarded)
      .map((d) => ({ target: d.at, title: `${d.at} loads .env unconditionally (${d.form})`, evidence: { at: d.at, form: d.form, guarded: false } }));
  },
);
