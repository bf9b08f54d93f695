import check from '../../../src/checks/web/http.cookie-insecure.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, route, webFactsWith } from './web-facts.ts';

const cookies = (lines: string[], url = 'https://app.acme.test/') => webFactsWith({ pages: [page(url, { 'set-cookie': lines })] });

checkTester(check, {
  pass: [
    { name: 'secure session cookie', facts: cookies(['session=abcd…(32 chars); Path=/; Secure; HttpOnly; SameSite=Lax', 'theme=dark; Secure']) },
    { name: 'non-session cookie over http only needs nothing', facts: cookies(['theme=dark'], 'http://app.acme.test/') },
  ],
  fail: [
    {
      name: 'session cookie without Secure and HttpOnly',
      facts: cookies(['sid=abcd…(32 chars); Path=/']),
      findings: [
        {
          target: 'app.acme.test cookie sid',
          severity: 'high',
          evidence: {
            setCookie: 'sid=abcd…(32 chars); Path=/',
            problems: ['no Secure attribute', 'session-like cookie without HttpOnly'],
            url: 'https://app.acme.test/',
            sessionLike: true,
          },
        },
      ],
    },
    {
      name: 'SameSite=None without Secure on a route',
      facts: webFactsWith({ routes: [route('/api/me', { 'set-cookie': 'prefs=1; SameSite=None' })] }),
      findings: [{ title: /SameSite=None without Secure/ }],
    },
    {
      name: 'session cookie over http lacks HttpOnly',
      facts: cookies(['auth_token=x; Path=/'], 'http://app.acme.test/'),
      findings: [{ evidence: { setCookie: 'auth_token=x; Path=/', problems: ['session-like cookie without HttpOnly'], url: 'http://app.acme.test/', sessionLike: true } }],
    },
  ],
  notApplicable: [{ name: 'no cookies', facts: webFactsWith({ pages: [page('https://app.acme.test/')] }) }],
});
