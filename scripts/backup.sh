#!/bin/sh
# The seed's cron backup, done safely: it calls the CLI, which takes a consistent
# snapshot of the live SQLite database (VACUUM INTO, fsynced, integrity-checked, gzipped
# as fieldfen_YYYYMMDD_HHMMSS.db.gz, old ones removed past BACKUP_RETENTION_DAYS).
# Never `cp` a database in WAL mode while it is written: the copy can be corrupt.
#
#   0 2 * * * /path/to/repo/scripts/backup.sh        # BACKUP_DIR, DATABASE_URL from the environment
#   0 2 * * * /path/to/repo/scripts/backup.sh --out /backups
#
# Prints "Backup completed: <file>" and exits non-zero when the backup failed (cron mails it).
# In a container (no scripts/ in the image): node backend/dist/cli/main.js backup [--out DIR].
set -eu
cd "$(dirname "$0")/.."
if [ -f backend/dist/cli/main.js ] && [ ! -f backend/src/cli/main.ts ]; then
  out=$(node backend/dist/cli/main.js backup "$@")   # the container image: built, no sources
else
  out=$(npm run --silent cli -- backup "$@")
fi
echo "$out" | sed '$d'
echo "Backup completed: $(echo "$out" | tail -n 1)"
