// Reporters keyed by name: pure (report) => string functions, one file each.
import type { Report } from '../../types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';

export interface RenderOptions {
  /** ANSI colours (terminal only): off with NO_COLOR or when stdout is not a TTY. */
  color: boolean;
  /** Terminal width in columns (default 80). */
  width: number;
  /** Path of the html report file written in this run, named in the last line. */
  htmlPath?: string | null;
}

export type Reporter = (report: Report, options: RenderOptions) => string;

export const REPORTERS: Record<string, Reporter> = {
  terminal: renderTerminal,
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
  sarif: renderSarif,
  junit: renderJunit,
};

export const FORMAT_BY_EXTENSION: Record<string, string> = {
  '.json': 'json',
  '.md': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.sarif': 'sarif',
  '.xml': 'junit',
  '.txt': 'terminal',
};
