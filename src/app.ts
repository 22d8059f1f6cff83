/**
 * The composition root: builds logger → Slack identity check → pipeline source → store → Bolt app (HTTP or
 * Socket Mode) → listeners → watch poller, and shuts them down in reverse order. It only wires; what each part
 * does lives in its own module.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { createAuditTrail } from './access/audit.js';
import { createGate } from './access/gate.js';
import { createPeople } from './access/people.js';
import { openPolicy, PolicyFileError, type PolicySource } from './access/policy-file.js';
import { createAccountLinks } from './accounts/account-store.js';
import { openLinkProver } from './backends/link-prover.js';
import type { OpenedBackend } from './backends/open-backend.js';
import { openBackendForBot } from './backends/open-for-bot.js';
import { checkBackendAtStartup } from './backends/startup-check.js';
import { type Config, configSecrets } from './config.js';
import type { PipelineBackend } from './domain/backend.js';
import { healthRoute } from './health-route.js';
import { createLogger, type Logger } from './log.js';
import { toBoltLogger } from './slack/bolt-logger.js';
import { checkBotToken } from './slack/bot-identity.js';
import type { SlackDeps, WatchCommands } from './slack/deps.js';
import { closeHttpServer, DEFAULT_HTTP_LIMITS, type HttpLimits, httpServerOptions } from './slack/http-limits.js';
import { registerListeners } from './slack/index.js';
import { createLookupLimiter } from './slack/lookup-limit.js';
import { createSlackReceiver } from './slack/receiver.js';
import { createWorkTracker } from './slack/work-tracker.js';
import { createSlackWebApi, type SlackWebApi } from './slack-api/web-api.js';
import { isAddressInUse, portInUseError, StartupError } from './startup-error.js';
import { createStore } from './store/index.js';
import type { WatchStore } from './store/types.js';
import { createPoller, createWatchService } from './watch/index.js';

export { HEALTH_PATH } from './health-route.js';
/** Where Slack sends every request in HTTP mode (commands, interactivity). */
export { SLACK_EVENTS_PATH } from './slack/receiver.js';
export { StartupError } from './startup-error.js';
/** Heroku sends SIGKILL 30 s after SIGTERM: finish acknowledged work within 25 s. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;
/** Slack users expect an answer within ~3 s; by 2.5 s they get "still waiting…". */
export const DEFAULT_WAITING_AFTER_MS = 2_500;
/** Start-up waits this long for the pipeline API's check (its verdict logged before "listening"), no longer. */
const STARTUP_CHECK_WAIT_MS = 3_000;

/**
 * Bolt's own Web API client (used by Bolt's internals only, e.g. Socket Mode's connection): bounded, so nothing
 * inside Bolt waits half an hour on Slack (WebClient's default: no timeout, 10 retries over about 30 minutes).
 */
export const BOLT_CLIENT_LIMITS = {
  timeout: 10_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000, randomize: true },
} as const;

/** The watch feature as the app runs it: the listeners' commands and the poller's lifecycle. */
export interface WatchFeature {
  commands: WatchCommands;
  start(): void;
  stop(): Promise<void>;
}

/** What opening the watch feature gets from the app. */
export interface WatchFeatureContext {
  config: Config;
  slack: SlackWebApi;
  logger: Logger;
  backend: PipelineBackend;
  store: WatchStore;
  now: () => Date;
  /** Reviewer name → Slack user id as of now: linked accounts first, `SLACK_USER_MAP` for the rest. */
  currentMentions: () => Promise<Record<string, string>>;
}

/** Test and embedding hooks; production passes at most a logger. */
export interface BotOverrides {
  logger?: Logger;
  now?: () => Date;
  /** An already opened backend (the bot closes it on stop). */
  backend?: OpenedBackend;
  store?: WatchStore;
  /** Replaces the watch feature; `null` leaves watching off (the commands then say it is unavailable). */
  openWatchFeature?: (context: WatchFeatureContext) => Promise<WatchFeature | null>;
  waitingAfterMs?: number;
  shutdownGraceMs?: number;
  /** The HTTP server's time limits and shutdown drain (tests shorten them). */
  httpLimits?: Partial<HttpLimits>;
}

