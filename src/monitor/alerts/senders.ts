// One sender per alert channel of the contract: webhook (HMAC-signed JSON), Slack-compatible, email (SMTP with
// STARTTLS), PagerDuty Events v2 and ntfy. A sender makes one attempt and throws on failure; retries are the queue's.
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { MonitorAlertConfig } from '../config.js';
import type { AlertEvent } from '../state.js';
import { destinationRedactor, maskUrl } from './mask-url.js';

/** The contract's alert JSON body. */
export interface AlertMessage {
  monitor: string;
  event: AlertEvent;
  incidentId: string;
  /** ISO-8601. */
  startedAt: string;
  durationMs?: number;
  lastError: string;
  dashboardUrl: string;
}

export interface AlertSender {
  /** Channel type and destination with its secrets masked, for logs. */
  readonly label: string;
  send(message: AlertMessage, signal: AbortSignal): Promise<void>;
  /** Replace this destination's secrets in a text (error messages) with their masked form. */
  redact(text: string): string;
}

export interface SenderOptions {
  /** Extra CA certificates (PEM) for SMTP STARTTLS, e.g. a private relay. */
  smtpCa?: string[];
  timeoutMs?: number;
}

/** A failure worth no retry (the destination refused the request as such). */
export class PermanentDeliveryError extends Error {}

const DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';
const DEFAULT_TIMEOUT_MS = 10_000;

const EVENT_WORDS: Record<AlertEvent, string> = {
  down: 'is DOWN',
  recovered: 'recovered',
  reminder: 'is still DOWN',
  'cert-expiring': 'certificate expires soon',
};

