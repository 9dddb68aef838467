/** The desk's shape while an artwork loads. */
import { Card, CardBody, Skeleton } from '../../../components/ui';

export function ReviewSkeleton() {
  return (
    <div role="status" aria-label="Loading the artwork">
      <Skeleton className="mb-4 h-7 w-2/3 max-w-md" />
      <div className="grid gap-5 lg:grid-cols-2">
        <Card>
          <CardBody className="p-3 sm:p-4">
            <Skeleton className="aspect-[4/3] w-full rounded-2xl" />
          </CardBody>
        </Card>
        <Card>
          <CardBody className="space-y-5">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="space-y-2">
                <Skeleton className="h-3.5 w-24" />
                <Skeleton className={i === 3 ? 'h-36 w-full' : 'h-11 w-full'} />
              </div>
            ))}
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
