// The app reads env vars without validating them at boot: a missing value fails later, on a user's request.
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'env.no-startup-validation',
    title: 'Environment variables are validated at startup',
    failureTitle: 'Environment variables are not validated at startup',
    requires: ['env'],
    fix: 'Parse process.env once at boot with envalid, zod, valibot or t3-env (pydantic BaseSettings in Python) and exit when a variable is missing.',
    docs: {
      why: 'Without validation at boot, a missing or malformed variable surfaces as `undefined` deep inside a request: the deploy looks healthy and the first checkout fails. Validating once at startup turns it into a failed deploy that the platform rolls back.',
      fix: "Declare the variables in one module and parse them at boot, e.g. with zod: `export const env = z.object({ DATABASE_URL: z.string().url(), STRIPE_SECRET_KEY: z.string().startsWith('sk_') }).parse(process.env);`, or `cleanEnv(process.env, { ... })` with envalid, `createEnv` with t3-env, `class Settings(BaseSettings)` with pydantic. Import that module first in the entry point.",
      references: ['https://github.com/af/envalid', 'https://zod.dev/', 'https://env.t3.gg/', 'https://docs.pydantic.dev/latest/concepts/pydantic_settings/'],
    },
  },
  ({ env }) => {
    const read = env.vars.filter((v) => v.reads > 0 && !v.wellKnown);
    if (read.length === 0) return notApplicable('the code reads no environment variables');
    if (env.validation.length > 0) return [];
    return [
      {
        target: 'environment',
        title: `${read.length} environment variable${read.length === 1 ? ' is' : 's are'} read without validation at startup`,
        evidence: { variables: read.slice(0, 10).map((v) => v.name), count: read.length, firstReadAt: read[0]?.readAt[0] ?? null },
      },
    ];
  },
);
