/**
 * The object types' references, declared before any is implemented, so types that
 * point at each other (File.jobs, Job.file) need no circular imports.
 */
import type { FileRow, Job } from '../../db/schema.js';
import type { FileSummary } from '../../domain/files/service.js';
import { builder } from '../builder.js';

export type FileShape = FileRow | FileSummary;

export const FileRef = builder.objectRef<FileShape>('File');
export const JobRef = builder.objectRef<Job>('Job');
