/**
 * Which request URLs leave the app's origin. data:, blob:, about: and other non-network URLs never
 * do; ws(s):// is compared as http(s)://.
 */
/** True for URLs that never touch the network (data:, blob:, about:, …). */
export function isNonNetworkUrl(url: string): boolean {
  return /^(data|blob|about|javascript|chrome|chrome-extension|chrome-error|devtools|filesystem):/i.test(url);
}

/** True when `url` is a network URL whose origin differs from `appOrigin`. */
export function isOffOrigin(url: string, appOrigin: string): boolean {
  if (isNonNetworkUrl(url)) return false;
  try {
    const u = new URL(url);
    if (u.protocol === 'ws:') u.protocol = 'http:';
    else if (u.protocol === 'wss:') u.protocol = 'https:';
    return u.origin !== appOrigin;
  } catch {
    return true;
  }
}
