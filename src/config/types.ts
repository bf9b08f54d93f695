// The shape of launchready.yml (kept in step with schema/launchready.schema.json).
import type { MonitorSectionConfig } from '../monitor/config.js';

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
  load?: {
    expectedPeakRps?: number;
    duration?: string;
    /** Ceiling of the headroom ramp (same as ramp.maxRps). */
    maxRps?: number;
    warmup?: string;
    maxRequests?: number;
    ramp?: { factor?: number; maxRps?: number };
    users?: number;
    thinkTime?: string;
  };
  repo?: string;
  migrations?: { dir?: string; seedRows?: number; postgresVersion?: number };
  database?: { urlEnv?: string; url?: string };
  advisories?: string;
  logs?: string[];
  owners?: Record<string, string>;
  checks?: Record<string, { severity?: 'blocker' | 'high' | 'medium' | 'low' | 'info'; enabled?: boolean }>;
  ignore?: string[];
  /** Production evidence read offline: access logs, OTLP JSON traces, HAR recordings (paths or globs, .gz accepted). */
  evidence?: { accessLogs?: string[]; traces?: string[]; har?: string[]; format?: 'nginx' | 'apache' | 'alb' | 'heroku' | 'json' };
  /** Rate-limit probes: the burst sent to each login, password-reset, signup, webhook and public-api route. */
  protection?: { requests?: number; window?: string };
  /** `launchready monitor` (contract): validated in full by parseMonitorSection (src/monitor/config.ts). */
  monitor?: MonitorSectionConfig;
}
