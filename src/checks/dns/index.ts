// Checks of the dns stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import danglingCname from './dns.dangling-cname.js';
import noCaa from './dns.no-caa.js';
import noIpv6 from './dns.no-ipv6.js';
import singleNameserver from './dns.single-nameserver.js';
import unresolvableHost from './dns.unresolvable-host.js';

export const dnsChecks: AnyCheck[] = [unresolvableHost, danglingCname, noCaa, singleNameserver, noIpv6];
