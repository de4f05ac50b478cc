/** The --database option every command that opens the store takes. */
export const databaseOption = ['--database <path|url>', 'SQLite file path or postgres:// URL (default ./switchboard.db)'] as const;
