// `launchready init`: not written yet.
import { UsageError } from '../../config/load.js';
import type { CliIo } from '../io.js';

export async function initCommand(_argv: string[], _io: CliIo): Promise<number> {
  throw new UsageError('init is not available yet', 'write launchready.yml by hand (see README)');
}
