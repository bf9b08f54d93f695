// Credential detection rules (real token formats + tuned generic assignments) and the line scanner that applies them.
// Positive examples are assembled at load time so this file never contains a literal credential the scanner would flag.

import { shannonEntropy } from './entropy.js';
import { isLockfile, isTestOrFixturePath } from './file-class.js';
import { findAssignments, findXmlElement } from './secret-assignment.js';
import type { SecretContext } from './secret-context.js';
import { hitContext, isJwt, isPublishedExample } from './secret-context.js';
import { hasSequentialRun, isPasswordHash, isPlaceholder, isPlaceholderPassword } from './secret-shape.js';

export type { SecretContext } from './secret-context.js';

export interface SecretRule {
  id: string;
  description: string;
  /** Lower-case literals; a line is only matched against the regex when it contains one (cheap prefilter). */
  keywords: string[];
  /** The credential is the last capture group that matched (or the whole match without groups). */
  regex: RegExp;
  /** Minimum Shannon entropy (bits per char) of the credential. */
  minEntropy?: number;
  /** Assignment heuristics rather than a token format: skipped in lock files, tests, example env files and minified lines. */
  generic?: boolean;
  /** Named-assignment rule: matched by findAssignments (src/analyze/secret-assignment.ts), not by `regex`. */
  assignment?: boolean;
  /** A whole match that also matches this is not a credential (e.g. search-only keys). */
  reject?: RegExp;
  /** A password a person chose: values made only of words like password / secret are placeholders. */
  humanChosen?: boolean;
  /** Values of this family belong to this rule: the named-assignment rule stays silent when this rule did not match. */
  owns?: RegExp;
  /** Structural check of a match the regex cannot express (a JWT header that decodes to JSON). */
  verify?: (value: string) => boolean;
  /** PEM block: the value is the header plus the first body characters, and a body must follow. */
  pem?: boolean;
  examples: { positive: string[]; negative: string[] };
}

export interface SecretHit {
  ruleId: string;
  /** 1-based line number in the file. */
  line: number;
  /** 1-based column of the credential. */
  column: number;
  /** Raw value: callers mask it (maskSecret) and register it with the redactor before it goes anywhere. */
  value: string;
  /** `launchready:ignore` / `launchready-ignore` on the line or the line above. */
  suppressed: boolean;
  /** Where the value sits and what it is: decides the finding's severity (only `live` is a blocker). */
  context: SecretContext;
}

// Deterministic pseudo-random example bodies (mulberry32), so examples look like real high-entropy tokens.
let exampleSeed = 0x5eed;
function fake(length: number, charset: string): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    exampleSeed = (exampleSeed + 0x6d2b79f5) | 0;
    let t = exampleSeed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out += charset[Math.floor(r * charset.length)];
  }
  return out;
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}_-`;
const LOWER_ALNUM = LOWER + DIGITS;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const uuid = (): string => `${fake(8, HEX)}-${fake(4, HEX)}-4${fake(3, HEX)}-a${fake(3, HEX)}-${fake(12, HEX)}`;
const b64url = (text: string): string => Buffer.from(text).toString('base64url');
/** Joins parts at load time: keeps credential-shaped literals out of this source file. */
const j = (...parts: string[]): string => parts.join('');

const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_])';
/** `name ... = "value"` style context for formats without a distinctive prefix. */
const ctx = (name: string, value: string, between = '[\\w.\\-]{0,25}?'): RegExp =>
  new RegExp(`(?<![A-Za-z0-9])${name}${between}["'\\]]?(?:[ \\t]{1,3}string)?[ \\t]{0,4}(?:::?:?=|[?.+]=|=>|<-|=|:|["'][ \\t]{0,4},)[ \\t]{0,4}["'\`]?(${value})${END}`, 'i');

const awsSecret = fake(40, B64);
const rsaKeyBody = fake(64, B64);

