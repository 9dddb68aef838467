/**
 * The files page's GraphQL documents (typed by gql.tada from the schema) and the row
 * types the components take.
 */
import { graphql, type ResultOf } from '../../lib/graphql';

export const FILES_PAGE_SIZE = 50;

export const FilesQuery = graphql(`
  query FilesList($status: FileStatus, $search: String, $after: String, $first: Int) {
    files(status: $status, search: $search, first: $first, after: $after) {
      edges {
        node {
          id
          originalFilename
          processedFilename
          status
          statusReason
          species
          ratioFamily
          updatedAt
          thumbnailUrl
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
      totalShown
    }
  }
`);
export type FilesPage = ResultOf<typeof FilesQuery>['files'];
export type FileRow = FilesPage['edges'][number]['node'];

export const FileQuery = graphql(`
  query FileDetail($id: ID!) {
    file(id: $id) {
      id
      originalFilename
      processedFilename
      status
      statusReason
      species
      driveUrl
      width
      height
      ratioFamily
      createdAt
      updatedAt
      previewUrl
      thumbnailUrl
      metadata
      metadataWarnings
      sizes {
        key
        label
        widthIn
        heightIn
        dpi
        price
        offered
        reason
      }
      jobs {
        id
        commandType
        status
        attempts
        maxAttempts
        lastError
        createdAt
        startedAt
        completedAt
        runAfter
        runs {
          attempt
          outcome
          runs
          error
          worker
          startedAt
          endedAt
        }
      }
      listings {
        id
        platform
        platformListingId
        status
        title
        url
        storeUpdatedAt
        createdAt
        updatedAt
      }
      reviews {
        id
        decision
        reviewer
        reason
        changes
        createdAt
      }
      apiUsage {
        service
        calls
        errors
        costUsd
      }
      costUsd
    }
  }
`);
export type FileDetail = NonNullable<ResultOf<typeof FileQuery>['file']>;
export type FileJob = FileDetail['jobs'][number];
export type FileJobRun = FileJob['runs'][number];
export type FileListing = FileDetail['listings'][number];
export type FileReview = FileDetail['reviews'][number];
export type FileSize = FileDetail['sizes'][number];
export type FileUsage = FileDetail['apiUsage'][number];

export const FileUpdated = graphql(`
  subscription FileUpdated($id: ID!) {
    fileUpdated(id: $id) {
      id
      status
      updatedAt
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

export const ArchiveFile = graphql(`
  mutation ArchiveFile($id: ID!, $reason: String) {
    deleteFile(id: $id, reason: $reason) {
      jobId
      file {
        id
        status
      }
    }
  }
`);
