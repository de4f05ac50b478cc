/** Notification delivery: channels behind one interface, routing, and the durable outbox. */
export * from './config.js';
export * from './errors.js';
export { createChannel, createChannels } from './channels.js';
export { routeAlert, checkRoutes, compileRoutes } from './routing.js';
export { CHANNEL_SCHEMAS, ROUTE_SCHEMA, ROUTES_SCHEMA } from './schema.js';
export * from './outbox.js';
export { SlackChannel, slackMessage } from './slack/slack.js';
export { WebhookChannel, signWebhook, verifyWebhookSignature, webhookBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook/webhook.js';
export { EmailChannel, emailMessage } from './email/email.js';
export { PagerDutyChannel, pagerDutyEvent, pagerDutySeverity, PAGERDUTY_EVENTS_URL } from './pagerduty/pagerduty.js';
export { AlertmanagerChannel, postableAlert } from './alertmanager/alertmanager.js';
export { titleOf, plainTextLines, formatDuration } from './format.js';