/** One line for chat, pager and push channels. */
function alertSummary(m: AlertMessage): string {
  const duration = m.durationMs !== undefined ? ` after ${formatDuration(m.durationMs)}` : '';
  const detail = m.event === 'recovered' ? '' : `: ${m.lastError}`;
  return `[launchready] ${m.monitor} ${EVENT_WORDS[m.event]}${duration}${detail}`;
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m}m` : `${(m / 60).toFixed(1)}h`;
}

/** fetch refuses URLs with credentials: move user:pass into a Basic Authorization header. */
function splitCredentials(text: string): { url: string; headers: Record<string, string> } {
  const url = new URL(text);
  if (!url.username && !url.password) return { url: text, headers: {} };
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  return { url: url.toString(), headers: { Authorization: `Basic ${basic}` } };
}

async function post(target: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<void> {
  const { url, headers: auth } = splitCredentials(target);
  // redirects are not followed: a signed alert goes only where it was configured to go
  const res = await fetch(url, { method: 'POST', body, headers: { ...headers, ...auth }, signal, redirect: 'manual' });
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 200 && res.status < 300) return;
  const message = `HTTP ${res.status}`;
  // 408 and 429 are worth retrying; other 4xx will fail the same way next time
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentDeliveryError(message);
  throw new Error(message);
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function webhookSender(config: { url: string; secret?: string }): AlertSender {
  const redactor = destinationRedactor([config.url, config.secret]);
  return {
    label: `webhook ${maskUrl(config.url)}`,
    redact: (t) => redactor.redact(t),
    async send(message, signal) {
      const body = JSON.stringify(message);
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'launchready-monitor' };
      if (config.secret) headers['X-Launchready-Signature'] = signBody(body, config.secret);
      await post(config.url, body, headers, signal);
    },
  };
}

function slackSender(config: { url: string }): AlertSender {
  const redactor = destinationRedactor([config.url]);
  return {
    label: `slack ${maskUrl(config.url)}`,
    redact: (t) => redactor.redact(t),
    async send(message, signal) {
      await post(config.url, JSON.stringify({ text: `${alertSummary(message)}\n${message.dashboardUrl}` }), { 'Content-Type': 'application/json' }, signal);
    },
  };
}

function pagerDutySender(config: { routingKey: string; url?: string }): AlertSender {
  const url = config.url ?? DEFAULT_PAGERDUTY_URL;
  const redactor = destinationRedactor([config.routingKey, config.url]);
  return {
    label: `pagerduty ${maskUrl(url)}`,
    redact: (t) => redactor.redact(t),
    async send(message, signal) {
      // dedup_key = incident: PagerDuty folds reminders into the open incident and resolves it on recovery
      const body =
        message.event === 'recovered'
          ? { routing_key: config.routingKey, event_action: 'resolve', dedup_key: message.incidentId }
          : {
              routing_key: config.routingKey,
              event_action: 'trigger',
              dedup_key: message.incidentId,
              payload: {
                summary: alertSummary(message).slice(0, 1024),
                source: message.monitor,
                severity: message.event === 'cert-expiring' ? 'warning' : 'critical',
                timestamp: message.startedAt,
                component: message.monitor,
                custom_details: { event: message.event, lastError: message.lastError, startedAt: message.startedAt },
              },
              links: [{ href: message.dashboardUrl, text: 'launchready dashboard' }],
            };
      await post(url, JSON.stringify(body), { 'Content-Type': 'application/json' }, signal);
    },
  };
}

const NTFY_PRIORITY: Record<AlertEvent, string> = { down: 'urgent', reminder: 'high', 'cert-expiring': 'high', recovered: 'default' };

function ntfySender(config: { url: string }): AlertSender {
  const redactor = destinationRedactor([config.url]);
  return {
    label: `ntfy ${maskUrl(config.url)}`,
    redact: (t) => redactor.redact(t),
    async send(message, signal) {
      const text = `${message.event === 'recovered' ? 'Recovered' : message.lastError}\nstarted ${message.startedAt}\n${message.dashboardUrl}`;
      // header values must be ASCII without line breaks
      const title = alertSummary({ ...message, lastError: '' })
        .replace(/:\s*$/, '')
        .replace(/[^\x20-\x7e]/g, '?');
      await post(
        config.url,
        text,
        {
          'Content-Type': 'text/plain; charset=utf-8',
          Title: title,
          Priority: NTFY_PRIORITY[message.event],
          Tags: message.event === 'recovered' ? 'white_check_mark' : 'rotating_light',
          Click: message.dashboardUrl,
        },
        signal,
      );
    },
  };
}

function emailSender(config: { to: string; smtp: string; from?: string }, options: SenderOptions): AlertSender {
  const url = new URL(config.smtp);
  const secure = url.protocol === 'smtps:';
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // smtp:// means STARTTLS or nothing: never send alert details (or the password) in clear text
    requireTLS: !secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    tls: { minVersion: 'TLSv1.2', ...(options.smtpCa?.length ? { ca: options.smtpCa } : {}) },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const from = config.from ?? `launchready-monitor@${url.hostname.replace(/^\[|\]$/g, '') || 'localhost'}`;
  const redactor = destinationRedactor([config.smtp]);
  return {
    label: `email to ${config.to} via ${maskUrl(config.smtp)}`,
    redact: (t) => redactor.redact(t),
    async send(message, signal) {
      if (signal.aborted) throw new Error('aborted');
      const lines = [
        alertSummary(message),
        '',
        `Monitor:    ${message.monitor}`,
        `Event:      ${message.event}`,
        `Incident:   ${message.incidentId}`,
        `Started at: ${message.startedAt}`,
        ...(message.durationMs !== undefined ? [`Duration:   ${formatDuration(message.durationMs)}`] : []),
        `Last error: ${message.lastError}`,
        '',
        message.dashboardUrl,
      ];
      const sending = transport.sendMail({ from, to: config.to, subject: alertSummary(message).slice(0, 200), text: lines.join('\n') });
      const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true }));
      await Promise.race([sending, aborted]);
    },
  };
}

export function createSender(config: MonitorAlertConfig, options: SenderOptions = {}): AlertSender {
  switch (config.type) {
    case 'webhook':
      return webhookSender(config);
    case 'slack':
      return slackSender(config);
    case 'pagerduty':
      return pagerDutySender(config);
    case 'ntfy':
      return ntfySender(config);
    case 'email':
      return emailSender(config, options);
  }
}
