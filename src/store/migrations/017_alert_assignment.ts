import type { Kysely } from 'kysely';

/**
 * Assignment of an alert to a person: who owns it now, who assigned it and when. Columns of the
 * alert itself (one assignee at a time); the history of assignments lives in alert_events.
 */
export function alertAssignment() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('alerts').addColumn('assigned_to', 'text').execute();
      await db.schema.alterTable('alerts').addColumn('assigned_by', 'text').execute();
      await db.schema.alterTable('alerts').addColumn('assigned_at', 'bigint').execute();
    },
  };
}
