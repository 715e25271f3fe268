/**
 * HTML pages that arrive where JSON belongs: Cloudflare error pages (5xx,
 * the 1015 rate-limit ban, the missing User-Agent block) and a maintenance
 * page served with status 200.
 */

const CLOUDFLARE_TITLES: Record<number, string> = {
  403: 'Attention Required! | Cloudflare',
  429: 'Access denied | api.trakt.tv used Cloudflare to restrict access',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
  520: 'api.trakt.tv | 520: Web server is returning an unknown error',
  521: 'api.trakt.tv | 521: Web server is down',
  522: 'api.trakt.tv | 522: Connection timed out',
};

export function cloudflarePage(status: number, rayId: string): string {
  const title = CLOUDFLARE_TITLES[status] ?? `${status} Error`;
  const detail =
    status === 429
      ? '<h1>Error 1015</h1><h2>You are being rate limited</h2><p>The owner of this website (api.trakt.tv) has banned you temporarily from accessing this website.</p>'
      : status === 403
        ? '<h1>Sorry, you have been blocked</h1><p>You are unable to access api.trakt.tv</p>'
        : `<h1>${title}</h1><p>Please try again in 30 seconds.</p>`;
  return `<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8" /><title>${title}</title></head>
<body>
<div id="cf-wrapper">${detail}
<p>Cloudflare Ray ID: <strong>${rayId}</strong></p>
</div>
</body>
</html>
`;
}

export function maintenancePage(): string {
  return `<!DOCTYPE html>
<html>
<head><title>Trakt is down for maintenance</title></head>
<body><h1>We'll be right back!</h1><p>Trakt is down for scheduled maintenance.</p></body>
</html>
`;
}
