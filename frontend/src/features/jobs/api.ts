/** The jobs page's GraphQL operations (typed from the schema by gql.tada). */
import { graphql, type ResultOf } from '../../lib/graphql';

export const JOBS_PAGE_SIZE = 50;

export const JobsQuery = graphql(`
  query Jobs($status: JobStatus, $commandType: String, $search: String, $first: Int, $after: String) {
    jobs(status: $status, commandType: $commandType, search: $search, first: $first, after: $after) {
      edges {
        node {
          id
          commandType
          status
          queue
          attempts
          maxAttempts
          lastError
          fileId
          createdAt
          startedAt
          completedAt
          runAfter
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);
export type JobRow = ResultOf<typeof JobsQuery>['jobs']['edges'][number]['node'];

/** One job as a row (a failure group's jobs). */
export const JobRowQuery = graphql(`
  query JobRow($id: ID!) {
    job(id: $id) {
      id
      commandType
      status
      queue
      attempts
      maxAttempts
      lastError
      fileId
      createdAt
      startedAt
      completedAt
      runAfter
    }
  }
`);

export const JobDetailQuery = graphql(`
  query JobDetail($id: ID!) {
    job(id: $id) {
      id
      commandType
      status
      queue
      attempts
      maxAttempts
      lastError
      payload
      result
      checkpoint
      fileId
      file {
        id
        originalFilename
        status
        species
        thumbnailUrl
      }
      createdAt
      startedAt
      completedAt
      runAfter
      runs {
        attempt
        outcome
        error
        worker
        runs
        startedAt
        endedAt
      }
    }
  }
`);
export type JobDetail = NonNullable<ResultOf<typeof JobDetailQuery>['job']>;
export type JobRunRow = JobDetail['runs'][number];

export const FailureGroupsQuery = graphql(`
  query FailureGroups {
    failureGroups {
      fingerprint
      count
      firstSeen
      lastSeen
      normalisedError
      sampleError
      commandTypes
      jobIds
      fileIds
    }
  }
`);

export const QueuesQuery = graphql(`
  query Queues {
    queues {
      name
      depth
      consumers
      deadLetters
    }
  }
`);
export type QueueRow = ResultOf<typeof QueuesQuery>['queues'][number];

export const RetryJob = graphql(`
  mutation RetryJob($id: ID!) {
    retryJob(id: $id) {
      id
      status
      attempts
      maxAttempts
    }
  }
`);

export const CancelJob = graphql(`
  mutation CancelJob($id: ID!) {
    cancelJob(id: $id) {
      id
      status
    }
  }
`);

export const RetryFailureGroup = graphql(`
  mutation RetryFailureGroup($fingerprint: String!) {
    retryFailureGroup(fingerprint: $fingerprint) {
      retried
    }
  }
`);

export const RedriveQueue = graphql(`
  mutation RedriveQueue($name: String!) {
    redriveQueue(name: $name) {
      redriven
    }
  }
`);

/** Any job changed state (no id: every job), or one job (with its id). */
export const JobUpdated = graphql(`
  subscription JobUpdated($id: ID) {
    jobUpdated(id: $id) {
      id
      status
    }
  }
`);
