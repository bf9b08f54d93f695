// An env var the code reads is documented nowhere: whoever deploys will not know to set it.
import { WELL_KNOWN_ENV_VARS } from '../../analyze/env-refs.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'env.undocumented-var',
    title: 'Every environment variable the code reads is documented',
    failureTitle: 'An environment variable the code reads is documented nowhere',
    requires: ['env'],
    fix: 'Add the variable to .env.example (name and a placeholder), to the env schema, or to the deploy manifest.',
    docs: {
      why: 'A variable the code reads but nobody wrote down is the one that is missing on the new production host: the app boots with `undefined` and shows a blank screen or fails on the first payment. Documenting it in `.env.example`, an env schema or the deploy manifest is what makes a deploy repeatable.',
      fix: `List every variable in \`.env.example\` with a placeholder value (\`STRIPE_SECRET_KEY=sk_live_replace_me\`), or declare it in your env schema (envalid, zod, t3-env) or the platform manifest (fly.toml \`[env]\`, render.yaml \`envVars\`, compose \`environment:\`). A README mention also counts. Variables set by the runtime or platform are not reported: ${[...WELL_KNOWN_ENV_VARS].slice(0, 12).join(', ')} and the others in the built-in list, plus the npm_, GITHUB_, RUNNER_, VERCEL_, RENDER_, FLY_, RAILWAY_, NETLIFY_, HEROKU_, K_, AWS_LAMBDA_, CF_PAGES, CI_, GITLAB_, CIRCLE_, BUILDKITE_, VITEST_, JEST_ and PLAYWRIGHT_ prefixes. Variables a package.json script sets (\`NODE_ENV=test vitest\`), keys of next.config \`env:\` (shorthand keys too) and names inside comments are not reported. Nor are variables read only by developer tooling (vitest, jest, playwright, cypress, eslint, prettier and storybook configs, the setup files a test runner config names) or by operator scripts (\`scripts/\`, Rails \`lib/tasks/*.rake\`) that no start command runs: a script reached from \`start*\` / \`serve\` or from a Dockerfile \`CMD\` / Procfile (\`npm run start-docker\` → \`node scripts/check-db.js\`) runs with the app, so its variables count.`,
      references: ['https://12factor.net/config', 'https://env.t3.gg/docs/introduction', 'https://github.com/af/envalid'],
    },
  },
  ({ env }) => {
    const read = env.vars.filter((v) => v.reads > 0 && !v.wellKnown);
    if (read.length === 0) return notApplicable('the code reads no environment variables');
    return read
      .filter((v) => v.documentedAt.length === 0)
      .map((v) => ({
        target: v.name,
        title: `${v.name} is read by the code but documented nowhere`,
        fix: `Add ${v.name}= with a placeholder to .env.example (or to the env schema / deploy manifest).`,
        evidence: { variable: v.name, readAt: v.readAt.slice(0, 5), reads: v.reads },
      }));
  },
);
