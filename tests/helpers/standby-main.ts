// Test-only entry point: the production server exactly as server/main.ts starts it
// (server/serve.ts, configuration from the environment), except that its code is loaded
// ahead of time and it starts serving when the parent process sends 'serve' over IPC.
// The kill soak keeps one waiting while the current server runs, so a restart after a
// SIGKILL costs what the server itself does to start (open the database, build the app,
// listen) rather than Node loading and compiling a thousand modules again. Nothing is
// shared with the killed process: this is a fresh process on the same DATA_DIR and port.
import { loadConfig } from '../../server/config.ts';
import { serve } from '../../server/serve.ts';

process.once('message', (message) => {
  if (message === 'serve') void serve(loadConfig());
});
// The parent is gone (test over or crashed): never outlive it.
process.once('disconnect', () => process.exit(0));
process.send?.('loaded');
