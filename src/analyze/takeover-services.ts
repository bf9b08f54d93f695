// Hosting services where a CNAME left pointing at a released name lets anyone claim it (subdomain takeover).
// Sources: the "can-i-take-over-xyz" community list and the providers' own docs on dangling records.

interface TakeoverService {
  provider: string;
  /** Matches the CNAME target (lower case, no trailing dot). */
  pattern: RegExp;
}

const suffix = (...names: string[]) => new RegExp(`(^|\\.)(${names.map((n) => n.replace(/\./g, '\\.')).join('|')})$`);

const TAKEOVER_SERVICES: readonly TakeoverService[] = [
  { provider: 'Heroku', pattern: suffix('herokuapp.com', 'herokudns.com', 'herokussl.com') },
  {
    provider: 'Microsoft Azure',
    pattern: suffix(
      'azurewebsites.net',
      'cloudapp.net',
      'cloudapp.azure.com',
      'trafficmanager.net',
      'blob.core.windows.net',
      'azureedge.net',
      'azure-api.net',
      'azurecontainer.io',
      'azurestaticapps.net',
    ),
  },
  { provider: 'Amazon S3', pattern: /(^|\.)s3([.-][a-z0-9-]+)?\.amazonaws\.com$|(^|\.)s3-website[.-][a-z0-9-]+\.amazonaws\.com$/ },
  { provider: 'AWS Elastic Beanstalk', pattern: suffix('elasticbeanstalk.com') },
  { provider: 'GitHub Pages', pattern: suffix('github.io') },
  { provider: 'Netlify', pattern: suffix('netlify.app', 'netlify.com') },
  { provider: 'Vercel', pattern: suffix('vercel.app', 'now.sh') },
  { provider: 'Fly.io', pattern: suffix('fly.dev') },
  { provider: 'Cloudflare Pages', pattern: suffix('pages.dev') },
  { provider: 'Firebase Hosting', pattern: suffix('firebaseapp.com', 'web.app') },
  { provider: 'Render', pattern: suffix('onrender.com') },
  { provider: 'Ghost', pattern: suffix('ghost.io') },
  { provider: 'Shopify', pattern: suffix('myshopify.com') },
  { provider: 'Surge', pattern: suffix('surge.sh') },
  { provider: 'Bitbucket', pattern: suffix('bitbucket.io') },
  { provider: 'WordPress.com', pattern: suffix('wordpress.com') },
  { provider: 'WP Engine', pattern: suffix('wpengine.com') },
  { provider: 'Pantheon', pattern: suffix('pantheonsite.io') },
  { provider: 'Zendesk', pattern: suffix('zendesk.com') },
  { provider: 'Freshdesk', pattern: suffix('freshdesk.com') },
  { provider: 'Help Scout', pattern: suffix('helpscoutdocs.com') },
  { provider: 'ReadMe', pattern: suffix('readme.io') },
  { provider: 'GitBook', pattern: suffix('gitbook.io') },
  { provider: 'Statuspage', pattern: suffix('statuspage.io') },
  { provider: 'UserVoice', pattern: suffix('uservoice.com') },
  { provider: 'Unbounce', pattern: suffix('unbouncepages.com') },
  { provider: 'Tumblr', pattern: suffix('domains.tumblr.com') },
  { provider: 'Webflow', pattern: suffix('proxy.webflow.com', 'proxy-ssl.webflow.com') },
  { provider: 'Strikingly', pattern: suffix('s.strikinglydns.com') },
  { provider: 'Agile CRM', pattern: suffix('agilecrm.com') },
  { provider: 'Cargo', pattern: suffix('cargocollective.com') },
];

/** The takeover-prone provider a CNAME target belongs to, or null. */
export function takeoverServiceOf(target: string): { provider: string } | null {
  const name = target.toLowerCase().replace(/\.$/, '');
  const found = TAKEOVER_SERVICES.find((s) => s.pattern.test(name));
  return found ? { provider: found.provider } : null;
}
