/** /files?status=&search= — every painting and where it is in the pipeline. Placeholder with its filters. */
import { getRouteApi, Link } from '@tanstack/react-router';
import { Images } from 'lucide-react';
import { Button, Card, CardBody, EmptyState, PageHeader, StatusBadge } from '../../components/ui';
import { FileFilters } from './components/FileFilters';

const route = getRouteApi('/_app/files');

export default function FilesPage() {
  const { status, search } = route.useSearch();
  const filtered = Boolean(status || search);
  return (
    <>
      <PageHeader title="Files" description="Every painting from the Drive folder, and where it is in the pipeline." />
      <Card>
        <CardBody className="border-b border-border">
          <FileFilters />
        </CardBody>
        <EmptyState
          icon={Images}
          title={filtered ? 'No files match' : 'No files yet'}
          action={
            filtered && (
              <Button asChild variant="secondary">
                <Link to="/files">Clear filters</Link>
              </Button>
            )
          }
        >
          {filtered ? (
            <span className="inline-flex flex-wrap items-center justify-center gap-x-1.5 gap-y-1">
              <span>Nothing here</span>
              {status && (
                <>
                  <span>in</span>
                  <StatusBadge kind="file" status={status} />
                </>
              )}
              {search && <span>matching “{search}”</span>}
            </span>
          ) : (
            'Paintings dropped into the Drive “Incoming” folder appear here within a few minutes.'
          )}
        </EmptyState>
      </Card>
    </>
  );
}
