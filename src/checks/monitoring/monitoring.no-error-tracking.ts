import { REPO_ROOT } from '../../facts/index.js';
import { defineCheck, inputMissing } from '../define.js';

export default defineCheck(
  {
    id: 'monitoring.no-error-tracking',
    title: 'An error-tracking SDK is installed and initialised',
    failureTitle: 'No error-tracking SDK is installed and initialised',
    requires: ['monitoring'],
    fix: 'Install an error tracker (Sentry, Rollbar, Bugsnag, Honeybadger, Datadog, an OpenTelemetry exporter...) and initialise it at the app entry point.',
    docs: {
      why: 'Uptime monitors see the app answer; they do not see the exception a tenth of users hit on checkout. An error tracker reports every unhandled error with its stack trace and how many users it touched, which is how launch-day bugs get found in minutes instead of from support tickets.',
      fix: 'Install the SDK and initialise it as early as possible, e.g. Node `npm i @sentry/node` then `Sentry.init({ dsn: process.env.SENTRY_DSN })` before the app is created; Python `sentry_sdk.init(dsn=os.environ["SENTRY_DSN"])`; Rails `gem "sentry-rails"` plus `Sentry.init do |config| ... end` in an initializer. An SDK in package.json that is never initialised reports nothing.',
      references: ['https://docs.sentry.io/platforms/', 'https://opentelemetry.io/docs/languages/'],
    },
  },
  ({ monitoring }) => {
    if (!monitoring.repo) return inputMissing('no repository given: pass --repo DIR to look for an error-tracking SDK');
    const installed = new Set(monitoring.sdks.map((s) => s.provider));
    const initialised = new Set(monitoring.initialisations.map((i) => i.provider));
    if ([...installed].some((p) => initialised.has(p))) return [];
    const notInitialised = [...installed];
    return [
      {
        target: REPO_ROOT,
        title: notInitialised.length > 0 ? `${notInitialised.join(', ')} installed but never initialised` : 'No error-tracking SDK is installed',
        evidence: {
          installed: monitoring.sdks.slice(0, 10).map((s) => `${s.package} (${s.manifest})`),
          initialised: monitoring.initialisations.slice(0, 10).map((i) => `${i.provider} (${i.file}:${i.line})`),
          filesScanned: monitoring.filesScanned,
        },
      },
    ];
  },
);
