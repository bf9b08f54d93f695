// Facts produced by the monitoring collector: error-tracking SDKs, uptime monitors, alert channels and certificate watches found in the repo.
import type { AlertChannelType } from '../analyze/monitoring-signals.js';

export interface ErrorTrackingSdk {
  provider: string;
  package: string;
  manifest: string;
}

export interface SdkInitialisation {
  provider: string;
  file: string;
  line: number;
  text: string;
}

export interface UptimeMonitor {
  provider: string;
  name: string;
  file: string;
  line: number;
  /** URLs, hosts or paths it requests (bounded). */
  targets: string[];
  watchesCertificate: boolean;
}

export interface AlertChannel {
  type: AlertChannelType;
  provider: string;
  file: string;
  line: number;
}

export interface MonitoringFacts {
  /** null when no repository was given: only the launchready monitor config (plan.monitor) counts. */
  repo: string | null;
  filesScanned: number;
  truncated: boolean;
  sdks: ErrorTrackingSdk[];
  initialisations: SdkInitialisation[];
  uptimeMonitors: UptimeMonitor[];
  alertChannels: AlertChannel[];
  certificateWatches: { file: string; line: number; text: string }[];
}