/** A built bot, not yet listening. */
export interface Bot {
  app: App;
  mode: 'http' | 'socket';
  /** The built-in simulator's URL when `SWR_ENDPOINT` is unset. */
  simulatorUrl: string | null;
  /** Starts listening (HTTP: on `PORT`; `0` picks a free one) and the poller; resolves with the HTTP port. */
  start(): Promise<{ port: number | null }>;
  /** Stops taking requests, finishes acknowledged work (up to the grace period), closes everything. */
  stop(): Promise<void>;
}

/** The watch feature: the service behind `watch | unwatch | list` and the poller that keeps cards live. */
async function openWatchFeature(context: WatchFeatureContext): Promise<WatchFeature> {
  const { config, logger, backend, store, now, slack } = context;
  const shared = {
    store,
    backend,
    slack,
    intervalSeconds: config.watch.intervalSeconds,
    locale: config.locale,
    mentions: config.slackUserMap,
    logger: logger.child({ component: 'watch' }),
  };
  const poller = createPoller({
    ...shared,
    currentMentions: context.currentMentions,
    reviewReminderMinutes: config.watch.reviewReminderMinutes,
    fullReadSeconds: config.watch.fullReadSeconds,
  });
  // The poller posts a new watch's first card too (`runNow`): it is the one writer of watch cards.
  const commands = createWatchService({ store, backend, poller, locale: config.locale, now, logger: shared.logger });
  return { commands, start: () => poller.start(), stop: () => poller.stop() };
}

async function closeQuietly(logger: Logger, what: string, close: () => Promise<void>): Promise<void> {
  try {
    await close();
  } catch (error) {
    logger.warn(`closing the ${what} failed`, { error });
  }
}

