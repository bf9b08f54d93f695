// Child process for the Ctrl-C test: starts the PostgreSQL demo app, prints the scratch database name, waits.
import { startPgDemoApp } from '../../src/demo/pg-app.ts';

const app = await startPgDemoApp(process.argv[2] as string, { eventRows: 1000 });
process.stdout.write(`${app.database}\n`);
setInterval(() => {}, 60_000);
