import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The process logger: one JSON object a line, constant messages with values in fields.
 * Never pass Secret data, passwords or tokens to it.
 */
export function createLogger(options: { level?: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level ?? process.env.PORTICO_LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['password', 'token', '*.password', '*.token', 'headers.authorization', 'headers.cookie'], remove: true },
  });
}
