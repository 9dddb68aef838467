/** What a reviewer sees at /settings (by a link or a typed URL): whose page it is, and where to go instead. */
import { Link } from '@tanstack/react-router';
import { ShieldCheck } from 'lucide-react';
import { Button, Card, EmptyState, PageHeader } from '../../../components/ui';

export function AdminsOnlyNotice({ username }: { username: string }) {
  return (
    <>
      <PageHeader title="Settings" />
      <Card>
        <EmptyState
          icon={ShieldCheck}
          title="Settings are for admins"
          action={
            <Button asChild>
              <Link to="/review">Go to Review</Link>
            </Button>
          }
        >
          You’re logged in as {username}, a reviewer. Prices, connections and users are managed by an admin: ask one if something here needs changing.
        </EmptyState>
      </Card>
    </>
  );
}
