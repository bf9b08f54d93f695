// Checks of the monitoring stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import monitoringCertExpiryUnwatched from './monitoring.cert-expiry-unwatched.js';
import monitoringNoAlertRoute from './monitoring.no-alert-route.js';
import monitoringNoErrorTracking from './monitoring.no-error-tracking.js';
import monitoringNoUptimeMonitor from './monitoring.no-uptime-monitor.js';
import monitoringRouteUnwatched from './monitoring.route-unwatched.js';

export const monitoringChecks: AnyCheck[] = [monitoringNoUptimeMonitor, monitoringRouteUnwatched, monitoringNoErrorTracking, monitoringNoAlertRoute, monitoringCertExpiryUnwatched];
