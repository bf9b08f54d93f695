// The shape of launchready.yml (kept in step with schema/launchready.schema.json).

export type RouteKind = 'read' | 'report' | 'login' | 'password-reset' | 'signup' | 'webhook' | 'public-api' | 'health' | 'page';

export interface RouteConfig {
  path: string;
  method?: string;
  kind?: RouteKind;
  budgetMs?: number;
  critical?: boolean;
  auth?: 'public' | 'private';
  host?: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface AlertConfig {
  type: 'webhook' | 'email' | 'slack' | 'pagerduty' | 'ntfy';
  url?: string;
  secret?: string;
  to?: string;
  from?: string;
  smtp?: string;
  routingKey?: string;
}

export interface LaunchreadyConfig {
  app?: {
    name?: string;
    canonical?: string;
    hosts?: string[];
    frontendOrigins?: string[];
    ports?: { http?: number; https?: number };
    paths?: string[];
  };
  email?: { domain?: string; dkimSelectors?: string[]; smtpPort?: number };
  routes?: RouteConfig[];
  load?: { expectedPeakRps?: number; duration?: string; maxRps?: number };
  repo?: string;
  migrations?: { dir?: string; seedRows?: number; postgresVersion?: number };
  database?: { urlEnv?: string; url?: string };
  advisories?: string;
  logs?: string[];
  owners?: Record<string, string>;
  checks?: Record<string, { severity?: 'blocker' | 'high' | 'medium' | 'low' | 'info'; enabled?: boolean }>;
  ignore?: string[];
  /** Contract keys (src/monitor/config.ts validates each monitor and alert) plus the provisional certificates/routes. */
  monitor?: {
    interval?: string;
    timeout?: string;
    failAfter?: number;
    recoverAfter?: number;
    reminders?: string;
    retention?: { raw?: string; minute?: string; hour?: string };
    maintenance?: { start: string; end: string; monitors?: string[] }[];
    monitors?: ({ name: string; type: string } & Record<string, unknown>)[];
    alerts?: AlertConfig[];
    metricsToken?: string;
    certificates?: boolean;
    routes?: string[];
  };
}
