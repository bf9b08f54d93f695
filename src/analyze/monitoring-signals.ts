// Recognises error-tracking SDKs (installed and initialised), uptime monitor configs, alert channels and certificate watches in repo files.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

export interface ProviderRule {
  provider: string;
  npm: RegExp;
  pypi: RegExp;
  gem: RegExp;
  go: RegExp;
  init: RegExp;
}

const NEVER = /$^/;

/** Error-tracking providers: package names per ecosystem and what initialising them looks like in code. */
const ERROR_TRACKING: ProviderRule[] = [
  {
    provider: 'Sentry',
    npm: /^(?:@sentry\/(?!cli$|wizard$|bundler-plugin-core$|[\w-]*-plugin$)[\w-]+|raven|raven-js)$/,
    pypi: /^(?:sentry-sdk|raven)$/,
    gem: /^(?:sentry-ruby|sentry-rails|sentry-raven|sentry-sidekiq)$/,
    go: /^github\.com\/getsentry\/sentry-go$/,
    init: /\bSentry\.init\b|\bsentry_sdk\.init\s*\(|\bRaven\.(?:config|configure)\b|\bsentry\.Init\s*\(|\bwithSentryConfig\s*\(/,
  },
  {
    provider: 'Rollbar',
    npm: /^rollbar$/,
    pypi: /^rollbar$/,
    gem: /^rollbar$/,
    go: /^github\.com\/rollbar\/rollbar-go$/,
    init: /\bnew\s+Rollbar\s*\(|\bRollbar\.(?:init|configure)\b|\brollbar\.(?:init|SetToken|New)\s*\(|rollbar\.contrib\./,
  },
  {
    provider: 'Bugsnag',
    npm: /^@bugsnag\/(?:js|node|browser|expo|react-native)$|^bugsnag$/,
    pypi: /^bugsnag$/,
    gem: /^bugsnag$/,
    go: /^github\.com\/bugsnag\/bugsnag-go(?:\/v2)?$/,
    init: /\bBugsnag\.(?:start|configure|createClient)\b|\bbugsnag\.(?:configure|Configure)\s*\(/,
  },
  {
    provider: 'Honeybadger',
    npm: /^@honeybadger-io\/[\w-]+$/,
    pypi: /^honeybadger$/,
    gem: /^honeybadger$/,
    go: /^github\.com\/honeybadger-io\/honeybadger-go$/,
    init: /\bHoneybadger\.configure\b|\bhoneybadger\.(?:configure|Configure)\s*\(|HoneybadgerMiddleware/,
  },
  {
    provider: 'Datadog',
    npm: /^(?:dd-trace|@datadog\/browser-rum|@datadog\/browser-logs)$/,
    pypi: /^ddtrace$/,
    gem: /^(?:ddtrace|datadog)$/,
    go: /^(?:gopkg\.in\/DataDog\/dd-trace-go\.v1|github\.com\/DataDog\/dd-trace-go(?:\/v2)?)$/,
    init: /dd-trace['"]\s*\)\s*\.init\s*\(|\btracer\.init\s*\(|dd-trace\/init|\bddtrace-run\b|\bddtrace\.(?:patch_all|auto)\b|\bDatadog\.configure\b|\btracer\.Start\s*\(|\bdatadogRum\.init\s*\(/,
  },
  {
    provider: 'OpenTelemetry',
    npm: /^@opentelemetry\/exporter-[\w-]+$/,
    pypi: /^opentelemetry-exporter-[\w-]+$/,
    gem: /^opentelemetry-exporter-[\w-]+$/,
    go: /^go\.opentelemetry\.io\/otel\/exporters\/[\w/.-]+$/,
    init: /\bnew\s+NodeSDK\s*\(|\bregisterInstrumentations\s*\(|auto-instrumentations-node\/register|\bopentelemetry-instrument\b|\bconfigure_opentelemetry\s*\(|\bOpenTelemetry::SDK\.configure\b|\bsdktrace\.NewTracerProvider\s*\(|\bTracerProvider\s*\(/,
  },
  {
    provider: 'New Relic',
    npm: /^newrelic$/,
    pypi: /^newrelic$/,
    gem: /^newrelic_rpm$/,
    go: /^github\.com\/newrelic\/go-agent(?:\/v3)?$/,
    init: /require\(\s*['"]newrelic['"]\s*\)|import\s+['"]newrelic['"]|(?:-r|--require|--import)\s+newrelic\b|\bnewrelic-admin\s+run-program\b|\bnewrelic\.agent\.initialize\s*\(|\bnewrelic\.NewApplication\s*\(/,
  },
  {
    provider: 'Highlight',
    npm: /^(?:@highlight-run\/[\w-]+|highlight\.run)$/,
    pypi: /^highlight-io$/,
    gem: /^highlight_io$/,
    go: /^github\.com\/highlight\/highlight\/sdk\/highlight-go$/,
    init: /\bH\.init\s*\(|\bhighlight\.(?:init|Start)\s*\(|\bhighlight_io\.H\s*\(/,
  },
  // Axiom's Next.js integration reports every server error through Next.js's onRequestError hook
  { provider: 'Axiom', npm: /^(?:@axiomhq\/nextjs|next-axiom)$/, pypi: NEVER, gem: NEVER, go: NEVER, init: /\bcreateOnRequestError\s*\(|\bwithAxiom\s*\(/ },
  { provider: 'LogRocket', npm: /^logrocket$/, pypi: NEVER, gem: NEVER, go: NEVER, init: /\bLogRocket\.init\s*\(/ },
  {
    provider: 'AppSignal',
    npm: /^@appsignal\/nodejs$/,
    pypi: /^appsignal$/,
    gem: /^appsignal$/,
    go: NEVER,
    init: /\bnew\s+Appsignal\s*\(|\bappsignal\.start\s*\(|\bAppsignal\.start\b/,
  },
  {
    provider: 'Elastic APM',
    npm: /^elastic-apm-node$/,
    pypi: /^elastic-apm$/,
    gem: /^elastic-apm$/,
    go: /^go\.elastic\.co\/apm(?:\/v2)?$/,
    init: /elastic-apm-node['"]\s*\)\s*\.start\s*\(|elastic-apm-node\/start|\bElasticAPM\s*\(|\bElasticAPM\.start\b/,
  },
  {
    provider: 'Airbrake',
    npm: /^@airbrake\/(?:node|browser)$/,
    pypi: /^pybrake$/,
    gem: /^airbrake$/,
    go: /^github\.com\/airbrake\/gobrake(?:\/v5)?$/,
    init: /\bnew\s+(?:Airbrake\.)?Notifier\s*\(|\bAirbrake\.configure\b|\bpybrake\.Notifier\s*\(|\bgobrake\.New\w*\s*\(/,
  },
];

/** Config files that initialise an agent by being present (Rails/Django agents read them at boot). */
export const INIT_CONFIG_FILES: Record<string, string> = {
  'config/honeybadger.yml': 'Honeybadger',
  'honeybadger.yml': 'Honeybadger',
  'newrelic.yml': 'New Relic',
  'config/newrelic.yml': 'New Relic',
  'newrelic.js': 'New Relic',
  'newrelic.ini': 'New Relic',
  'config/appsignal.yml': 'AppSignal',
  'config/rollbar.rb': 'Rollbar',
  'config/initializers/sentry.rb': 'Sentry',
};

/** Browser SDKs loaded from a vendor CDN in HTML templates count as installed. */
const CDN_SCRIPTS: [RegExp, string][] = [
  [/browser\.sentry-cdn\.com|js\.sentry-cdn\.com/, 'Sentry'],
  [/cdn\.rollbar\.com|rollbar\.snippet/i, 'Rollbar'],
  [/d2wy8f7a9ursnm\.cloudfront\.net|bugsnag[\w.-]*\.min\.js/, 'Bugsnag'],
  [/js\.honeybadger\.io/, 'Honeybadger'],
  [/cdn\.lr-ingest\.(?:io|com)|cdn\.logrocket\.(?:io|com)/, 'LogRocket'],
  [/www\.datadoghq-browser-agent\.com/, 'Datadog'],
  [/js-agent\.newrelic\.com/, 'New Relic'],
];

export function cdnSdks(html: string): { provider: string; script: string }[] {
  const out: { provider: string; script: string }[] = [];
  for (const m of html.matchAll(/<script[^>]{0,500}\bsrc\s*=\s*["']([^"']{1,500})["']/gi))
    for (const [pattern, provider] of CDN_SCRIPTS) if (pattern.test(m[1] ?? '')) out.push({ provider, script: m[1] ?? '' });
  return out.slice(0, 20);
}

export type Ecosystem = 'npm' | 'pypi' | 'gem' | 'go';

export function providerOfPackage(ecosystem: Ecosystem, name: string): string | null {
  for (const rule of ERROR_TRACKING) if (rule[ecosystem].test(name)) return rule.provider;
  return null;
}

export interface LineHit {
  line: number;
  text: string;
}

export function initialisations(text: string): { provider: string; line: number; text: string }[] {
  const out: { provider: string; line: number; text: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < 20; i++) {
    const l = lines[i] ?? '';
    if (l.length > 2000) continue;
    for (const rule of ERROR_TRACKING) if (rule.init.test(l)) out.push({ provider: rule.provider, line: i + 1, text: l.trim().slice(0, 200) });
  }
  return out;
}

export type AlertChannelType = 'email' | 'chat' | 'webhook' | 'pager' | 'sms';

export interface UptimeMonitorSignal {
  provider: string;
  name: string;
  line: number;
  /** URLs or paths the monitor requests. */
  targets: string[];
  watchesCertificate: boolean;
}

export interface AlertChannelSignal {
  type: AlertChannelType;
  provider: string;
  line: number;
}

export interface MonitoringConfigSignals {
  monitors: UptimeMonitorSignal[];
  alerts: AlertChannelSignal[];
  /** Certificate expiry watched outside a specific monitor (Prometheus rules). */
  certificateWatches: LineHit[];
}

const URL_IN_TEXT = /https?:\/\/[^\s"'`<>)\]},]+/g;

function urls(text: string): string[] {
  return [...new Set([...text.matchAll(URL_IN_TEXT)].map((m) => m[0]))].slice(0, 50);
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function channelTypeOf(name: string): AlertChannelType | null {
  const n = name.toLowerCase();
  if (/e-?mail|smtp|ses|sendgrid|mailgun/.test(n)) return 'email';
  if (/slack|discord|teams|mattermost|telegram|google-?chat|rocket|matrix|zulip|gotify|ntfy|pushover|signal|lark/.test(n)) return 'chat';
  if (/pager|opsgenie|incident|victorops|splunk-?oncall|squadcast|grafana-?oncall|betteruptime_policy|call|phone/.test(n)) return 'pager';
  if (/sms|twilio|vonage|nexmo|messagebird/.test(n)) return 'sms';
  if (/webhook|custom|http|url/.test(n)) return 'webhook';
  return null;
}

const TF_MONITORS = new Set([
  'betteruptime_monitor',
  'pingdom_check',
  'uptimerobot_monitor',
  'statuscake_uptime_check',
  'statuscake_test',
  'statuscake_ssl_check',
  'datadog_synthetics_test',
  'checkly_check',
  'newrelic_synthetics_monitor',
  'newrelic_synthetics_cert_check_monitor',
  'grafana_synthetic_monitoring_check',
  'google_monitoring_uptime_check_config',
  'aws_route53_health_check',
  'aws_synthetics_canary',
  'azurerm_application_insights_standard_web_test',
  'azurerm_application_insights_web_test',
  'sematext_monitor_http',
  'site24x7_website_monitor',
  'cronitor_monitor',
  'hyperping_monitor',
  'uptime_check_http',
]);
const TF_ALERTS: Record<string, AlertChannelType> = {
  uptimerobot_alert_contact: 'email',
  betteruptime_policy: 'pager',
  betteruptime_slack_integration: 'chat',
  pingdom_contact: 'email',
  pingdom_integration: 'webhook',
  statuscake_contact_group: 'email',
  checkly_alert_channel: 'email',
  google_monitoring_notification_channel: 'email',
  aws_sns_topic_subscription: 'email',
  pagerduty_service: 'pager',
  pagerduty_service_integration: 'pager',
  opsgenie_team: 'pager',
  opsgenie_api_integration: 'pager',
  newrelic_alert_channel: 'email',
  newrelic_notification_destination: 'email',
  grafana_contact_point: 'email',
  datadog_integration_slack_channel: 'chat',
  datadog_integration_pagerduty: 'pager',
  azurerm_monitor_action_group: 'email',
};

/** Terraform resources of uptime providers, their alert contacts and inline alert settings. */
export function terraformSignals(text: string): MonitoringConfigSignals {
  const out: MonitoringConfigSignals = { monitors: [], alerts: [], certificateWatches: [] };
  const headers = [...text.matchAll(/^\s*resource\s+"([\w-]+)"\s+"([\w-]+)"/gm)].slice(0, 500);
  headers.forEach((m, i) => {
    const type = m[1] ?? '';
    const start = m.index ?? 0;
    const block = text.slice(start, headers[i + 1]?.index ?? Math.min(text.length, start + 20_000));
    const line = lineOf(text, start + (m[0].length - m[0].trimStart().length));
    if (TF_MONITORS.has(type)) {
      const cert =
        /ssl_check|cert_check/.test(type) ||
        /\b(?:ssl_expiration|ssl_expiry|ssl_expiration_reminder|check_certificate|ssl_check_domain|expiry_notification)\b|subtype\s*=\s*"ssl"|"certificate"|type\s*=\s*"certificate"/.test(
          block,
        );
      const hosts = [...block.matchAll(/^\s*(?:url|website_url|hostname|host|check_url|target|fqdn|domain|website_name|request_url)\s*=\s*"([^"]{1,300})"/gm)].map(
        (h) => h[1] ?? '',
      );
      out.monitors.push({ provider: `terraform ${type}`, name: m[2] ?? type, line, targets: [...new Set([...hosts, ...urls(block)])], watchesCertificate: cert });
      if (/^\s*(?:email|sms|call|push|critical_alert)\s*=\s*true/m.test(block))
        out.alerts.push({ type: /^\s*(?:sms)\s*=\s*true/m.test(block) ? 'sms' : 'email', provider: type, line });
      if (/@(?:slack|teams|discord)-/.test(block)) out.alerts.push({ type: 'chat', provider: type, line });
      if (/@(?:pagerduty|opsgenie|oncall)/.test(block)) out.alerts.push({ type: 'pager', provider: type, line });
      if (/@webhook-/.test(block)) out.alerts.push({ type: 'webhook', provider: type, line });
      if (/message\s*=\s*"[^"]*@[\w.+-]+@[\w-]+\.[\w.]+/.test(block)) out.alerts.push({ type: 'email', provider: type, line });
      if (/^\s*(?:alert_contact|contact_groups|integrationids|userids|alert_channel_subscription|policy_id|notification_channels|alert_settings)\b/m.test(block))
        out.alerts.push({ type: 'email', provider: type, line });
    }
    const alertType = TF_ALERTS[type];
    if (alertType) out.alerts.push({ type: channelTypeOf(block.match(/^\s*type\s*=\s*"([^"]+)"/m)?.[1] ?? '') ?? alertType, provider: type, line });
  });
  return out;
}

/** Gatus config: endpoints with url and conditions, top-level alerting providers. */
export function gatusSignals(text: string): MonitoringConfigSignals {
  const out: MonitoringConfigSignals = { monitors: [], alerts: [], certificateWatches: [] };
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  } catch {
    return out;
  }
  const root = doc.contents;
  if (!isMap(root)) return out;
  const endpoints = root.get('endpoints');
  if (!isSeq(endpoints)) return out;
  for (const ep of endpoints.items.slice(0, 500)) {
    if (!isMap(ep)) continue;
    const url = ep.get('url');
    const conditions = ep.get('conditions');
    const condText = isSeq(conditions) ? conditions.items.map((c) => (isScalar(c) ? String(c.value) : '')).join(' ') : '';
    out.monitors.push({
      provider: 'Gatus',
      name: String(ep.get('name') ?? url ?? 'endpoint'),
      line: lineCounter.linePos(ep.range?.[0] ?? 0).line,
      targets: typeof url === 'string' ? [url] : [],
      watchesCertificate: /CERTIFICATE_EXPIRATION/.test(condText),
    });
    const epAlerts = ep.get('alerts');
    if (isSeq(epAlerts))
      for (const a of epAlerts.items) {
        const t = isMap(a) ? a.get('type') : null;
        const type = typeof t === 'string' ? channelTypeOf(t) : null;
        if (type && typeof t === 'string') out.alerts.push({ type, provider: `Gatus ${t}`, line: lineCounter.linePos(a && isMap(a) ? (a.range?.[0] ?? 0) : 0).line });
      }
  }
  const alerting = root.get('alerting');
  if (isMap(alerting))
    for (const item of alerting.items) {
      const key = isScalar(item.key) ? String(item.key.value) : '';
      const type = channelTypeOf(key);
      if (type) out.alerts.push({ type, provider: `Gatus ${key}`, line: lineCounter.linePos(item.key && isScalar(item.key) ? (item.key.range?.[0] ?? 0) : 0).line });
    }
  return out;
}

/** Uptime Kuma backup/export JSON: monitorList and notificationList. */
export function uptimeKumaSignals(json: unknown): MonitoringConfigSignals {
  const out: MonitoringConfigSignals = { monitors: [], alerts: [], certificateWatches: [] };
  if (typeof json !== 'object' || json === null) return out;
  const { monitorList, notificationList } = json as { monitorList?: unknown; notificationList?: unknown };
  if (!Array.isArray(monitorList)) return out;
  for (const m of monitorList.slice(0, 1000)) {
    if (typeof m !== 'object' || m === null) continue;
    const mon = m as { name?: unknown; url?: unknown; hostname?: unknown; expiryNotification?: unknown };
    const target = typeof mon.url === 'string' ? mon.url : typeof mon.hostname === 'string' ? mon.hostname : null;
    out.monitors.push({
      provider: 'Uptime Kuma',
      name: String(mon.name ?? target ?? 'monitor').slice(0, 200),
      line: 1,
      targets: target ? [target] : [],
      watchesCertificate: mon.expiryNotification === true,
    });
  }
  if (Array.isArray(notificationList))
    for (const n of notificationList.slice(0, 100)) {
      const config = typeof n === 'object' && n !== null ? (n as { config?: unknown }).config : null;
      let kind = '';
      try {
        kind = String((typeof config === 'string' ? JSON.parse(config) : config)?.type ?? '');
      } catch {}
      out.alerts.push({ type: channelTypeOf(kind) ?? 'webhook', provider: `Uptime Kuma ${kind || 'notification'}`, line: 1 });
    }
  return out;
}

/** Checkly constructs (ApiCheck, BrowserCheck, UrlMonitor...) and alert channels. */
export function checklySignals(text: string): MonitoringConfigSignals {
  const out: MonitoringConfigSignals = { monitors: [], alerts: [], certificateWatches: [] };
  const targets = urls(text);
  const cert = /\bsslCheck(?:Domain)?\b/.test(text);
  for (const m of text.matchAll(/new\s+(ApiCheck|BrowserCheck|UrlMonitor|MultiStepCheck|HeartbeatCheck|TcpMonitor)\s*\(\s*['"]([^'"]{0,200})/g))
    out.monitors.push({ provider: `Checkly ${m[1]}`, name: m[2] ?? '', line: lineOf(text, m.index ?? 0), targets, watchesCertificate: cert });
  for (const m of text.matchAll(/new\s+(Email|Slack|Webhook|Pagerduty|Opsgenie|Sms|Phone|MSTeams|Incidentio|Telegram)AlertChannel\s*\(/g))
    out.alerts.push({ type: channelTypeOf(m[1] ?? '') ?? 'webhook', provider: `Checkly ${m[1]}AlertChannel`, line: lineOf(text, m.index ?? 0) });
  return out;
}

/** Upptime (.upptimerc.yml): sites and notifications. */
export function upptimeSignals(text: string): MonitoringConfigSignals {
  const out: MonitoringConfigSignals = { monitors: [], alerts: [], certificateWatches: [] };
  let root: unknown;
  try {
    root = parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 50 });
  } catch {
    return out;
  }
  const cfg = root as { sites?: unknown; notifications?: unknown };
  if (Array.isArray(cfg?.sites))
    for (const s of cfg.sites.slice(0, 500)) {
      const url = typeof s === 'object' && s !== null ? (s as { url?: unknown }).url : null;
      if (typeof url === 'string')
        out.monitors.push({ provider: 'Upptime', name: String((s as { name?: unknown }).name ?? url), line: 1, targets: [url], watchesCertificate: false });
    }
  if (Array.isArray(cfg?.notifications))
    for (const n of cfg.notifications.slice(0, 50)) {
      const t = typeof n === 'object' && n !== null ? String((n as { type?: unknown }).type ?? '') : '';
      out.alerts.push({ type: channelTypeOf(t) ?? 'webhook', provider: `Upptime ${t}`, line: 1 });
    }
  return out;
}

/** Prometheus alert rules on blackbox probes and Alertmanager receivers. */
export function prometheusSignals(text: string): MonitoringConfigSignals {
  const out: MonitoringConfigSignals = { monitors: [], alerts: [], certificateWatches: [] };
  text.split('\n').forEach((l, i) => {
    if (/probe_ssl_earliest_cert_expiry|ssl_cert_not_after|x509_cert_not_after/.test(l)) out.certificateWatches.push({ line: i + 1, text: l.trim().slice(0, 200) });
    if (/\bprobe_success\b/.test(l)) out.monitors.push({ provider: 'Prometheus blackbox', name: 'probe_success rule', line: i + 1, targets: [], watchesCertificate: false });
    const receiver = /^\s*(email|slack|pagerduty|webhook|opsgenie|msteams|telegram|discord|victorops|pushover|sns|wechat|webex)_configs\s*:/.exec(l);
    if (receiver)
      out.alerts.push({ type: channelTypeOf(receiver[1] ?? '') ?? (receiver[1] === 'sns' ? 'email' : 'webhook'), provider: `Alertmanager ${receiver[1]}`, line: i + 1 });
  });
  const targets = /module\s*:\s*\[?\s*http_2xx|blackbox/.test(text) ? urls(text) : [];
  if (targets.length > 0) out.monitors.push({ provider: 'Prometheus blackbox', name: 'blackbox scrape', line: 1, targets, watchesCertificate: false });
  return out;
}

/** Datadog Synthetics test definitions (datadog-ci JSON). */
export function datadogSyntheticsSignals(text: string): MonitoringConfigSignals {
  const out: MonitoringConfigSignals = { monitors: [], alerts: [], certificateWatches: [] };
  if (!/"type"\s*:\s*"(?:api|browser)"/.test(text) && !/"public_id"/.test(text)) return out;
  out.monitors.push({
    provider: 'Datadog Synthetics',
    name: 'synthetics test',
    line: 1,
    targets: urls(text),
    watchesCertificate: /"subtype"\s*:\s*"ssl"|"type"\s*:\s*"certificate"/.test(text),
  });
  const msg = /"message"\s*:\s*"([^"]{0,2000})"/.exec(text)?.[1] ?? '';
  if (/@(?:slack|teams)-/.test(msg)) out.alerts.push({ type: 'chat', provider: 'Datadog', line: 1 });
  if (/@(?:pagerduty|opsgenie)/.test(msg)) out.alerts.push({ type: 'pager', provider: 'Datadog', line: 1 });
  if (/@[\w.+-]+@[\w-]+\.[\w.]+/.test(msg)) out.alerts.push({ type: 'email', provider: 'Datadog', line: 1 });
  return out;
}

/** A scheduled CI job that curls the app is an uptime check; a notify step on failure is its alert route. */
export function scheduledCheckSignals(commands: LineHit[], schedules: string[]): MonitoringConfigSignals {
  const out: MonitoringConfigSignals = { monitors: [], alerts: [], certificateWatches: [] };
  if (schedules.length === 0) return out;
  const probes = commands.filter((c) => /\b(?:curl|wget|http|httpie|xh)\b[^|]*https?:\/\//.test(c.text) || /uptime|url-health-check|healthcheck-action|check-url/i.test(c.text));
  for (const p of probes.slice(0, 20))
    out.monitors.push({
      provider: 'scheduled CI check',
      name: p.text,
      line: p.line,
      targets: urls(p.text),
      watchesCertificate: /openssl\s+s_client|-enddate|ssl-cert-check|cert.*expir/i.test(p.text),
    });
  if (probes.length === 0) return out;
  for (const c of commands) {
    const t = c.text;
    const type: AlertChannelType | null = /slack|discord|teams|telegram|mattermost/i.test(t)
      ? 'chat'
      : /send-mail|sendmail|mailgun|sendgrid|\bmail\b/i.test(t)
        ? 'email'
        : /pagerduty|opsgenie/i.test(t)
          ? 'pager'
          : /curl[^|]*-X\s*POST[^|]*https?:\/\/|webhook/i.test(t)
            ? 'webhook'
            : null;
    if (type) out.alerts.push({ type, provider: 'scheduled CI check', line: c.line });
  }
  return out;
}
