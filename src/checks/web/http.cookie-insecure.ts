import { cookieProblems, isSessionLike, parseSetCookie } from '../../analyze/cookies.js';
import { allResponses, headerValues, hostOf, responsesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'http.cookie-insecure',
    title: 'Cookies are Secure, and session cookies HttpOnly',
    failureTitle: 'A cookie is missing Secure or HttpOnly',
    requires: ['web'],
    fix: 'Set cookies with Secure; HttpOnly; SameSite=Lax, e.g. Set-Cookie: session=...; Path=/; Secure; HttpOnly; SameSite=Lax',
    docs: {
      why: 'A cookie without Secure is also sent over plain http, where anyone on the network can read it; a session cookie without HttpOnly can be stolen by any injected script; SameSite=None without Secure is rejected by browsers.',
      fix: 'Add the attributes where the cookie is set: `Set-Cookie: session=...; Path=/; Secure; HttpOnly; SameSite=Lax`. Express: `cookie: { secure: true, httpOnly: true, sameSite: "lax" }`; behind a proxy also `app.set("trust proxy", 1)`.',
      references: [
        'https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#security',
        'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies',
      ],
    },
  },
  ({ web }) => {
    const setting = allResponses(web).filter((r) => headerValues(r.response, 'set-cookie').length > 0);
    if (setting.length === 0) return unreachedOrNotApplicable(responsesUnreached(web), 'no response set a cookie');
    const seen = new Set<string>();
    const drafts = [];
    for (const r of setting) {
      const https = r.response.url.startsWith('https:');
      const host = hostOf(r.response.url);
      for (const line of headerValues(r.response, 'set-cookie')) {
        const cookie = parseSetCookie(line);
        if (!cookie || seen.has(`${host} ${cookie.name}`)) continue;
        seen.add(`${host} ${cookie.name}`);
        // Secure only matters for cookies set over https; over http the redirect checks cover it.
        const problems = cookieProblems(cookie).filter((p) => https || p.includes('HttpOnly'));
        if (problems.length === 0) continue;
        drafts.push({
          target: `${host} cookie ${cookie.name}`,
          title: `Cookie ${cookie.name} on ${host}: ${problems.join(', ')}`,
          evidence: { setCookie: line, problems, url: r.response.url, sessionLike: isSessionLike(cookie.name) },
          fix: `Set-Cookie: ${cookie.name}=...; Path=${cookie.path ?? '/'}; Secure${isSessionLike(cookie.name) || cookie.httpOnly ? '; HttpOnly' : ''}; SameSite=${cookie.sameSite === 'none' ? 'None' : 'Lax'}`,
        });
      }
    }
    return drafts;
  },
);
