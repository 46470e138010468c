/**
 * The folder boundaries of src/ (npm run lint; docs/ARCHITECTURE.md explains them). Folder cycles are checked by
 * scripts/check-boundaries.mjs, which reads this configuration's cruise.
 */
const FEATURES =
  '^src/(requests|delivery|triage|orders|visits|activities|projects|parking|open311|replies|metrics|assessment|focus|knowledge|public|me-too|feeds|subscriptions|notifications|holidays|attachments|auth|users|jobs|demo|cli|web)/|^src/(app|server|main)\\.ts$';
const LOW = '^src/(db|http|privacy|calendar|alerts)/|^src/(config|context)\\.ts$';
/** Pure modules: decisions and definitions, no database, no network, no files, no clock but what they are given. */
const PURE = [
  '^src/requests/(workflow|deadlines|snapshot|action-inputs|co-handling)\\.ts$',
  '^src/requests/events/',
  '^src/requests/import/lifecycle\\.ts$',
  '^src/requests/review/(checks|reply-score|sampling|templates)\\.ts$',
  '^src/calendar/working-calendar\\.ts$',
  '^src/metrics/definitions\\.ts$',
  '^src/assessment/(scheme|score|wilson|month|bulletin-content|bulletin-html)\\.ts$',
  '^src/focus/(warnings|evaluation|definition)\\.ts$',
  '^src/projects/status\\.ts$',
  '^src/visits/progress\\.ts$',
  '^src/holidays/(notice-text|file-input|schedule-input|parse-input)\\.ts$',
  '^src/open311/status-map\\.ts$',
  '^src/public/grid\\.ts$',
  '^src/feeds/atom\\.ts$',
  '^src/routing/(geo|address-areas)\\.ts$',
  '^src/privacy/(mask|phone)\\.ts$',
  '^src/text/(normalise|duplicates|features|seeded-random|fine-route)\\.ts$',
  '^src/parking/(plates|share-hours|booking-rules|liveness|site-rules|figures)\\.ts$',
  '^src/parking/forecast/(gbt|series|holt-winters|features|model|nowcast)\\.ts$',
  '^src/parking/import/(columns|rows)\\.ts$',
  '^src/delivery/(backoff|quiet-hours|rate-limit|templates|link-token|settings|addressed)\\.ts$',
  '^src/subscriptions/(scope|digest-window|token|address|messages)\\.ts$',
  '^src/notifications/kinds\\.ts$',
  '^src/activities/(session-state|check-in-code|feedback-token|need-state|attendee-identity|formats)\\.ts$',
  '^src/activities/stats/(bulletin|grouping|places|ical)\\.ts$',
].join('|');
const IO =
  '^(node:)?(fs|net|http|https|child_process|dgram|worker_threads)$|^(kysely|pg|@electric-sql/pglite|fastify)$|^src/db/|^src/context\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-modules-do-no-io',
      comment:
        'A pure module (state machine, deadlines, definitions, parsers) imports no database, network or file I/O.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.test\\.ts$' },
      to: { path: IO, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'low-layers-import-no-feature',
      comment: 'The database, HTTP plumbing, privacy, the calendar and the alerts know no feature.',
      severity: 'error',
      from: { path: LOW, pathNot: '\\.test\\.ts$' },
      to: { path: FEATURES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'product-does-not-import-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench|scripts)/|\\.test\\.ts$' },
    },
    {
      name: 'no-route-imports-route',
      comment:
        "A feature takes what it needs from another feature's schemas, commands or queries, not its routes.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '/routes\\.ts$|/routes/|-routes\\.ts$', pathNot: '^src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(node_modules|dist|lib)/' },
  },
};
