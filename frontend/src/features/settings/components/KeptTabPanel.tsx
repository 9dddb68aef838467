/**
 * A tab panel that stays mounted while another tab is shown (hidden, not unmounted),
 * so what is typed in it — an unsaved price table, a connection's last test — survives
 * a look at another tab.
 */
import type { ReactNode } from 'react';
import { Tabs as TabsPrimitive } from 'radix-ui';

export function KeptTabPanel({ value, children }: { value: string; children: ReactNode }) {
  return (
    <TabsPrimitive.Content value={value} forceMount className="mt-5 focus-visible:outline-none data-[state=inactive]:hidden">
      {children}
    </TabsPrimitive.Content>
  );
}
