import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ChannelConfig, RouteConfig } from './notify/config.js';
import { enqueueNotifications } from './notify/outbox.js';
import { routeAlert } from './notify/routing.js';
import type { NotificationContext } from './types.js';

/**
 * The one place alert evaluation hands a notification to delivery: routes it by the alert's labels
 * (without routes, to every declared channel) and stores one outbox row per channel. Pass the
 * transaction that records the alert's change, so both commit together. Returns the channels.
 */
export async function deliverNotification(
  db: Kysely<Database>,
  request: { alertId: number; context: NotificationContext; routes: readonly RouteConfig[]; channels: readonly ChannelConfig[]; now: number },
): Promise<string[]> {
  const declared = request.channels.map((channel) => channel.name);
  const channels = request.routes.length > 0 ? routeAlert(request.routes, request.context.alert.labels) : declared;
  if (channels.length === 0) return [];
  await enqueueNotifications(db, { alertId: request.alertId, channels, context: request.context, now: request.now });
  return channels;
}
