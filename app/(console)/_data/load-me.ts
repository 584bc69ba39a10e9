import { cookies } from 'next/headers';
import { cache } from 'react';
import { meResponseSchema, type MeResponse } from '@/lib/api/me';

/**
 * Fetches `/api/me` for the signed-in user during server rendering, forwarding the browser's
 * cookie so the API authenticates and authorizes exactly as it would for the browser itself.
 * Returns null when there is no valid session. Cached per request: the layout, area guards
 * and pages all ask.
 */
export const loadMe = cache(async (): Promise<MeResponse | null> => {
  const base = process.env.PORTICO_INTERNAL_URL;
  if (!base) throw new Error('PORTICO_INTERNAL_URL is not set: the console must be served by `portico start`');
  const cookieHeader = (await cookies()).toString();
  const res = await fetch(`${base}/api/me`, { headers: { cookie: cookieHeader }, cache: 'no-store' });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`GET /api/me answered ${res.status}`);
  return meResponseSchema.parse(await res.json());
});
