/**
 * Every TanStack Query key of the dashboard, in one place: a page builds its keys here
 * (never inline arrays), and a live event invalidates by the same functions, so a
 * change reaches every view that shows it. Keys are hierarchical: invalidating
 * `queryKeys.files.all` refetches every files list and every file's detail.
 *
 * Add a kind of data: a `{ all, …}` group below; add a view of it: a function that
 * puts the view's variables last (`list(filters)`, `detail(id)`).
 */
export const queryKeys = {
  /** The caller ({ me { username role } }). */
  me: ['me'] as const,
  overview: {
    all: ['overview'] as const,
    /** The counts, queues and per-minute completions (`overview`). */
    summary: () => ['overview', 'summary'] as const,
    /** The newest `first` activity items. Under `all`, so the shell's overview tick refetches it. */
    activity: (first: number) => ['overview', 'activity', { first }] as const,
  },
  files: {
    all: ['files'] as const,
    list: (filters: { status?: string; search?: string; species?: string } = {}) => ['files', 'list', filters] as const,
    detail: (id: string) => ['files', 'detail', id] as const,
    /** The files page's keyset pages (an infinite query: its own key, not `list`'s shape). */
    pages: (filters: { status?: string; search?: string } = {}) => ['files', 'pages', filters] as const,
  },
  review: {
    all: ['review'] as const,
    queue: () => ['review', 'queue'] as const,
    /** One artwork as the review desk shows it (features/review; its own selection, not `files.detail`'s). */
    file: (id: string) => ['review', 'file', id] as const,
  },
  jobs: {
    all: ['jobs'] as const,
    list: (filters: { status?: string; command?: string; search?: string; fileId?: string } = {}) => ['jobs', 'list', filters] as const,
    detail: (id: string) => ['jobs', 'detail', id] as const,
    /** The jobs console (features/jobs): its paged list, a job as a row (a failure group's jobs), the failure groups. */
    consoleList: (filters: { status?: string; command?: string; search?: string } = {}) => ['jobs', 'console', filters] as const,
    consoleLists: () => ['jobs', 'console'] as const,
    row: (id: string) => ['jobs', 'row', id] as const,
    failureGroups: () => ['jobs', 'failureGroups'] as const,
  },
  queues: {
    all: ['queues'] as const,
  },
  usage: {
    all: ['usage'] as const,
    /** Calls, errors, cost and headroom per service per UTC day of [from, to) (features/usage). */
    stats: (range: { from: string; to: string }) => ['usage', 'stats', range] as const,
  },
  settings: {
    all: ['settings'] as const,
    users: () => ['settings', 'users'] as const,
    /** The settings in force (`settings`: configuration, connections, prices). */
    current: () => ['settings', 'current'] as const,
    /** The latest backups and whether the schedule is on (`backups`, `backupSchedule`). */
    backups: () => ['settings', 'backups'] as const,
  },
} as const;
