/** /settings — users, prices, connections (admins only: the router wraps it in AdminOnly). Placeholder. */
import { Settings } from 'lucide-react';
import { Card, EmptyState, PageHeader } from '../../components/ui';

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="People who can log in, the price table, and the connections to Drive, Replicate and Shopify." />
      <Card>
        <EmptyState icon={Settings} title="Settings are on their way">
          Users and roles, print prices and connection tests will be managed here.
        </EmptyState>
      </Card>
    </>
  );
}
