/** User (admin only): who can log in, and with which role. */
import type { User } from '../../db/schema.js';
import { builder } from '../builder.js';
import { Role } from './common.js';

export const UserRef = builder.objectRef<User>('User').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    username: t.exposeString('username'),
    role: t.field({ type: Role, resolve: (u) => u.role.toUpperCase() as never }),
    createdAt: t.field({ type: 'DateTime', resolve: (u) => u.created_at }),
    updatedAt: t.field({ type: 'DateTime', resolve: (u) => u.updated_at }),
  }),
});
