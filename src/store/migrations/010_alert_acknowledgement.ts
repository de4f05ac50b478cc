import type { Kysely } from 'kysely';

/**
 * Acknowledgement of a firing alert: who took it, when, and a note. Columns of the alert itself
 * (one acknowledgement per firing at most); the history of acks lives in alert_events.
 */
export function alertAcknowledgement() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('alerts').addColumn('acknowledged_at', 'bigint').execute();
      await db.schema.alterTable('alerts').addColumn('acknowledged_by', 'text').execute();
      await db.schema.alterTable('alerts').addColumn('ack_note', 'text').execute();
    },
  };
}
