/** The desk's keys (`?`). */
import { Dialog } from '../../../components/ui';
import { KEY_HELP } from '../logic/keys';

export function KeysDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="Letter keys work when you’re not typing in a field.">
      <table className="w-full text-sm">
        <caption className="sr-only">Keys and what they do</caption>
        <tbody className="divide-y divide-border">
          {KEY_HELP.map((k) => (
            <tr key={k.label}>
              <td className="w-px py-2 pr-5 whitespace-nowrap">
                {k.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && <span className="mx-1 text-muted">+</span>}
                    <kbd className="inline-flex h-6 min-w-6 items-center justify-center rounded-md border border-border-strong bg-surface-2 px-1.5 font-sans text-xs font-semibold text-fg shadow-card">{key}</kbd>
                  </span>
                ))}
              </td>
              <td className="py-2 text-fg">{k.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
