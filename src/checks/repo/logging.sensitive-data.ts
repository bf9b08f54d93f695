import { defineCheck, inputMissing } from '../define.js';

export default defineCheck(
  {
    id: 'logging.sensitive-data',
    title: 'Code does not log secrets or whole requests',
    failureTitle: 'Code passes secrets or whole requests to a logger',
    requires: ['logs'],
    fix: 'Log only the fields you need (ids, status, timings); never passwords, tokens, Authorization/Cookie headers or whole request bodies. Use the logger’s redaction option.',
    docs: {
      why: 'Logs are copied to log services, shared in tickets and kept for months, usually with far weaker access control than the database. A password, session cookie or bearer token written to a log is a leaked credential; a whole request body or headers object carries all of them at once.',
      fix: 'Log an allow-list of fields: `logger.info({ userId: user.id, route: req.path }, "login")` instead of `logger.info(req.body)` or `console.log(req.headers)`. Configure redaction as a safety net: pino `redact: ["req.headers.authorization", "req.headers.cookie", "*.password"]`, winston a format that drops those keys, Python `logging.Filter`, Rails `config.filter_parameters += [:password, :token]`. Calls that run only in development (inside `if (process.env.NODE_ENV === "development")`, `if settings.DEBUG:`, `Rails.env.development?`), pagination tokens (`nextPageToken`, `cursor`) and fields a helper picks from the request (`logger.info(toLogFields(req))`) are not reported.',
      references: ['https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude', 'https://getpino.io/#/docs/redaction'],
    },
  },
  ({ logs }) => {
    if (!logs.codeScan) return inputMissing('no repository given: only log files were scanned');
    return logs.codeScan.calls.map((c) => ({
      target: `${c.file}:${c.line}`,
      title: `${c.file}:${c.line} logs ${c.passes.join(', ')}`,
      evidence: { file: c.file, line: c.line, call: c.call, passes: c.passes },
    }));
  },
);
