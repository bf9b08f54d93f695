// Checks of the web stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import cache_no_compression from './cache.no-compression.js';
import cache_no_validators from './cache.no-validators.js';
import cache_private_response_cacheable from './cache.private-response-cacheable.js';
import cache_static_not_cached from './cache.static-not-cached.js';
import cors_null_origin from './cors.null-origin.js';
import cors_production_origin_rejected from './cors.production-origin-rejected.js';
import cors_reflects_any_origin from './cors.reflects-any-origin.js';
import cors_wildcard_on_private from './cors.wildcard-on-private.js';
import cors_wildcard_with_credentials from './cors.wildcard-with-credentials.js';
import http_clickjacking from './http.clickjacking.js';
import http_cookie_insecure from './http.cookie-insecure.js';
import http_csp_missing from './http.csp-missing.js';
import http_csp_unsafe from './http.csp-unsafe.js';
import http_hsts_missing from './http.hsts-missing.js';
import http_hsts_weak from './http.hsts-weak.js';
import http_mixed_content from './http.mixed-content.js';
import http_no_security_txt from './http.no-security-txt.js';
import http_nosniff_missing from './http.nosniff-missing.js';
import http_referrer_policy_missing from './http.referrer-policy-missing.js';
import http_server_version_leak from './http.server-version-leak.js';
import redirect_broken_variant from './redirect.broken-variant.js';
import redirect_chain_too_long from './redirect.chain-too-long.js';
import redirect_loop from './redirect.loop.js';
import redirect_no_https_redirect from './redirect.no-https-redirect.js';
import redirect_non_canonical from './redirect.non-canonical.js';
import redirect_path_dropped from './redirect.path-dropped.js';
import redirect_temporary_canonical from './redirect.temporary-canonical.js';

export const webChecks: AnyCheck[] = [
  cache_no_compression,
  cache_no_validators,
  cache_private_response_cacheable,
  cache_static_not_cached,
  cors_null_origin,
  cors_production_origin_rejected,
  cors_reflects_any_origin,
  cors_wildcard_on_private,
  cors_wildcard_with_credentials,
  http_clickjacking,
  http_cookie_insecure,
  http_csp_missing,
  http_csp_unsafe,
  http_hsts_missing,
  http_hsts_weak,
  http_mixed_content,
  http_no_security_txt,
  http_nosniff_missing,
  http_referrer_policy_missing,
  http_server_version_leak,
  redirect_broken_variant,
  redirect_chain_too_long,
  redirect_loop,
  redirect_no_https_redirect,
  redirect_non_canonical,
  redirect_path_dropped,
  redirect_temporary_canonical,
];
