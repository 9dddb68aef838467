/**
 * The review desk's GraphQL: the queue (PROCESSED files, in the API's order: newest
 * first), one artwork with everything the desk shows, the decisions, and the
 * subscription that tells when an artwork changed under us.
 */
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../lib/graphql';

export const ReviewFileFields = graphql(`
  fragment ReviewFileFields on File {
    id
    status
    statusReason
    originalFilename
    species
    metadata
    metadataWarnings
    previewUrl
    width
    height
    ratioFamily
    costUsd
    createdAt
    updatedAt
    sizes {
      key
      label
      dpi
      price
      offered
      reason
    }
    reviews {
      id
      decision
      reviewer
      reason
      createdAt
    }
    listings {
      id
      platform
      status
      url
    }
  }
`);

export type ReviewFile = ResultOf<typeof ReviewFileFields>;
export const readReviewFile = (f: FragmentOf<typeof ReviewFileFields>): ReviewFile => readFragment(ReviewFileFields, f);

/** The ids waiting for review. Light on purpose: each artwork is fetched (and prefetched) on its own. */
export const ReviewQueue = graphql(`
  query ReviewQueue($first: Int!) {
    files(status: PROCESSED, first: $first) {
      edges {
        node {
          id
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const ReviewFileQuery = graphql(
  `
    query ReviewFile($id: ID!) {
      file(id: $id) {
        ...ReviewFileFields
      }
    }
  `,
  [ReviewFileFields],
);

export const ReviewFileUpdated = graphql(
  `
    subscription ReviewFileUpdated($id: ID!) {
      fileUpdated(id: $id) {
        ...ReviewFileFields
      }
    }
  `,
  [ReviewFileFields],
);

/** Answers little on purpose: the desk moves on at once, the queue refetches behind it. */
export const ApproveFile = graphql(`
  mutation ApproveFile($id: ID!, $edits: MetadataEdits) {
    approveFile(id: $id, edits: $edits) {
      id
      status
    }
  }
`);

export const RejectFile = graphql(`
  mutation RejectFile($id: ID!, $reason: String!) {
    rejectFile(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const ReprocessFile = graphql(`
  mutation ReprocessFile($id: ID!) {
    reprocessFile(id: $id) {
      jobId
      file {
        id
        status
      }
    }
  }
`);

export const UpdateFile = graphql(
  `
    mutation UpdateFile($id: ID!, $edits: MetadataEdits!) {
      updateFile(id: $id, edits: $edits) {
        jobId
        file {
          ...ReviewFileFields
        }
      }
    }
  `,
  [ReviewFileFields],
);
