/** The schema: every type, query, mutation and subscription module registers itself on the builder. */
import { builder } from './builder.js';
import './types/file.js';
import './types/job.js';
import './types/user.js';
import './queries.js';
import './mutations.js';
import './subscriptions.js';

export const schema = builder.toSchema();
