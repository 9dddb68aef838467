/**
 * A link to a file's page (/files/$fileId), followed inside the app (no reload); a
 * modified click (new tab, …) is left to the browser.
 */
import type { ReactNode } from 'react';
import { useRouter } from '@tanstack/react-router';
import { cn } from '../../../lib/cn';

export const fileHref = (fileId: string) => `/files/${encodeURIComponent(fileId)}`;

export function FileLink({ fileId, children, className }: { fileId: string; children: ReactNode; className?: string }) {
  const router = useRouter();
  const href = fileHref(fileId);
  return (
    <a
      href={href}
      className={cn('rounded font-medium text-accent underline-offset-2 hover:underline', className)}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        void router.navigate({ href });
      }}
    >
      {children}
    </a>
  );
}
