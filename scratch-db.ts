import { openDatabase } from './src/db/connect.js';
import { migrate } from './src/db/migrate.js';
const t0 = Date.now();
const d = await openDatabase({ dataDir: '/tmp/banshi-scratch' });
console.log('open', Date.now() - t0);
console.log(await migrate(d));
console.log(await d.db.selectFrom('requests').select(d.db.fn.countAll().as('n')).execute());
await d.close();
