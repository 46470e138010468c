import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { createStaffUser, listUsers, resetPassword, STAFF_ROLES } from './users/users.js';

// Each command loads only what it needs: `banshi help` should not load the server, PGlite or the NLP models.
const load = {
  apiKeys: () => import('./auth/api-keys.js'),
  db: () => import('./db/connect.js'),
  migrate: () => import('./db/migrate.js'),
  demo: () => import('./demo/load.js'),
  server: () => import('./server.js'),
  roles: () => import('./roles.js'),
  cluster: () => import('./cluster.js'),
  textCli: () => import('./cli/text.js'),
  forecastCli: () => import('./parking/forecast-cli.js'),
  backupCli: () => import('./cli/backup.js'),
  triage: () => import('./triage/queue.js'),
};

/** Commands with a command line of their own, given the rest of the arguments and the opened database. */
const FEATURE_CLIS: Record<string, () => Promise<(args: string[], ctx: AppContext) => Promise<void>>> = {
  train: async () => (await import('./cli/train.js')).trainCli,
  calendar: async () => (await import('./holidays/cli.js')).calendarCli,
  projects: async () => (await import('./projects/cli.js')).projectsCli,
  parking: async () => (await import('./parking/cli.js')).parkingCli,
  requests: async () => (await import('./requests/import/cli.js')).requestsCli,
};

const USAGE = `banshi — 办事 12345 platform

  banshi serve [--demo-if-empty]         start the server (PORT, HOST, DATABASE_URL or BANSHI_DATA_DIR)
               [--role web|worker|all] [--processes N]   on PostgreSQL: web processes answer HTTP (N on one
                                         port), workers triage, sweep and deliver; all (the default) does both
  banshi migrate                         apply pending database migrations
  banshi demo                            load the demo city 相城区 (if not loaded yet)
  banshi user add USERNAME --role ROLE --name NAME --password PW [--department CODE]
  banshi user list
  banshi user reset-password USERNAME --password PW
  banshi apikey create --name NAME       prints the new key on its last line
  banshi apikey list
  banshi apikey revoke ID
  banshi projects import FILE [--skip-bad] [--dry-run] | export FILE [--year Y]
  banshi projects bulletin [--as-of DATE] [--scope all|department:CODE|area:CODE] [--internal] [--json]
  banshi calendar show YEAR | import FILE --year Y --source TEXT [--format notice|ical|csv] [--national]
                 | remove YEAR [--national]    statutory holidays and 调休 working days (see README)
  banshi parking import FILE [--dry-run] [--format xlsx|csv]   parking sites from a list (checked first)
  banshi parking forecast --history FILE.csv < TARGETS.csv > FORECAST.csv   occupancy forecasts (no database)
  banshi requests import FILE [--format jsonl|csv|xlsx] [--dry-run]   past requests from another 12345 system
  banshi backup FILE                     the embedded database as a file (while serving, too)
  banshi restore FILE                    replace the embedded database with a backup (server stopped)
  banshi train [--out FILE]              retrain the classifier with the dispatchers' corrections
  banshi normalize                       normalise the text on stdin (繁→简, full-width, pinyin annotations, …)
  banshi classify                        JSON lines {"id","title","body"} → {"id","category","confidence","department"}
Roles: ${STAFF_ROLES.join(', ')}`;

