// `launchready demo`: not written yet.
import { UsageError } from '../../config/load.js';
import type { CliIo } from '../io.js';

export async function demoCommand(_argv: string[], _io: CliIo): Promise<number> {
  throw new UsageError('demo is not available yet', 'run launchready audit');
}
