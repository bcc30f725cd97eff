import 'reflect-metadata';
import { serveInProcess } from './harness';

/** A bench server in its own process (see startApp): reports its URL, stops on 'stop'. */
serveInProcess(process.env.DATABASE_URL!).then(
  (app) => {
    process.on('message', (message) => {
      if (message === 'stop') void app.close().then(() => process.exit(0));
    });
    process.send!({ baseUrl: app.baseUrl });
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
