/**
 * Where to send someone after logging in: the page they asked for, but only a path of
 * this app (never another site: `//evil.example`, `https://…`, `/\\evil` are refused).
 */
export function safeRedirect(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string') return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  if (target === '/login' || target.startsWith('/login?') || target.startsWith('/login/')) return fallback;
  if (/[\u0000-\u001f]/.test(target)) return fallback;
  return target;
}
