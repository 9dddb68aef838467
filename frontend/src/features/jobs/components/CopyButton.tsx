/** Copies text to the clipboard and says so ("Copied"), for a moment, in the button and to screen readers. */
import { useEffect, useState } from 'react';
import { Check, Copy } from 'lucide-react';
import { Button } from '../../../components/ui';

export function CopyButton({ text, label = 'Copy', describedBy, className }: { text: string; label?: string; describedBy?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const id = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(id);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  const Icon = state === 'copied' ? Check : Copy;
  return (
    <Button variant="ghost" size="sm" onClick={() => void copy()} aria-describedby={describedBy} className={className}>
      <Icon aria-hidden="true" className="size-4" />
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </Button>
  );
}