/** Commands that open the database (after migrating it); anything else is refused before touching it. */
const DB_COMMANDS = ['demo', 'user', 'apikey', ...Object.keys(FEATURE_CLIS)];

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const j = config.defaultJurisdiction;
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: {
          'demo-if-empty': { type: 'boolean' },
          role: { type: 'string' },
          processes: { type: 'string' },
        },
      });
      const { role, processes } = (await load.roles()).serveOptions(config, values);
      const demoIfEmpty = values['demo-if-empty'] ?? false;
      if (processes > 1)
        return (await load.cluster()).serveCluster(config, { processes, demoIfEmpty, logger: true });
      const server = await (await load.server()).startServer(config, { role, demoIfEmpty, logger: true });
      const kind = server.ctx.dbKind;
      console.log(
        role === 'worker'
          ? `banshi worker ready (${kind})${server.url ? `; /healthz on ${server.url}` : ''}`
          : `banshi listening on ${server.url} (${kind}, role ${role})`,
      );
      (await load.cluster()).stopOnSignal(server);
      return;
    }
    case 'migrate': {
      const database = await (
        await load.db()
      ).openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await (await load.migrate()).migrate(database);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
      return;
    }
    case 'normalize':
      return (await load.textCli()).normalizeCli();
    case 'parking':
      if (rest[0] === 'forecast') return (await load.forecastCli()).parkingForecastCli(rest.slice(1));
      break;
    case 'classify':
      return (await load.textCli()).classifyCli(config);
    case 'backup':
    case 'restore': {
      const [file] = rest;
      if (!file) throw new Error(`banshi ${command} FILE\n\n${USAGE}`);
      const cli = await load.backupCli();
      return command === 'backup' ? cli.backupCli(file, config) : cli.restoreCli(file, config);
    }
    default:
      break;
  }
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  if (!DB_COMMANDS.includes(command)) throw new Error(`unknown command: ${command}\n\n${USAGE}`);
  const { ctx, database } = await (await load.server()).openContext(config);
  try {
    if (command === 'demo') {
      const { hasJurisdiction, loadDemo } = await load.demo();
      if (await hasJurisdiction(ctx, j)) console.log(`jurisdiction ${j} is already loaded`);
      else console.log(JSON.stringify(await loadDemo(ctx)));
    } else if (command === 'user') {
      const [sub, name] = rest;
      const { values } = parseArgs({
        args: rest.slice(2),
        options: {
          role: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
          department: { type: 'string' },
        },
      });
      if (sub === 'list') {
        for (const u of await listUsers(ctx.db, j))
          console.log(`${u.id}\t${u.username}\t${u.role}\t${u.department_code ?? ''}\t${u.display_name}`);
      } else if (sub === 'add' && name && values.role && values.password) {
        const role = values.role as (typeof STAFF_ROLES)[number];
        if (!STAFF_ROLES.includes(role)) throw new Error(`unknown role ${values.role}`);
        const u = await createStaffUser(ctx.db, {
          jurisdictionId: j,
          username: name,
          displayName: values.name ?? name,
          role,
          departmentCode: values.department ?? null,
          password: values.password,
        });
        console.log(`created user ${u.username} (${u.role}) id ${u.id}`);
      } else if (sub === 'reset-password' && name && values.password) {
        if ((await resetPassword(ctx.db, j, name, values.password)) === null)
          throw new Error(`no user ${name}`);
        console.log(`password reset for ${name}`);
      } else throw new Error(USAGE);
    } else if (FEATURE_CLIS[command]) {
      await (
        await FEATURE_CLIS[command]()
      )(rest, ctx);
    } else {
      const { createApiKey, listApiKeys, revokeApiKey } = await load.apiKeys();
      const [sub, arg] = rest;
      if (sub === 'create') {
        const { values } = parseArgs({ args: rest.slice(1), options: { name: { type: 'string' } } });
        if (!values.name) throw new Error('--name is required');
        const k = await createApiKey(ctx.db, j, values.name);
        console.log(`created API key ${k.id} (${k.name}); it is shown only once:`);
        console.log(k.key);
      } else if (sub === 'list') {
        for (const k of await listApiKeys(ctx.db, j))
          console.log(`${k.id}\t${k.name}\tbs_${k.prefix}_…\t${k.revoked_at ? 'revoked' : 'active'}`);
      } else if (sub === 'revoke' && arg) {
        if (!(await revokeApiKey(ctx.db, j, Number(arg), new Date())))
          throw new Error(`no active key ${arg}`);
        console.log(`revoked ${arg}`);
      } else throw new Error(USAGE);
    }
  } finally {
    // Commands that register requests (demo, projects import) leave their triage to finish first.
    await (await load.triage()).triageQueue(ctx.db).idle();
    await database.close();
  }
}

main(process.argv.slice(2)).catch((err: Error & { details?: unknown }) => {
  console.error(err.message, err.details ? JSON.stringify(err.details) : '');
  process.exit(1);
});
