export * from './types.js';
export * from './schema.js';
export { parseAlertingFile, loadAlertingFile, type AlertingFile } from './parse.js';
export { defaultRules } from './defaults.js';
export { AlertRules, AlertingFileError, listRules } from './rules.js';