/** Builds the bot from `config`; throws `StartupError` with one clear sentence when it cannot. */
export async function createBot(config: Config, overrides: BotOverrides = {}): Promise<Bot> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  const now = overrides.now ?? (() => new Date());
  // The bot's one Web API client (Bolt keeps its own for its internals only).
  const slack = createSlackWebApi(config.slack.botToken, { slackApiUrl: config.slack.apiUrl });
  const identity = await checkBotToken(slack, config.slack.apiUrl);
  let policy: PolicySource;
  try {
    policy = openPolicy(config.access.policyFile, logger);
  } catch (error) {
    if (error instanceof PolicyFileError) throw new StartupError('access_policy', error.message, { cause: error });
    throw error;
  }
  const workspace = { teamId: identity.teamId, team: identity.team, enterpriseId: identity.enterpriseId };
  const people = createPeople(slack);
  const gate = createGate({
    workspace,
    policy,
    people,
    allowGuests: config.access.allowGuests,
    logger: logger.child({ component: 'access' }),
  });

  const opened = overrides.backend ?? (await openBackendForBot(config.backend, logger));
  // Like auth.test for Slack, but never fatal: the API may come back. Its state shows in the log and /healthz.
  const apiHealth = checkBackendAtStartup(opened.backend, config.backend, logger.child({ component: 'startup' }));
  await apiHealth.settledOrAfter(STARTUP_CHECK_WAIT_MS);
  let store: WatchStore;
  try {
    store = overrides.store ?? (await createStore(config.databaseUrl));
  } catch (error) {
    await closeQuietly(logger, 'pipeline backend', () => opened.close());
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new StartupError('database', `Could not open the database named by DATABASE_URL: ${reason}`, {
      cause: error,
    });
  }

  const boltLogger = toBoltLogger(logger, config.logLevel);
  const clientOptions = {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    ...BOLT_CLIENT_LIMITS,
  };
  const slackConfig = config.slack;
  const socket = slackConfig.appToken !== null;
  const tracker = createWorkTracker();
  const health = healthRoute(store, apiHealth.current);
  const { receiver, http } = createSlackReceiver({
    signingSecret: slackConfig.signingSecret,
    appToken: slackConfig.appToken,
    port: config.slack.port,
    customRoutes: [health],
    logger,
    boltLogger,
    clientOptions,
    tracker,
    ...(store.seenRequests ? { replayLedger: store.seenRequests } : {}),
    maxBodyBytes: config.limits.maxBodyBytes,
  });
  const app = new App({
    receiver,
    token: config.slack.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger: boltLogger,
    clientOptions,
    extendedErrorHandler: true,
    // Nothing reads `context.conversation`; Bolt's in-memory store built a rejected Error per request to say so.
    convoStore: false,
  });

  // Simulated reviewers' names (alice, bob) may be real people's in SLACK_USER_MAP: no one is mentioned for them.
  const mentions = opened.backend.info.simulated ? {} : config.slackUserMap;
  if (opened.backend.info.simulated && Object.keys(config.slackUserMap).length > 0) {
    logger.warn('SLACK_USER_MAP is not used while the built-in simulator serves the bot: its reviewers are not real');
  }
  // Linking accounts: proven against the IAM and SWR the backend uses (the simulator's too); off without a key.
  const apiUrl = config.backend.endpoint ?? opened.simulatorUrl;
  const linkProver =
    config.accounts.keys && apiUrl ? openLinkProver(config.backend, apiUrl, config.accounts, logger) : null;
  const linking = {
    accounts: createAccountLinks(store.accountLinks, config.accounts.keys, logger.child({ component: 'link' })),
    prover: linkProver?.prover ?? null,
    methods: config.accounts.methods.filter((m) => m !== 'aksk' || linkProver?.supportsKeys !== false),
  };
  const watchTeam = workspace.teamId;
  const currentMentions = async (): Promise<Record<string, string>> =>
    watchTeam === null ? mentions : linking.accounts.reviewerMentions(watchTeam, mentions);

  const watch = await (overrides.openWatchFeature ?? openWatchFeature)({
    config: { ...config, slackUserMap: mentions },
    logger,
    backend: opened.backend,
    store,
    now,
    slack,
    currentMentions,
  });
  const deps: SlackDeps = {
    backend: opened.backend,
    slack,
    audit: createAuditTrail(logger),
    gate,
    people,
    workspace,
    reminders: store,
    reviewReminderMinutes: config.watch.reviewReminderMinutes,
    watches: watch?.commands ?? null,
    logger,
    locale: config.locale,
    mentions,
    currentMentions,
    linking,
    now,
    waitingAfterMs: overrides.waitingAfterMs ?? DEFAULT_WAITING_AFTER_MS,
    lookups: createLookupLimiter({ perSecond: config.limits.lookupsPerSecond, burst: config.limits.lookupBurst }),
  };
  registerListeners(app, deps, tracker);

  let started = false;
  let server: Server | null = null;
  let stopping: Promise<void> | null = null;
  const graceMs = overrides.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const httpLimits = { ...DEFAULT_HTTP_LIMITS, ...overrides.httpLimits };

  const stop = async (): Promise<void> => {
    if (started) {
      await closeQuietly(logger, 'Slack receiver', () =>
        http && server
          ? closeHttpServer(server, () => http.stop(), Math.min(httpLimits.drainMs, graceMs), logger)
          : app.stop().then(() => undefined),
      );
    }
    const pending = tracker.pending();
    if (pending > 0) logger.info('finishing acknowledged Slack work', { pending, graceMs });
    if (!(await tracker.drain(graceMs))) {
      logger.warn('gave up waiting for acknowledged Slack work', { pending: tracker.pending(), graceMs });
    }
    if (watch) await closeQuietly(logger, 'watch poller', () => watch.stop());
    await closeQuietly(logger, 'store', () => store.close());
    await closeQuietly(logger, 'pipeline backend', () => opened.close());
    policy.close();
    logger.info('stopped');
  };

  return {
    app,
    mode: socket ? 'socket' : 'http',
    simulatorUrl: opened.simulatorUrl,
    async start() {
      let port: number | null = null;
      try {
        if (http) {
          server = await http.start(config.slack.port, httpServerOptions(httpLimits));
          port = (server.address() as AddressInfo).port;
        } else {
          await app.start();
        }
      } catch (error) {
        throw isAddressInUse(error) ? portInUseError('PORT', config.slack.port, error) : error;
      }
      started = true;
      watch?.start();
      return { port };
    },
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}
