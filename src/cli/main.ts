import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { messageOf, SwitchboardError } from '../errors.js';
import { accessCommands } from './access.js';
import { startServer } from './server.js';
import { DEMO_ALERTING, DEMO_CATALOGUE, runDemo } from '../demo/demo.js';
import type { LogLevel } from '../server/logger.js';


function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

const program = new Command()
  .name('switchboard')
  .description('Self-hosted integration health monitor')
  .showHelpAfterError();

import { databaseOption } from './options.js';
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

/** The options every command that runs the server takes. */
function serverCommand(name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .option('--port <n>', 'port to listen on (default 7300)', port)
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option(...databaseOption)
    .option('--catalogue <path>', 'the integration catalogue: a YAML file or a folder of them')
    .option('--alerting <file>', 'the alerting file: rules, channels and routes (YAML)');
}

serverCommand('serve', 'run the server: ingest API, query API and console')
  .option('--log-level <level>', 'log lines at this level and above', logLevel, 'info' as LogLevel)
  .action(async (options: { port?: number; host?: string; database?: string; catalogue?: string; alerting?: string; logLevel: LogLevel }) => {
    const running = await startServer(loadConfig(options), options.logLevel);
    console.error(`Switchboard is running at ${running.url} (database: ${running.database.location})`);
  });

serverCommand('demo', 'run the server with the traffic simulator feeding the demo integrations')
  .option('--history <hours>', 'hours of history to backfill before going live', (v) => Number(v), 6)
  .option('--scale <factor>', 'multiplies the simulated call rates', (v) => Number(v), 1)
  .option('--log-level <level>', 'log lines at this level and above (the demo is quiet by default)', logLevel, 'warn' as LogLevel)
  .action(async (options: { port?: number; host?: string; database?: string; catalogue?: string; alerting?: string; history: number; scale: number; logLevel: LogLevel }) => {
    const config = loadConfig({
      ...options,
      catalogue: options.catalogue ?? process.env.SWITCHBOARD_CATALOGUE ?? DEMO_CATALOGUE,
      alerting: options.alerting ?? process.env.SWITCHBOARD_ALERTING ?? DEMO_ALERTING,
    });
    await runDemo({ config, historyHours: options.history, scale: options.scale, logLevel: options.logLevel });
  });

accessCommands(program);

program.parseAsync().catch((error: unknown) => {
  console.error(`switchboard: ${messageOf(error)}`);
  process.exit(error instanceof SwitchboardError ? 2 : 1);
});