export const SECRET_RULES: SecretRule[] = [
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id',
    keywords: ['akia', 'asia', 'abia', 'acca'],
    regex: new RegExp(`${START}((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})${END}`),
    minEntropy: 3,
    examples: { positive: [j('aws_access_key_id = ', 'AKIA', fake(16, BASE32))], negative: [j('AKIA', 'IOSFODNN7EXAMPLE'), 'AKIA1234'] },
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    keywords: ['aws'],
    regex: /aws[\w.-]{0,20}?secret[\w.-]{0,20}?["']?\s*(?::=|=>|=|:)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    minEntropy: 3.5,
    examples: {
      positive: [j('AWS_SECRET_ACCESS_KEY=', awsSecret)],
      negative: ['AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}', j('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfi', 'CYEXAMPLEKEY')],
    },
  },
  {
    id: 'gcp-service-account-key',
    description: 'Google Cloud service account private key (JSON key file)',
    keywords: ['private_key'],
    regex: /"private_key"\s*:\s*"(-----BEGIN (?:RSA )?PRIVATE KEY-----\\n[A-Za-z0-9+/=]{40,})/,
    examples: {
      positive: [j('  "private_key": "-----BEGIN PRIVATE KEY-----', '\\n', 'MIIEv', fake(60, B64), '\\n"')],
      negative: ['  "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"', '"private_key_id": "abc"'],
    },
  },
  {
    id: 'gcp-api-key',
    description: 'Google Cloud / Firebase API key',
    keywords: ['aiza'],
    regex: new RegExp(`${START}(AIza[0-9A-Za-z_-]{35})${END}`),
    minEntropy: 3,
    examples: { positive: [j('const key = "AIza', fake(35, URLSAFE), '"')], negative: ['AIzaShort', j('AIza', 'x'.repeat(35))] },
  },
  {
    id: 'google-oauth-client-secret',
    description: 'Google OAuth client secret',
    keywords: ['gocspx-'],
    regex: new RegExp(`${START}(GOCSPX-[A-Za-z0-9_-]{28})${END}`),
    examples: { positive: [j('GOOGLE_CLIENT_SECRET=GOCSPX-', fake(28, URLSAFE))], negative: ['GOCSPX-short'] },
  },
  {
    id: 'azure-storage-account-key',
    description: 'Azure storage account key (connection string)',
    keywords: ['accountkey='],
    regex: /AccountKey=([A-Za-z0-9+/]{86}==)/,
    examples: {
      positive: [j('DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=', fake(86, B64), '==;EndpointSuffix=core.windows.net')],
      negative: ['AccountKey=<your-key>', 'AccountKey=${AZURE_KEY}'],
    },
  },
  {
    id: 'azure-ad-client-secret',
    description: 'Azure AD (Entra ID) client secret',
    keywords: ['q~'],
    regex: /(?:^|[\\'"`\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'"`\s<),])/,
    minEntropy: 3,
    examples: { positive: [j('AZURE_CLIENT_SECRET="', fake(3, ALNUM), '8Q~', fake(34, ALNUM), '"')], negative: ['value = "abc8Q~short"'] },
  },
  {
    id: 'stripe-secret-key',
    description: 'Stripe secret key (live or test)',
    keywords: ['sk_live_', 'sk_test_'],
    regex: new RegExp(`${START}(sk_(?:live|test)_[0-9a-zA-Z]{24,99})${END}`),
    minEntropy: 3,
    examples: {
      positive: [j('STRIPE_SECRET_KEY=sk_', 'live_', fake(24, ALNUM)), j("stripe('sk_", 'test_', fake(32, ALNUM), "')")],
      negative: [j('sk_', 'live_', 'x'.repeat(24)), 'sk_live_123', 'STRIPE_SECRET_KEY=sk_live_YOUR_KEY_HERE'],
    },
  },
  {
    id: 'stripe-restricted-key',
    description: 'Stripe restricted key',
    keywords: ['rk_live_', 'rk_test_'],
    regex: new RegExp(`${START}(rk_(?:live|test)_[0-9a-zA-Z]{24,99})${END}`),
    minEntropy: 3,
    examples: { positive: [j('rk_', 'live_', fake(40, ALNUM))], negative: ['rk_live_abc'] },
  },
  {
    id: 'stripe-webhook-secret',
    description: 'Stripe webhook signing secret',
    keywords: ['whsec_'],
    regex: new RegExp(`${START}(whsec_[0-9a-zA-Z]{32,})${END}`),
    minEntropy: 3,
    examples: { positive: [j('STRIPE_WEBHOOK_SECRET=whsec_', fake(32, ALNUM))], negative: ['whsec_...'] },
  },
  {
    id: 'paypal-braintree-access-token',
    description: 'PayPal / Braintree production access token',
    keywords: ['access_token$production$'],
    regex: /(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})/,
    examples: { positive: [j('access_token', '$production$', fake(16, LOWER_ALNUM), '$', fake(32, HEX))], negative: ['access_token$sandbox$abc'] },
  },
  {
    id: 'braintree-private-key',
    description: 'Braintree private key',
    keywords: ['braintree'],
    regex: ctx('braintree[\\w.\\-]{0,20}?private[_\\-]?key', '[0-9a-f]{32}', ''),
    minEntropy: 3,
    examples: { positive: [j('BRAINTREE_PRIVATE_KEY=', fake(32, HEX))], negative: ['BRAINTREE_PRIVATE_KEY=${BT_KEY}'] },
  },
  {
    id: 'square-access-token',
    description: 'Square access token',
    keywords: ['eaaa', 'sq0atp-'],
    regex: new RegExp(`${START}((?:EAAA|sq0atp-)[0-9A-Za-z_-]{22,60})${END}`),
    minEntropy: 3.5,
    examples: { positive: [j('SQUARE_TOKEN=EAAA', fake(60, URLSAFE))], negative: ['EAAAshort'] },
  },
  {
    id: 'square-oauth-secret',
    description: 'Square OAuth application secret',
    keywords: ['sq0csp-'],
    regex: new RegExp(`${START}(sq0csp-[0-9A-Za-z_-]{43})${END}`),
    examples: { positive: [j('sq0csp-', fake(43, URLSAFE))], negative: ['sq0csp-abc'] },
  },
  {
    id: 'slack-bot-token',
    description: 'Slack bot token',
    keywords: ['xoxb-'],
    regex: new RegExp(`${START}(xoxb-[0-9]{10,13}-[0-9]{10,13}-[a-zA-Z0-9]{24,34})${END}`),
    examples: { positive: [j('SLACK_BOT_TOKEN=xoxb-', fake(12, DIGITS), '-', fake(13, DIGITS), '-', fake(24, ALNUM))], negative: ['xoxb-123-456-abc'] },
  },
  {
    id: 'slack-user-token',
    description: 'Slack user / config token',
    keywords: ['xoxp-', 'xoxe-', 'xoxa-', 'xoxs-'],
    regex: new RegExp(`${START}(xox[pesa](?:-[0-9]{10,13}){3}-[a-zA-Z0-9]{28,34})${END}`),
    examples: { positive: [j('xoxp-', fake(12, DIGITS), '-', fake(12, DIGITS), '-', fake(12, DIGITS), '-', fake(32, HEX))], negative: ['xoxp-xxx'] },
  },
  {
    id: 'slack-legacy-token',
    description: 'Slack legacy / workspace token',
    keywords: ['xoxa-', 'xoxb-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxp-'],
    regex: new RegExp(`${START}(xox[aboprs]-(?:\\d-)?(?:\\d{6,14}-){1,3}[0-9A-Za-z]{8,64})${END}`),
    minEntropy: 3,
    examples: {
      positive: [j('SLACK_TOKEN=xoxs', '-', fake(12, DIGITS), '-', fake(9, DIGITS), '-', fake(10, DIGITS), '-', fake(10, HEX))],
      negative: ['xoxb-xxx-yyy', 'xoxp-1234-1234-1234-4ddbc191'],
    },
  },
  {
    id: 'slack-config-token',
    description: 'Slack app configuration access / refresh token',
    keywords: ['xoxe'],
    regex: new RegExp(`${START}(xoxe(?:\\.xox[bp])?-\\d-[A-Za-z0-9]{100,300})${END}`),
    minEntropy: 3.5,
    examples: { positive: [j('SLACK_REFRESH_TOKEN=xoxe', '-1-', fake(140, ALNUM))], negative: ['xoxe.xoxp-1-RANDOMSTRINGHERE'] },
  },
  {
    id: 'slack-app-token',
    description: 'Slack app-level token',
    keywords: ['xapp-'],
    regex: new RegExp(`${START}(xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-z0-9]{60,70})${END}`),
    examples: { positive: [j('xapp-1-A', fake(10, UPPER + DIGITS), '-', fake(13, DIGITS), '-', fake(64, HEX))], negative: ['xapp-1-abc'] },
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL',
    keywords: ['hooks.slack.com'],
    regex: /((?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56})(?![A-Za-z0-9+/])/,
    examples: {
      positive: [j('https://hooks.slack.com/services/T', fake(8, UPPER + DIGITS), '/B', fake(8, UPPER + DIGITS), '/', fake(24, ALNUM))],
      negative: ['https://hooks.slack.com/services/XXX'],
    },
  },
  {
    id: 'discord-bot-token',
    description: 'Discord bot token',
    keywords: ['discord'],
    regex: ctx('discord[\\w.\\-]{0,20}?', '[MNO][A-Za-z\\d_-]{23,25}\\.[\\w-]{6}\\.[\\w-]{27,38}', ''),
    examples: { positive: [j('DISCORD_TOKEN=M', fake(23, ALNUM), '.', fake(6, URLSAFE), '.', fake(27, URLSAFE))], negative: ['DISCORD_TOKEN=${DISCORD_TOKEN}'] },
  },
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL',
    keywords: ['/api/webhooks/'],
    regex: /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[\w-]{60,68})/,
    examples: { positive: [j('https://discord.com/api/webhooks/', fake(18, DIGITS), '/', fake(68, URLSAFE))], negative: ['https://discord.com/api/webhooks/123/abc'] },
  },
  {
    id: 'telegram-bot-token',
    description: 'Telegram bot token',
    keywords: [':aa', 'telegram'],
    owns: /^\d{1,20}:A/,
    // Bot id, a colon, then 35 characters starting with A (bot ids grew from 8 to 10+ digits).
    regex: new RegExp(`(?<![\\w:])(\\d{5,16}:A[0-9A-Za-z_-]{34})${END}`),
    examples: { positive: [j('TELEGRAM_BOT_TOKEN=', fake(10, DIGITS), ':AA', fake(33, URLSAFE))], negative: ['time 12:AAbc'] },
  },
  {
    id: 'twilio-api-key',
    description: 'Twilio API key secret',
    keywords: ['twilio'],
    regex: /twilio[\s\S]{0,40}?(?<![A-Za-z0-9])(SK[0-9a-fA-F]{32})(?![A-Za-z0-9])/i,
    examples: { positive: [j('TWILIO_API_KEY=SK', fake(32, HEX))], negative: ['TWILIO_API_KEY=SKxxxx'] },
  },
  {
    id: 'twilio-auth-token',
    description: 'Twilio auth token',
    keywords: ['twilio'],
    regex: ctx('twilio[\\w.\\-]{0,20}?token', '[0-9a-f]{32}', ''),
    minEntropy: 3,
    examples: { positive: [j('TWILIO_AUTH_TOKEN=', fake(32, HEX))], negative: ['TWILIO_AUTH_TOKEN=your_auth_token'] },
  },
  {
    id: 'sendgrid-api-key',
    description: 'SendGrid API key',
    keywords: ['sg.'],
    regex: new RegExp(`${START}(SG\\.[\\w-]{22}\\.[\\w-]{43})${END}`),
    examples: { positive: [j('SENDGRID_API_KEY=SG.', fake(22, URLSAFE), '.', fake(43, URLSAFE))], negative: ['SG.short.key'] },
  },
  {
    id: 'mailgun-api-key',
    description: 'Mailgun private API key',
    keywords: ['key-'],
    regex: new RegExp(`${START}(key-[0-9a-f]{32})${END}`),
    minEntropy: 3,
    examples: { positive: [j('MAILGUN_API_KEY=key-', fake(32, HEX))], negative: ['key-value', j('key-', '0'.repeat(32))] },
  },
  {
    id: 'mailchimp-api-key',
    description: 'Mailchimp API key',
    keywords: ['-us'],
    regex: new RegExp(`${START}([0-9a-f]{32}-us\\d{1,2})${END}`),
    minEntropy: 3,
    examples: { positive: [j('MAILCHIMP_KEY=', fake(32, HEX), '-us14')], negative: ['en-us1'] },
  },
  {
    id: 'postmark-server-token',
    description: 'Postmark server / account token',
    keywords: ['postmark'],
    regex: ctx('postmark[\\w.\\-]{0,25}?', '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', ''),
    examples: { positive: [j('POSTMARK_SERVER_TOKEN=', uuid())], negative: ['POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST'] },
  },
  {
    id: 'github-pat',
    description: 'GitHub personal access token (classic)',
    keywords: ['ghp_'],
    regex: new RegExp(`${START}(ghp_[0-9a-zA-Z]{36})${END}`),
    minEntropy: 3,
    examples: { positive: [j('GITHUB_TOKEN=ghp', '_', fake(36, ALNUM))], negative: ['ghp_short'] },
  },
  {
    id: 'github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    regex: new RegExp(`${START}(github_pat_[0-9a-zA-Z_]{82})${END}`),
    examples: { positive: [j('github', '_pat_', fake(22, ALNUM), '_', fake(59, ALNUM))], negative: ['github_pat_abc'] },
  },
  {
    id: 'github-oauth-token',
    description: 'GitHub OAuth access token',
    keywords: ['gho_'],
    regex: new RegExp(`${START}(gho_[0-9a-zA-Z]{36})${END}`),
    minEntropy: 3,
    examples: { positive: [j('gho', '_', fake(36, ALNUM))], negative: ['gho_abc'] },
  },
  {
    id: 'github-app-token',
    description: 'GitHub App user-to-server / installation token',
    keywords: ['ghu_', 'ghs_'],
    regex: new RegExp(`${START}((?:ghu|ghs)_[0-9a-zA-Z]{36})${END}`),
    minEntropy: 3,
    examples: { positive: [j('ghs', '_', fake(36, ALNUM))], negative: ['ghs_abc'] },
  },
  {
    id: 'github-refresh-token',
    description: 'GitHub refresh token',
    keywords: ['ghr_'],
    regex: new RegExp(`${START}(ghr_[0-9a-zA-Z]{36,76})${END}`),
    minEntropy: 3,
    examples: { positive: [j('ghr', '_', fake(76, ALNUM))], negative: ['ghr_abc'] },
  },
  {
    id: 'gitlab-pat',
    description: 'GitLab personal access token',
    keywords: ['glpat-'],
    regex: new RegExp(`${START}(glpat-[0-9a-zA-Z_-]{20,})${END}`),
    minEntropy: 3,
    examples: { positive: [j('GITLAB_TOKEN=glpat', '-', fake(20, URLSAFE))], negative: ['glpat-abc'] },
  },
  {
    id: 'gitlab-runner-token',
    description: 'GitLab runner authentication token',
    keywords: ['glrt-'],
    regex: new RegExp(`${START}(glrt-[0-9a-zA-Z_-]{20,})${END}`),
    minEntropy: 3,
    examples: { positive: [j('glrt', '-', fake(20, URLSAFE))], negative: ['glrt-abc'] },
  },
  {
    id: 'bitbucket-app-password',
    description: 'Bitbucket app password / API token',
    keywords: ['atbb'],
    regex: new RegExp(`${START}(ATBB[a-zA-Z0-9_=.-]{32})${END}`),
    minEntropy: 3,
    examples: { positive: [j('BITBUCKET_APP_PASSWORD=ATBB', fake(32, ALNUM))], negative: ['ATBBshort'] },
  },
  {
    id: 'npm-access-token',
    description: 'npm access token',
    keywords: ['npm_'],
    regex: new RegExp(`${START}(npm_[a-zA-Z0-9]{36})${END}`),
    minEntropy: 3,
    examples: { positive: [j('NPM_TOKEN=npm', '_', fake(36, ALNUM))], negative: ['npm_config_cache=/tmp/x', 'npm_package_version'] },
  },
  {
    id: 'npmrc-auth-token',
    description: 'Registry auth token in .npmrc / .yarnrc',
    keywords: ['_authtoken', 'npmauthtoken'],
    regex: /(?:_authToken|npmAuthToken)\s*[=:]\s*["']?([A-Za-z0-9\-_.+/=]{20,})/,
    minEntropy: 3,
    examples: { positive: [j('//registry.npmjs.org/:_auth', 'Token=', fake(36, ALNUM))], negative: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}'] },
  },
  {
    id: 'pypi-token',
    description: 'PyPI upload token',
    keywords: ['pypi-ageichlwas5vcmc'],
    regex: new RegExp(`${START}(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})${END}`),
    examples: { positive: [j('password = pypi', '-AgEIcHlwaS5vcmc', fake(70, URLSAFE))], negative: ['pypi-AgEIcHlwaS5vcmc'] },
  },
  {
    id: 'rubygems-api-key',
    description: 'RubyGems API key',
    keywords: ['rubygems_'],
    regex: new RegExp(`${START}(rubygems_[a-f0-9]{48})${END}`),
    examples: { positive: [j(':rubygems_api_key: rubygems', '_', fake(48, HEX))], negative: ['rubygems_api_key'] },
  },
  {
    id: 'dockerhub-pat',
    description: 'Docker Hub personal access token',
    keywords: ['dckr_pat_'],
    regex: new RegExp(`${START}(dckr_pat_[a-zA-Z0-9_-]{27})${END}`),
    minEntropy: 3,
    examples: { positive: [j('DOCKERHUB_TOKEN=dckr', '_pat_', fake(27, URLSAFE))], negative: ['dckr_pat_abc'] },
  },
  {
    id: 'openai-api-key',
    description: 'OpenAI API key',
    keywords: ['t3blbkfj'],
    regex: new RegExp(`${START}(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74})${END}`),
    examples: {
      positive: [j('OPENAI_API_KEY=sk-', fake(20, ALNUM), 'T3Blbk', 'FJ', fake(20, ALNUM)), j('sk-proj-', fake(58, URLSAFE), 'T3Blbk', 'FJ', fake(58, URLSAFE))],
      negative: ['OPENAI_API_KEY=sk-...'],
    },
  },
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    keywords: ['sk-ant-'],
    regex: new RegExp(`${START}(sk-ant-(?:api03|admin01)-[a-zA-Z0-9_-]{93}AA)${END}`),
    examples: { positive: [j('ANTHROPIC_API_KEY=sk-ant', '-api03-', fake(93, URLSAFE), 'AA')], negative: ['sk-ant-api03-xxxx'] },
  },
  {
    id: 'huggingface-token',
    description: 'Hugging Face access token',
    keywords: ['hf_'],
    regex: new RegExp(`${START}(hf_[a-zA-Z]{34})${END}`),
    minEntropy: 3.5,
    examples: { positive: [j('HF_TOKEN=hf', '_', fake(34, UPPER + LOWER))], negative: ['hf_hub_download_function_name_long'] },
  },
  {
    id: 'cohere-api-key',
    description: 'Cohere API key',
    keywords: ['cohere'],
    regex: ctx('cohere[\\w.\\-]{0,20}?', '[a-zA-Z0-9]{40}', ''),
    minEntropy: 3.5,
    examples: { positive: [j('COHERE_API_KEY=', fake(40, ALNUM))], negative: ['COHERE_API_KEY=${COHERE_API_KEY}'] },
  },
  {
    id: 'groq-api-key',
    description: 'Groq API key',
    keywords: ['gsk_'],
    regex: new RegExp(`${START}(gsk_[a-zA-Z0-9]{52})${END}`),
    examples: { positive: [j('gsk', '_', fake(52, ALNUM))], negative: ['gsk_abc'] },
  },
  {
    id: 'shopify-token',
    description: 'Shopify access token / shared secret',
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    regex: new RegExp(`${START}(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})${END}`),
    examples: { positive: [j('shpat', '_', fake(32, HEX))], negative: ['shpat_abc'] },
  },
  {
    id: 'heroku-api-key',
    description: 'Heroku API key',
    keywords: ['heroku', 'hrku-'],
    regex:
      /(?<![A-Za-z0-9_])(HRKU-[0-9A-Za-z_-]{60})(?![A-Za-z0-9_-])|heroku[\w.-]{0,20}?["']?\s*(?::=|=>|=|:)\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i,
    examples: { positive: [j('HEROKU_API_KEY=', uuid()), j('HRKU', '-', fake(60, URLSAFE))], negative: ['HEROKU_APP_NAME=acme-prod'] },
  },
  {
    id: 'digitalocean-token',
    description: 'DigitalOcean personal access / OAuth token',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    regex: new RegExp(`${START}(do[opr]_v1_[a-f0-9]{64})${END}`),
    examples: { positive: [j('DIGITALOCEAN_TOKEN=dop', '_v1_', fake(64, HEX))], negative: ['dop_v1_abc'] },
  },
  {
    id: 'netlify-token',
    description: 'Netlify access token',
    keywords: ['netlify', 'nfp_'],
    regex: /(?<![A-Za-z0-9_])(nfp_[A-Za-z0-9]{36})(?![A-Za-z0-9_-])|netlify[\w.-]{0,20}?(?:token|key)["']?\s*(?::=|=>|=|:)\s*["']?([A-Za-z0-9_-]{40,46})(?![A-Za-z0-9_-])/i,
    minEntropy: 3.5,
    examples: { positive: [j('NETLIFY_AUTH_TOKEN=', fake(43, URLSAFE)), j('nfp', '_', fake(36, ALNUM))], negative: ['NETLIFY_SITE_ID=acme'] },
  },
  {
    id: 'vercel-token',
    description: 'Vercel access token',
    keywords: ['vercel'],
    regex: ctx('vercel[\\w.\\-]{0,20}?token', '[A-Za-z0-9]{24}', ''),
    minEntropy: 3.5,
    examples: { positive: [j('VERCEL_TOKEN=', fake(24, ALNUM))], negative: ['VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}'] },
  },
  {
    id: 'supabase-service-key',
    description: 'Supabase service-role key / secret key',
    keywords: ['sb_secret_', 'service_role', 'supabase'],
    regex:
      /(?<![A-Za-z0-9_])(sb_secret_[A-Za-z0-9_-]{31,})(?![A-Za-z0-9_-])|(?:supabase|service_role)[\w.-]{0,30}?(?:key|secret|token)["']?\s*(?::=|=>|=|:)\s*["']?(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,})/i,
    examples: {
      positive: [j('SUPABASE_SERVICE_ROLE_KEY=eyJ', fake(30, URLSAFE), '.eyJ', fake(60, URLSAFE), '.', fake(43, URLSAFE)), j('sb', '_secret_', fake(32, URLSAFE))],
      negative: ['SUPABASE_URL=https://abc.supabase.co'],
    },
  },
  {
    id: 'firebase-cloud-messaging-key',
    description: 'Firebase Cloud Messaging legacy server key',
    keywords: ['apa91b'],
    regex: new RegExp(`${START}(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134})${END}`),
    examples: { positive: [j('FCM_SERVER_KEY=AAAA', fake(7, URLSAFE), ':APA91b', fake(134, URLSAFE))], negative: ['AAAA:APA91b'] },
  },
  {
    id: 'datadog-api-key',
    description: 'Datadog API / application key',
    keywords: ['datadog', 'dd_api', 'dd_app'],
    regex: ctx('(?:datadog|dd)[\\w.\\-]{0,20}?(?:api|app|application)[\\w.\\-]{0,10}?key', '[a-f0-9]{32,40}', ''),
    minEntropy: 3,
    examples: { positive: [j('DD_API_KEY=', fake(32, HEX)), j('DATADOG_APP_KEY: ', fake(40, HEX))], negative: ['DD_API_KEY=<DATADOG_API_KEY>'] },
  },
  {
    id: 'new-relic-key',
    description: 'New Relic user API key / license key',
    keywords: ['nrak-', 'nral', 'nrii-', 'nrjs-'],
    regex: /(?<![A-Za-z0-9_])(NRAK-[A-Za-z0-9]{27}|NRII-[A-Za-z0-9-]{32}|NRJS-[a-f0-9]{19}|[a-f0-9]{36}NRAL)(?![A-Za-z0-9_-])/,
    examples: { positive: [j('NEW_RELIC_API_KEY=NRAK', '-', fake(27, UPPER + DIGITS)), j('license_key: ', fake(36, HEX), 'NRAL')], negative: ['NRAK-abc'] },
  },
  {
    id: 'sentry-auth-token',
    description: 'Sentry auth token',
    keywords: ['sntrys_', 'sntryu_', 'sentry'],
    regex:
      /(?<![A-Za-z0-9_])(sntrys_eyJ[A-Za-z0-9+/]{40,1000}={0,2}_[A-Za-z0-9+/]{43}|sntryu_[a-f0-9]{64})(?![A-Za-z0-9_+/=-])|(?<![A-Za-z0-9])sentry[\w.-]{0,20}?token["']?\s*(?::=|=>|=|:)\s*["']?([a-f0-9]{64})(?![A-Za-z0-9_-])/i,
    examples: {
      positive: [j('SENTRY_AUTH_TOKEN=sntrys', '_eyJ', fake(80, ALNUM), '_', fake(43, ALNUM)), j('SENTRY_AUTH_TOKEN=', fake(64, HEX))],
      negative: ['SENTRY_DSN_PUBLIC=https://abc@o1.ingest.sentry.io/1'],
    },
  },
  {
    id: 'algolia-admin-key',
    description: 'Algolia admin / write API key',
    keywords: ['algolia'],
    regex: ctx('algolia[\\w.\\-]{0,20}?(?:admin|write|api)[\\w.\\-]{0,10}?key', '[a-f0-9]{32}', ''),
    reject: /search/i,
    minEntropy: 3,
    examples: { positive: [j('ALGOLIA_ADMIN_KEY=', fake(32, HEX))], negative: [j('ALGOLIA_SEARCH_API_KEY=', fake(32, HEX))] },
  },
  {
    id: 'atlassian-api-token',
    description: 'Atlassian (Jira / Confluence) API token',
    keywords: ['atatt3', 'atlassian', 'jira', 'confluence'],
    regex:
      /(?<![A-Za-z0-9_])(ATATT3[A-Za-z0-9_=-]{186})(?![A-Za-z0-9_-])|(?:atlassian|jira|confluence)[\w.-]{0,20}?(?:token|key)["']?\s*(?::=|=>|=|:)\s*["']?([a-zA-Z0-9]{24})(?![A-Za-z0-9_-])/i,
    minEntropy: 3.5,
    examples: { positive: [j('JIRA_API_TOKEN=', fake(24, ALNUM)), j('ATATT3', fake(186, URLSAFE))], negative: ['JIRA_API_TOKEN=${JIRA_API_TOKEN}'] },
  },
  {
    id: 'linear-api-key',
    description: 'Linear API key',
    keywords: ['lin_api_'],
    regex: new RegExp(`${START}(lin_api_[a-zA-Z0-9]{40})${END}`),
    examples: { positive: [j('LINEAR_API_KEY=lin', '_api_', fake(40, ALNUM))], negative: ['lin_api_abc'] },
  },
  {
    id: 'notion-token',
    description: 'Notion integration token',
    keywords: ['ntn_', 'notion'],
    regex: /(?<![A-Za-z0-9_])(ntn_\d{11}[A-Za-z0-9]{35})(?![A-Za-z0-9_-])|notion[\w.-]{0,20}?["']?\s*(?::=|=>|=|:)\s*["']?(secret_[A-Za-z0-9]{43})(?![A-Za-z0-9_-])/i,
    examples: { positive: [j('NOTION_TOKEN=secret', '_', fake(43, ALNUM)), j('ntn', '_', fake(11, DIGITS), fake(35, ALNUM))], negative: ['NOTION_TOKEN=secret_xxx'] },
  },
  {
    id: 'airtable-pat',
    description: 'Airtable personal access token',
    keywords: ['pat'],
    regex: new RegExp(`${START}(pat[A-Za-z0-9]{14}\\.[a-f0-9]{64})${END}`),
    examples: { positive: [j('AIRTABLE_TOKEN=pat', fake(14, ALNUM), '.', fake(64, HEX))], negative: ['path.join(a, b)'] },
  },
  {
    id: 'doppler-token',
    description: 'Doppler token',
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    regex: new RegExp(`${START}(dp\\.(?:pt|st|sa|ct|scim|audit)\\.[a-zA-Z0-9]{40,44})${END}`),
    examples: { positive: [j('DOPPLER_TOKEN=dp', '.st.', fake(43, ALNUM))], negative: ['dp.st.abc'] },
  },
  {
    id: 'vault-token',
    description: 'HashiCorp Vault token',
    keywords: ['hvs.', 'hvb.', 'vault'],
    regex: /(?<![A-Za-z0-9_])(hv[sb]\.[A-Za-z0-9_-]{90,300})(?![A-Za-z0-9_-])|vault[\w.-]{0,20}?token["']?\s*(?::=|=>|=|:)\s*["']?(s\.[A-Za-z0-9]{24})(?![A-Za-z0-9_-])/i,
    examples: { positive: [j('VAULT_TOKEN=hvs', '.', fake(95, URLSAFE)), j('VAULT_TOKEN=s', '.', fake(24, ALNUM))], negative: ['VAULT_ADDR=https://vault.acme.test'] },
  },
  {
    id: 'planetscale-token',
    description: 'PlanetScale service token / password',
    keywords: ['pscale_'],
    regex: new RegExp(`${START}(pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_.=-]{32,64})${END}`),
    examples: { positive: [j('DATABASE_PASSWORD=pscale', '_pw_', fake(43, URLSAFE))], negative: ['pscale_pw_abc'] },
  },
  {
    id: 'databricks-token',
    description: 'Databricks personal access token',
    keywords: ['dapi'],
    regex: new RegExp(`${START}(dapi[a-f0-9]{32}(?:-\\d)?)${END}`),
    minEntropy: 3,
    examples: { positive: [j('DATABRICKS_TOKEN=dapi', fake(32, HEX))], negative: ['dapi_version'] },
  },
  {
    id: 'mapbox-secret-token',
    description: 'Mapbox secret access token',
    keywords: ['sk.eyj'],
    regex: new RegExp(`${START}(sk\\.eyJ[A-Za-z0-9_-]{50,}\\.[A-Za-z0-9_-]{20,})${END}`),
    examples: { positive: [j('MAPBOX_SECRET=sk', '.eyJ', fake(60, URLSAFE), '.', fake(22, URLSAFE))], negative: ['pk.eyJabc.def'] },
  },
  {
    id: 'grafana-token',
    description: 'Grafana Cloud / service account token',
    keywords: ['glc_', 'glsa_'],
    regex: /(?<![A-Za-z0-9_])(glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![A-Za-z0-9_-])/,
    examples: { positive: [j('glsa', '_', fake(32, ALNUM), '_', fake(8, HEX)), j('GRAFANA_TOKEN=glc', '_', fake(60, ALNUM))], negative: ['glsa_abc'] },
  },
  {
    id: 'pulumi-token',
    description: 'Pulumi access token',
    keywords: ['pul-'],
    regex: new RegExp(`${START}(pul-[a-f0-9]{40})${END}`),
    examples: { positive: [j('PULUMI_ACCESS_TOKEN=pul', '-', fake(40, HEX))], negative: ['pul-abc'] },
  },
  {
    id: 'terraform-cloud-token',
    description: 'Terraform Cloud / HCP API token',
    keywords: ['.atlasv1.'],
    regex: new RegExp(`${START}([a-zA-Z0-9]{14}\\.atlasv1\\.[a-zA-Z0-9_=-]{60,70})${END}`),
    examples: { positive: [j(fake(14, ALNUM), '.atlas', 'v1.', fake(67, URLSAFE))], negative: ['x.atlasv1.y'] },
  },
  {
    id: 'postman-api-key',
    description: 'Postman API key',
    keywords: ['pmak-'],
    regex: new RegExp(`${START}(PMAK-[a-f0-9]{24}-[a-f0-9]{34})${END}`),
    examples: { positive: [j('PMAK', '-', fake(24, HEX), '-', fake(34, HEX))], negative: ['PMAK-abc'] },
  },
  {
    id: 'flyio-token',
    description: 'Fly.io access token',
    keywords: ['fo1_', 'flyv1 fm'],
    regex: /(?<![A-Za-z0-9_])(fo1_[\w-]{43}|FlyV1 fm\d+_[A-Za-z0-9+/=_,-]{100,})(?![A-Za-z0-9_-])/,
    examples: { positive: [j('FLY_API_TOKEN=fo1', '_', fake(43, URLSAFE))], negative: ['fo1_abc'] },
  },
  {
    id: 'render-api-key',
    description: 'Render API key',
    keywords: ['rnd_'],
    regex: new RegExp(`${START}(rnd_[A-Za-z0-9]{32})${END}`),
    minEntropy: 3,
    examples: { positive: [j('RENDER_API_KEY=rnd', '_', fake(32, ALNUM))], negative: ['rnd_abc'] },
  },
  {
    id: 'resend-api-key',
    description: 'Resend API key',
    keywords: ['re_'],
    regex: new RegExp(`${START}(re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24})${END}`),
    minEntropy: 3.5,
    examples: { positive: [j('RESEND_API_KEY=re', '_', fake(8, ALNUM), '_', fake(24, ALNUM))], negative: ['re_render_component_tree_now'] },
  },
  {
    id: 'clickup-api-key',
    description: 'ClickUp personal API token',
    keywords: ['pk_'],
    regex: new RegExp(`${START}(pk_\\d{6,10}_[A-Z0-9]{32})${END}`),
    examples: { positive: [j('CLICKUP_TOKEN=pk', '_', fake(8, DIGITS), '_', fake(32, UPPER + DIGITS))], negative: ['pk_test_abc'] },
  },
  {
    id: 'age-secret-key',
    description: 'age encryption secret key',
    keywords: ['age-secret-key-1'],
    regex: /(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})/,
    examples: { positive: [j('AGE-SECRET', '-KEY-1', fake(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'))], negative: ['AGE-SECRET-KEY-1'] },
  },
  {
    id: 'alibaba-access-key-id',
    description: 'Alibaba Cloud AccessKey ID',
    keywords: ['ltai'],
    regex: new RegExp(`${START}(LTAI[A-Za-z0-9]{12,20})${END}`),
    minEntropy: 3,
    examples: { positive: [j('ALIBABA_ACCESS_KEY_ID=LTAI', fake(20, ALNUM))], negative: ['LTAIxx'] },
  },
  {
    id: 'cloudflare-origin-ca-key',
    description: 'Cloudflare Origin CA key',
    keywords: ['v1.0-'],
    regex: new RegExp(`${START}(v1\\.0-[a-f0-9]{24}-[a-f0-9]{146})${END}`),
    examples: { positive: [j('CF_ORIGIN_CA_KEY=v1', '.0-', fake(24, HEX), '-', fake(146, HEX))], negative: ['v1.0-abc'] },
  },
  {
    id: 'flutterwave-secret-key',
    description: 'Flutterwave secret / encryption key',
    keywords: ['flwseck'],
    regex: new RegExp(`${START}(FLWSECK(?:_TEST)?-[a-h0-9]{12,32}(?:-X)?)${END}`, 'i'),
    examples: { positive: [j('FLW_SECRET_KEY=FLWSECK', '_TEST-', fake(32, HEX), '-X')], negative: ['FLWPUBK_TEST-abc'] },
  },
  {
    id: '1password-secret-key',
    description: '1Password account secret key / service account token',
    keywords: ['a3-', 'ops_eyj'],
    regex: new RegExp(`${START}(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}|ops_eyJ[A-Za-z0-9+/]{250,}={0,3})(?![A-Za-z0-9+/=_-])`),
    minEntropy: 3,
    examples: {
      positive: [
        j(
          'OP_SECRET_KEY=A3',
          '-',
          fake(6, UPPER + DIGITS),
          '-',
          fake(11, UPPER + DIGITS),
          '-',
          fake(5, UPPER + DIGITS),
          '-',
          fake(5, UPPER + DIGITS),
          '-',
          fake(5, UPPER + DIGITS),
        ),
      ],
      negative: ['A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX'],
    },
  },
  {
    id: 'harness-api-key',
    description: 'Harness personal / service account token',
    keywords: ['pat.', 'sat.'],
    regex: new RegExp(`${START}((?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[a-z0-9]{24}\\.[a-z0-9]{20})${END}`),
    examples: { positive: [j('HARNESS_TOKEN=pat', '.', fake(22, URLSAFE), '.', fake(24, LOWER_ALNUM), '.', fake(20, LOWER_ALNUM))], negative: ['pat.abc.def'] },
  },
  {
    id: 'perplexity-api-key',
    description: 'Perplexity API key',
    keywords: ['pplx-'],
    regex: new RegExp(`${START}(pplx-[A-Za-z0-9]{48})(?![A-Za-z0-9_-])`),
    minEntropy: 3.5,
    examples: { positive: [j('PERPLEXITY_API_KEY=pplx', '-', fake(48, ALNUM))], negative: ['pplx-abc'] },
  },
  {
    id: 'brevo-api-key',
    description: 'Brevo (Sendinblue) API / SMTP key',
    keywords: ['xkeysib-', 'xsmtpsib-'],
    regex: new RegExp(`${START}(x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})${END}`),
    examples: { positive: [j('BREVO_API_KEY=xkeysib', '-', fake(64, HEX), '-', fake(16, ALNUM))], negative: ['xkeysib-abc'] },
  },
  {
    id: 'replicate-api-token',
    description: 'Replicate API token',
    keywords: ['r8_'],
    regex: new RegExp(`${START}(r8_[A-Za-z0-9]{37})${END}`),
    minEntropy: 3.5,
    examples: { positive: [j('REPLICATE_API_TOKEN=r8', '_', fake(37, ALNUM))], negative: ['r8_abc'] },
  },
  {
    id: 'xai-api-key',
    description: 'xAI (Grok) API key',
    keywords: ['xai-'],
    regex: new RegExp(`${START}(xai-[A-Za-z0-9]{80})${END}`),
    minEntropy: 3.5,
    examples: { positive: [j('XAI_API_KEY=xai', '-', fake(80, ALNUM))], negative: ['xai-abc'] },
  },
  {
    id: 'circleci-token',
    description: 'CircleCI personal / project API token',
    keywords: ['ccipat_', 'ccipr_'],
    regex: new RegExp(`${START}(CCIP(?:AT|R)_[A-Za-z0-9]{22}_[a-f0-9]{40})${END}`),
    examples: { positive: [j('CIRCLE_TOKEN=CCIPAT', '_', fake(22, ALNUM), '_', fake(40, HEX))], negative: ['CCIPAT_abc'] },
  },
  {
    id: 'buildkite-token',
    description: 'Buildkite API access token',
    keywords: ['bkua_'],
    regex: new RegExp(`${START}(bkua_[a-f0-9]{40})${END}`),
    examples: { positive: [j('BUILDKITE_API_TOKEN=bkua', '_', fake(40, HEX))], negative: ['bkua_abc'] },
  },
  {
    id: 'sendgrid-api-key-loose',
    description: 'SendGrid API key',
    keywords: ['sg.'],
    // Keys quoted by docs and generators without the inner dot still start SG. and are long random strings.
    regex: new RegExp(`${START}(SG\\.[A-Za-z0-9_=-]{60,70})${END}`),
    minEntropy: 4,
    examples: { positive: [j('SENDGRID_API_KEY="SG.', fake(66, URLSAFE), '"')], negative: ['SG.short'] },
  },
  {
    id: 'settlemint-token',
    description: 'SettleMint access token',
    keywords: ['sm_aat_', 'sm_pat_', 'sm_sat_'],
    regex: new RegExp(`${START}(sm_(?:aat|pat|sat)_[a-z0-9]{16})${END}`),
    minEntropy: 3,
    examples: { positive: [j('SETTLEMINT_TOKEN=sm', '_pat_', fake(16, LOWER_ALNUM))], negative: ['sm_pat_abc'] },
  },
  {
    id: 'database-url-with-password',
    description: 'Database / broker URL with an embedded password',
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp'],
    regex: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?):\/\/[^:\s/@"'`]*:([^@\s"'`/]{3,})@[^\s"'`<>]+/i,
    minEntropy: 2.5,
    humanChosen: true,
    examples: {
      positive: [j('DATABASE_URL=postgres://app:', fake(20, ALNUM), '@db.acme.internal:5432/app'), j('mongodb+srv://admin:', fake(16, ALNUM), '@cluster0.mongodb.net/prod')],
      negative: [
        'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app',
        'postgres://postgres:postgres@localhost:5432/test',
        'redis://localhost:6379',
        'postgres://someuser:somepassword@somehost:381/somedatabase',
      ],
    },
  },
  {
    id: 'url-basic-auth',
    description: 'Password embedded in an http(s) URL',
    keywords: ['http'],
    regex: /\bhttps?:\/\/[A-Za-z0-9._~%!$&*+;=-]{1,64}:([^@\s"'`/:]{6,})@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/,
    minEntropy: 3,
    humanChosen: true,
    examples: {
      positive: [j('REGISTRY=https://deploy:', fake(20, ALNUM), '@registry.acme.example/npm/')],
      negative: ['https://user:password@example.com', 'see https://docs.acme.example/a@b', 'https://user:${TOKEN}@host.example.com'],
    },
  },
  {
    id: 'private-key',
    description: 'Private key (PEM / OpenSSH / PGP block)',
    keywords: ['private key'],
    regex: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/,
    pem: true,
    examples: {
      positive: [
        j('-----BEGIN RSA ', 'PRIVATE KEY-----\n', 'MIIEpAIBAAKCAQEA', rsaKeyBody),
        j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----\n', 'b3BlbnNzaC1rZXktdjEAAAAA', fake(60, B64)),
      ],
      negative: ['-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', '-----BEGIN PRIVATE KEY-----\n...', 'const header = "-----BEGIN PRIVATE KEY-----";'],
    },
  },
  {
    id: 'jwt',
    description: 'JSON Web Token (signed session or API token)',
    keywords: ['eyj'],
    regex: new RegExp(`${START}(eyJ[A-Za-z0-9_-]{15,}\\.eyJ[A-Za-z0-9_-]{15,}\\.(?:[A-Za-z0-9_-]{10,})?)(?![A-Za-z0-9_-])`),
    verify: isJwt,
    examples: {
      positive: [j('const session = "', b64url('{"alg":"HS256","typ":"JWT"}'), '.', b64url(`{"sub":"${fake(12, DIGITS)}","scope":"admin"}`), '.', fake(43, URLSAFE), '";')],
      negative: ['eyJhbGciOi.eyJzdWIi.abc', j('x = "eyJ', fake(20, URLSAFE), '.eyJ', fake(20, URLSAFE), '.', fake(12, URLSAFE), '"')],
    },
  },
  {
    id: 'jwt-base64',
    description: 'Base64-encoded JSON Web Token',
    keywords: ['zxlk'],
    regex: new RegExp(`${START}(ZXlK[A-Za-z0-9+/]{60,}={0,2})(?![A-Za-z0-9+/=])`),
    verify: (value) => isJwt(Buffer.from(value, 'base64').toString('latin1')),
    examples: {
      positive: [j('TOKEN_B64=', Buffer.from(j(b64url('{"alg":"HS256"}'), '.', b64url(`{"sub":"${fake(10, DIGITS)}"}`), '.', fake(43, URLSAFE))).toString('base64'))],
      negative: ['ZXlKabc'],
    },
  },
  {
    id: 'generic-credential-assignment',
    description: 'Credential-shaped value assigned to a password / secret / token / API key name',
    keywords: [
      'password',
      'passwd',
      'pwd',
      'passphrase',
      'secret',
      'token',
      'apikey',
      'api_key',
      'api-key',
      'api.key',
      'access_key',
      'accesskey',
      'access-key',
      'private_key',
      'privatekey',
      'credential',
      'auth_key',
      'authkey',
      'signing',
      'encryption',
      'master',
      'account',
      'license',
      'appkey',
      'app_key',
    ],
    regex: /(?!)/,
    assignment: true,
    generic: true,
    examples: {
      positive: [
        j('DB_PASSWORD="', fake(20, ALNUM), '"'),
        j("  api_key: '", fake(32, ALNUM), "'"),
        j('SMTP_PASSWORD=', fake(16, ALNUM), '#1'),
        j('JWT_SECRET=', fake(32, ALNUM)),
        j("  jwtSecret: '", fake(24, ALNUM), "',"),
        j('System.setProperty("ACME_TOKEN", "', fake(30, LOWER_ALNUM), '")'),
        j('$acmeToken .= "', fake(30, LOWER_ALNUM), '"'),
        j('acme_TOKEN ::= "', fake(30, LOWER_ALNUM), '"'),
        j('var acmeToken string = "', fake(30, LOWER_ALNUM), '"'),
      ],
      negative: [
        'password: "${DB_PASSWORD}"',
        'const token = response.data.accessToken',
        'password = "password"',
        'api_key: "your_api_key_here"',
        'secret_name: my-app-secrets',
        j('"integrity": "sha512-', fake(86, B64), '=="'),
        j('token_id = "', uuid(), '"'),
        'if password == "hunter2hunter2":',
        '"tokenMissing": "分析器预处理令牌失败了吗",',
        '"api_key": "API-nyckel",',
        '"signing_secret": "Ondertekeningsgeheim",',
        'error: "s3_credentials_error",',
        'githubToken: "test-githubID",',
        'token_type: "refresh_token_rotation"',
        'const jwtSecret = process.env.JWT_SECRET;',
        'JWT_SECRET=changeme-in-production',
        // a sentence describing the value, and the few characters a UI shows of a secret
        'NEXTAUTH_SECRET: "e2e-test-secret-at-least-32-chars-long"',
        'partialClientSecret: "dub_app_secret_423e4c7eef",',
        'ACCESS_TOKEN_URL="https://github.com/login/oauth/access_token"',
        // password hashes (a seeded admin user): one-way, they sign nobody in
        "password: '$2a$10$BXHPV7APlV1I6WrKJt1igeJAyVsvbhMTaTAi3nHkUJFGPsYmfZq3y',",
        '"password": "pbkdf2_sha256$600000$yT6QwLm2kPz8aB3c$PIIf+lgeQfJoltbo8vAdkLv8gOdXlOrWPTC7Tad0fOs=",',
      ],
    },
  },
];

/** The fingerprint key of a credential finding: rule and masked value, stable when lines move. */
export function secretFindingKey(rule: string, maskedValue: string): string {
  return `${rule}:${maskedValue}`;
}

export const SECRET_RULES_BY_ID = new Map(SECRET_RULES.map((r) => [r.id, r]));

const INTEGRITY_LINE = /integrity|sha(?:1|256|384|512)[-:]|checksum/i;
const HEX_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;
/** Lines longer than this are treated as minified code: generic rules skip them. */
const MINIFIED_LINE = 1000;

export interface PathTraits {
  lockfile: boolean;
  minified: boolean;
  exampleEnv: boolean;
  testPath: boolean;
  /** Documentation (Markdown, reStructuredText, text): full of example assignments. */
  docs: boolean;
  /** Config formats where unquoted `KEY=value` assignments are values, not code. */
  configFile: boolean;
}

export function pathTraits(path: string): PathTraits {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return {
    lockfile: isLockfile(base),
    minified: /\.min\.(?:js|css|mjs)$|\.(?:map|bundle\.js)$|(?:^|\/)(?:dist|build|vendor)\//.test(path),
    exampleEnv: isExampleEnvName(base),
    testPath: isTestOrFixturePath(path),
    // prose, and the example and sample folders (an SDK's example page, a sample app): values there show the shape
    docs: /\.(?:md|mdx|markdown|rst|txt|adoc)$|(?:^|\/)(?:examples?|samples?)\//i.test(path),
    configFile:
      /(?:^|\/)\.env(?:\.[\w.-]+)?$|\.(?:env|ya?ml|toml|ini|cfg|conf|properties|tfvars|npmrc|pypirc|netrc)$|(?:^|\/)(?:\.npmrc|\.pypirc|\.netrc|\.yarnrc|credentials)$/i.test(path),
  };
}

/** `.env.example`-style templates (documentation, not values). */
export function isExampleEnvName(base: string): boolean {
  return /^\.?env\.(?:example|sample|template|dist|defaults|schema)$|^\.env\.[\w-]+\.(?:example|sample|template)$|\.env\.(?:example|sample|template)$/i.test(base);
}

/** A `.env`-style file that holds real values (.env, .env.production, prod.env), not a template. */
export function isEnvFileName(base: string): boolean {
  if (isExampleEnvName(base)) return false;
  return /^\.env(?:\.[\w-]+)*$|^[\w-]+\.env$/i.test(base);
}

function lastGroup(m: RegExpExecArray): { value: string; index: number } | null {
  for (let g = m.length - 1; g >= 1; g--) {
    const value = m[g];
    if (value !== undefined) return { value, index: m.indices?.[g]?.[0] ?? m.index };
  }
  return m[0] ? { value: m[0], index: m.index } : null;
}

/** Format rules: the token's own shape is the evidence, so only placeholders and low entropy drop it. */
function credibleFormatValue(rule: SecretRule, value: string, line: string): boolean {
  if (isPlaceholder(value) || hasSequentialRun(value, 10) || isPasswordHash(value)) return false;
  if (rule.minEntropy !== undefined && shannonEntropy(value) < rule.minEntropy) return false;
  if (rule.humanChosen && isPlaceholderPassword(value)) return false;
  if (HEX_DIGEST.test(value) && INTEGRITY_LINE.test(line)) return false;
  return true;
}

/** An ignore comment, or a comment in which the author says the value is not a secret ("not actually a secret key"). */
const SUPPRESS = /launchready[:-]ignore|(?:\/\/|#|\/\*|<!--|--)[^"'`]{0,80}\b(?:is\s+)?not\s+(?:actually\s+|really\s+)?(?:a\s+)?secret\b/i;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Applies the rules to lines of one file; keeps no state between calls. */
export class SecretScanner {
  private readonly rules: { rule: SecretRule; global: RegExp }[];
  private readonly prefilter: RegExp;
  /** Token prefixes of the format rules (`ghp_`, `xoxb-`, `sk_live_`) and value families they own. */
  private readonly owned: RegExp;

  constructor(rules: readonly SecretRule[] = SECRET_RULES) {
    this.rules = rules.map((rule) => ({ rule, global: new RegExp(rule.regex.source, `${rule.regex.flags.replace(/[gd]/g, '')}gd`) }));
    const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
    this.prefilter = new RegExp(keywords.map(escapeRegex).join('|'), 'i');
    const formats = rules.filter((r) => !r.generic);
    const prefixes = [...new Set(formats.flatMap((r) => r.keywords.filter((k) => k.length >= 4 && /^[a-z][a-z0-9_]*[-_.]$/.test(k))))];
    const families = formats.flatMap((r) => (r.owns ? [r.owns.source] : []));
    this.owned = new RegExp([`^(?:${prefixes.map(escapeRegex).join('|')})`, ...families].join('|'), 'i');
  }

  /** A value with a known token prefix that its format rule rejected (wrong length, placeholder) is not a credential. */
  private ownedByFormatRule(value: string): boolean {
    return this.owned.test(value);
  }

  get ruleCount(): number {
    return this.rules.length;
  }

  /** Cheap whole-text test: false means no rule can match anywhere in it. */
  mayContainSecrets(text: string): boolean {
    return this.prefilter.test(text);
  }

  /** Scan consecutive lines of a file; `firstLine` is the 1-based number of lines[0]. */
  scanLines(lines: readonly string[], firstLine: number, path: string, traits: PathTraits = pathTraits(path)): SecretHit[] {
    const hits: SecretHit[] = [];
    const skipGeneric = traits.lockfile || traits.minified || traits.exampleEnv || traits.testPath || traits.docs;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (!this.prefilter.test(line)) continue;
      const lower = line.toLowerCase();
      const suppressed = SUPPRESS.test(line) || (i > 0 && SUPPRESS.test(lines[i - 1] as string));
      const lineStart = hits.length;
      const push = (ruleId: string, lineNo: number, index: number, value: string, suppressedHere: boolean): void => {
        hits.push({ ruleId, line: lineNo, column: index + 1, value, suppressed: suppressedHere, context: hitContext(value, traits, line) });
      };
      for (const { rule, global } of this.rules) {
        if (rule.generic && (skipGeneric || line.length > MINIFIED_LINE)) continue;
        if (!rule.keywords.some((k) => lower.includes(k))) continue;
        if (rule.assignment) {
          for (const a of findAssignments(line)) {
            if (this.ownedByFormatRule(a.value)) continue;
            if (!overlapsFormatHit(hits, lineStart, a.index, a.value.length)) push(rule.id, firstLine + i, a.index, a.value, suppressed);
          }
          const xml = findXmlElement(line, lines[i + 1], lines[i + 2]);
          if (xml && this.ownedByFormatRule(xml.value)) {
            // the format rule decides
          } else if (xml && xml.index >= 0 && !overlapsFormatHit(hits, lineStart, xml.index, xml.value.length)) push(rule.id, firstLine + i, xml.index, xml.value, suppressed);
          else if (xml) push(rule.id, firstLine + i + 1, (lines[i + 1] ?? '').indexOf(xml.value), xml.value, suppressed);
          continue;
        }
        global.lastIndex = 0;
        for (let m = global.exec(line); m !== null; m = global.exec(line)) {
          if (m[0].length === 0) global.lastIndex++;
          if (rule.reject?.test(m[0])) continue;
          const found = lastGroup(m);
          if (!found) continue;
          let value = found.value;
          if (rule.pem) {
            const body = pemBody(line.slice(m.index + m[0].length), lines[i + 1]);
            if (!body) continue;
            value = `${m[1] ?? 'PRIVATE KEY'}:${body}`;
          } else if (!credibleFormatValue(rule, value, line) || (rule.verify && !rule.verify(value))) {
            continue;
          }
          if (isPublishedExample(value)) continue;
          // Two rules on the same characters are one credential: the first (more specific) rule names it.
          if (!rule.pem && overlapsFormatHit(hits, lineStart, found.index, value.length)) continue;
          push(rule.id, firstLine + i, found.index, value, suppressed);
        }
      }
    }
    return hits;
  }
}

/** A hit on the same characters as an earlier hit of this line is the same credential: keep the earlier, more precise one. */
function overlapsFormatHit(hits: readonly SecretHit[], from: number, index: number, length: number): boolean {
  for (let k = from; k < hits.length; k++) {
    const h = hits[k] as SecretHit;
    const start = h.column - 1;
    if (start < index + length && index < start + h.value.length) return true;
  }
  return false;
}

/** The first base64 characters of a PEM body (same line after a literal \n, or the next line); null when none follow. */
function pemBody(rest: string, nextLine: string | undefined): string | null {
  const sameLine = rest.replace(/^(?:\\n|\\r|\s)+/, '');
  const candidate = /^[A-Za-z0-9+/=]{32,}/.exec(sameLine)?.[0] ?? (rest.trim() === '' ? /^\s*([A-Za-z0-9+/=]{32,})/.exec(nextLine ?? '')?.[1] : undefined);
  return candidate ? candidate.slice(0, 64) : null;
}
