import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config/env.js';
import {
  ConfigError,
  configSecrets,
  DEFAULT_DATABASE_URL,
  loadCodeArtsSimulatorConfig,
  loadConfig,
  loadSimulatorConfig,
  loadToolConfig,
  SECRET_VARIABLES,
  secretValues,
} from '../src/config.js';
import { describeSlackMode } from '../src/slack/config.js';
import { watchPart } from '../src/watch/config.js';

const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-secretbot', SLACK_SIGNING_SECRET: 'signing-secret-value' };
/** A CodeArts project id: 32 letters and digits. */
const PROJECT_ID = 'ae6f6d51e009d404a1858bdd0a7dee31';
const codearts = { ...slack, PIPELINE_BACKEND: 'codearts' };
/** The Huawei clients' limits when no SWR_MAX_* variable is set. */
const LIMITS = { maxBodyBytes: 2 * 1024 * 1024, maxConcurrentRequests: 8 };

function problemsOf(
  env: Record<string, string>,
  load: (env: Record<string, string>) => unknown = loadConfig,
): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults: HTTP mode, SQLite, built-in simulator, English', () => {
    const config = loadConfig(slack);
    expect(config.slack).toEqual({
      botToken: 'xoxb-1-2-secretbot',
      signingSecret: 'signing-secret-value',
      appToken: null,
      apiUrl: null,
      port: 3000,
    });
    expect(config.backend).toEqual({
      kind: 'containerops',
      endpoint: null,
      auth: { kind: 'simulator' },
      timeoutMs: 10_000,
      retries: 2,
      cacheMs: 2_000,
      consoleUrlTemplate: null,
      simulatorPort: 8099,
      limits: LIMITS,
    });
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(config.watch).toEqual({ intervalSeconds: 15, reviewReminderMinutes: 60, fullReadSeconds: 60 });
    expect(config.locale).toBe('en');
    expect(config.logLevel).toBe('info');
    expect(config.slackUserMap).toEqual({});
  });

  it('reads every variable and trims trailing slashes from URLs', () => {
    const config = loadConfig({
      ...slack,
      SLACK_APP_TOKEN: 'xapp-1-abc',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      PORT: '8080',
      SWR_ENDPOINT: 'https://swr-api.cn-north-4.myhuaweicloud.com/',
      SWR_AUTH_TOKEN: 'tok',
      SWR_TIMEOUT_MS: '5000',
      SWR_RETRIES: '0',
      SWR_CACHE_MS: '0',
      SIMULATOR_PORT: '0',
      DATABASE_URL: 'postgres://bot:pw@127.0.0.1:5432/bot',
      WATCH_INTERVAL_SECONDS: '30',
      REVIEW_REMINDER_MINUTES: '10080',
      WATCH_FULL_READ_SECONDS: '0',
      SWR_CONSOLE_URL_TEMPLATE: 'https://console.example.com/swr/pipelines/{id}',
      BOT_LOCALE: 'zh-cn',
      LOG_LEVEL: 'debug',
      SLACK_USER_MAP: 'alice=U012AB3CD, bob=U045EF6GH',
    });
    expect(config.slack.appToken).toBe('xapp-1-abc');
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9999/api');
    expect(config.slack.port).toBe(8080);
    expect(config.backend).toEqual({
      kind: 'containerops',
      endpoint: 'https://swr-api.cn-north-4.myhuaweicloud.com',
      auth: { kind: 'token', token: 'tok' },
      timeoutMs: 5000,
      retries: 0,
      cacheMs: 0,
      consoleUrlTemplate: 'https://console.example.com/swr/pipelines/{id}',
      simulatorPort: 0,
      limits: LIMITS,
    });
    expect(config.databaseUrl).toBe('postgres://bot:pw@127.0.0.1:5432/bot');
    expect(config.watch).toEqual({ intervalSeconds: 30, reviewReminderMinutes: 10_080, fullReadSeconds: 0 });
    expect(config.locale).toBe('zh-CN');
    expect(config.logLevel).toBe('debug');
    expect(config.slackUserMap).toEqual({ alice: 'U012AB3CD', bob: 'U045EF6GH' });
  });

  it('treats empty values as unset and trims the others', () => {
    const config = loadConfig({ ...slack, SWR_ENDPOINT: '', PORT: '  ', SWR_AUTH_TOKEN: '', LOG_LEVEL: ' warn ' });
    expect(config.backend.auth).toEqual({ kind: 'simulator' });
    expect(config.slack.port).toBe(3000);
    expect(config.logLevel).toBe('warn');
    expect(loadConfig({ SLACK_BOT_TOKEN: ' xoxb-1 ', SLACK_SIGNING_SECRET: ' s ' }).slack).toMatchObject({
      botToken: 'xoxb-1',
      signingSecret: 's',
    });
  });

  it('names every problem at once, with what to set, and never a secret value', () => {
    // HTTP mode (no SLACK_APP_TOKEN): the signing secret is required.
    const problems = problemsOf({
      PORT: 'eighty',
      SWR_ENDPOINT: 'ftp://example.com',
      HUAWEI_PASSWORD: 'hunter2-password',
      BOT_LOCALE: 'fr',
      DATABASE_URL: 'mysql://bot:db-password-1@x/db',
    });
    const text = problems.join('\n');
    expect(text).toContain('SLACK_BOT_TOKEN is missing');
    expect(text).toContain('SLACK_SIGNING_SECRET is missing');
    expect(text).toContain('PORT must be a whole number');
    expect(text).toContain('SWR_ENDPOINT must be an http: or https: URL');
    expect(text).toContain('HUAWEI_USERNAME is missing');
    expect(text).toContain('BOT_LOCALE must be one of en, zh-CN');
    expect(text).toContain('DATABASE_URL must be');
    expect(text).not.toContain('hunter2-password');
    expect(text).not.toContain('db-password-1');
    // An invalid app token still means Socket Mode was meant: it is named, never echoed.
    const socket = problemsOf({ SLACK_APP_TOKEN: 'xoxb-not-an-app-token' }).join('\n');
    expect(socket).toContain('SLACK_APP_TOKEN must be an app-level token');
    expect(socket).toContain('SLACK_BOT_TOKEN is missing');
    expect(socket).not.toContain('xoxb-not-an-app-token');
  });

  it('keeps the message format: a header line, then one "  - " line per problem', () => {
    const error = errorOf({ ...slack, PORT: '0', WATCH_INTERVAL_SECONDS: 'often' });
    expect(error.message).toBe(
      [
        'Configuration is not valid:',
        '  - PORT must be a whole number from 1 to 65535 (got "0")',
        '  - WATCH_INTERVAL_SECONDS must be a whole number from 1 to 3600 (got "often")',
      ].join('\n'),
    );
    expect(error.problems).toHaveLength(2);
  });

  it('names each invalid value with its message', () => {
    const cases: [Record<string, string>, string][] = [
      [{ SLACK_API_URL: 'slack.com/api' }, 'SLACK_API_URL must be an http: or https: URL (got "slack.com/api")'],
      [{ PORT: '65536' }, 'PORT must be a whole number from 1 to 65535 (got "65536")'],
      [{ SWR_ENDPOINT: 'swr.example.com' }, 'SWR_ENDPOINT must be an http: or https: URL (got "swr.example.com")'],
      [{ SWR_TIMEOUT_MS: '99' }, 'SWR_TIMEOUT_MS must be a whole number from 100 to 120000 (got "99")'],
      [{ SWR_RETRIES: '11' }, 'SWR_RETRIES must be a whole number from 0 to 10 (got "11")'],
      [{ SWR_CACHE_MS: '-1' }, 'SWR_CACHE_MS must be a whole number from 0 to 600000 (got "-1")'],
      [
        { SWR_CONSOLE_URL_TEMPLATE: 'https://console.example.com/' },
        'SWR_CONSOLE_URL_TEMPLATE must be an http(s) URL containing {id} (got "https://console.example.com/")',
      ],
      [{ SIMULATOR_PORT: '70000' }, 'SIMULATOR_PORT must be a whole number from 0 to 65535 (got "70000")'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be sqlite:<path> or postgres://user@host:port/db'],
      [{ WATCH_INTERVAL_SECONDS: '3601' }, 'WATCH_INTERVAL_SECONDS must be a whole number from 1 to 3600 (got "3601")'],
      [
        { REVIEW_REMINDER_MINUTES: '1.5' },
        'REVIEW_REMINDER_MINUTES must be a whole number from 1 to 10080 (got "1.5")',
      ],
      [{ WATCH_FULL_READ_SECONDS: '-5' }, 'WATCH_FULL_READ_SECONDS must be a whole number from 0 to 3600 (got "-5")'],
      [{ BOT_LOCALE: 'fr' }, 'BOT_LOCALE must be one of en, zh-CN (got "fr")'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error (got "loud")'],
      [
        { SLACK_USER_MAP: 'alice' },
        'SLACK_USER_MAP must look like "alice=U012AB3CD,bob=U045EF6GH" (bad entry "alice")',
      ],
      [
        { SLACK_USER_MAP: 'alice=U012AB3CD, bob=x, =U045EF6GH' },
        'SLACK_USER_MAP must look like "alice=U012AB3CD,bob=U045EF6GH" (bad entries "bob=x", "=U045EF6GH")',
      ],
      [{ PIPELINE_BACKEND: 'jenkins' }, 'PIPELINE_BACKEND must be one of containerops, codearts (got "jenkins")'],
      [
        { SWR_ENDPOINT: 'https://x', HUAWEI_IAM_ENDPOINT: 'iam', HUAWEI_USERNAME: 'u' },
        'HUAWEI_IAM_ENDPOINT must be an http: or https: URL (got "iam")',
      ],
    ];
    for (const [env, message] of cases) {
      expect(problemsOf({ ...slack, ...env }), JSON.stringify(env)).toContain(message);
    }
  });

  it('requires credentials when an endpoint is set, and exactly one way', () => {
    expect(problemsOf({ ...slack, SWR_ENDPOINT: 'http://127.0.0.1:8099' })).toEqual([
      'no SWR credentials: set SWR_AUTH_TOKEN, or all of HUAWEI_IAM_ENDPOINT, HUAWEI_USERNAME, HUAWEI_PASSWORD, HUAWEI_DOMAIN, HUAWEI_PROJECT, or HUAWEI_ACCESS_KEY and HUAWEI_SECRET_KEY',
    ]);
    expect(
      problemsOf({
        ...slack,
        SWR_ENDPOINT: 'http://127.0.0.1:8099',
        SWR_AUTH_TOKEN: 't',
        HUAWEI_ACCESS_KEY: 'ak',
        HUAWEI_SECRET_KEY: 'sk',
      }).join(),
    ).toContain('more than one way to authenticate is set (SWR_AUTH_TOKEN, AK/SK)');
    expect(problemsOf({ ...slack, SWR_ENDPOINT: 'https://x', HUAWEI_ACCESS_KEY: 'ak' })).toEqual([
      'HUAWEI_SECRET_KEY is missing: AK/SK signing needs both HUAWEI_ACCESS_KEY and HUAWEI_SECRET_KEY',
    ]);
    // Without an endpoint, incomplete credentials are still a problem (they would be used once it is set).
    expect(problemsOf({ ...slack, HUAWEI_SECRET_KEY: 'sk-value' })).toEqual([
      'HUAWEI_ACCESS_KEY is missing: AK/SK signing needs both HUAWEI_ACCESS_KEY and HUAWEI_SECRET_KEY',
    ]);
  });

  it('builds IAM and AK/SK auth', () => {
    const iam = loadConfig({
      ...slack,
      SWR_ENDPOINT: 'http://127.0.0.1:8099',
      HUAWEI_IAM_ENDPOINT: 'https://iam.cn-north-4.myhuaweicloud.com/',
      HUAWEI_USERNAME: 'u',
      HUAWEI_PASSWORD: 'p',
      HUAWEI_DOMAIN: 'd',
      HUAWEI_PROJECT: 'cn-north-4',
    });
    expect(iam.backend.auth).toEqual({
      kind: 'iam',
      endpoint: 'https://iam.cn-north-4.myhuaweicloud.com',
      username: 'u',
      password: 'p',
      domain: 'd',
      project: 'cn-north-4',
    });
    const aksk = loadConfig({ ...slack, SWR_ENDPOINT: 'https://x', HUAWEI_ACCESS_KEY: 'a', HUAWEI_SECRET_KEY: 's' });
    expect(aksk.backend.auth).toEqual({ kind: 'aksk', accessKey: 'a', secretKey: 's', projectId: null });
    const withProject = loadConfig({
      ...slack,
      SWR_ENDPOINT: 'https://x',
      HUAWEI_ACCESS_KEY: 'a',
      HUAWEI_SECRET_KEY: 's',
      HUAWEI_PROJECT_ID: 'p1',
    });
    expect(withProject.backend.auth).toEqual({ kind: 'aksk', accessKey: 'a', secretKey: 's', projectId: 'p1' });
  });

  it('uses the built-in simulator when credentials are set without an endpoint', () => {
    expect(loadConfig({ ...slack, SWR_AUTH_TOKEN: 'tok' }).backend).toMatchObject({
      endpoint: null,
      auth: { kind: 'simulator' },
    });
  });

  it('rejects a console URL template without {id} and a malformed user map', () => {
    const text = problemsOf({
      ...slack,
      SWR_CONSOLE_URL_TEMPLATE: 'https://console.example.com/',
      SLACK_USER_MAP: 'alice',
    }).join('\n');
    expect(text).toContain('SWR_CONSOLE_URL_TEMPLATE must be an http(s) URL containing {id}');
    expect(text).toContain('SLACK_USER_MAP must look like');
  });
});

describe('Slack modes', () => {
  it('Socket Mode (SLACK_APP_TOKEN set) needs no signing secret', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(config.slack).toEqual({
      botToken: 'xoxb-1',
      appToken: 'xapp-1-abc',
      signingSecret: null,
      apiUrl: null,
      port: 3000,
    });
    expect(describeSlackMode(config.slack)).toBe(
      'Socket Mode (SLACK_APP_TOKEN set): no public URL and no signing secret needed',
    );
    const both = loadConfig({ ...slack, SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(both.slack.signingSecret).toBe('signing-secret-value');
    expect(describeSlackMode(both.slack)).toContain('SLACK_SIGNING_SECRET is set and not used');
  });

  it('HTTP mode (SLACK_APP_TOKEN unset) requires it, and says why and what else would do', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_SIGNING_SECRET is missing: HTTP mode (SLACK_APP_TOKEN unset) verifies every request from Slack with the Signing Secret from the app’s Basic Information page — or set SLACK_APP_TOKEN for Socket Mode, which needs no signing secret',
    ]);
    expect(describeSlackMode(loadConfig(slack).slack)).toContain('HTTP mode (SLACK_APP_TOKEN unset)');
    expect(describeSlackMode(loadConfig(slack).slack)).toContain('SLACK_SIGNING_SECRET');
  });

  it('an app token of the wrong kind is named, with what HTTP mode would need instead', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2-wrong-kind' })).toEqual([
      'SLACK_APP_TOKEN must be an app-level token starting with xapp- (or unset for HTTP mode, which needs SLACK_SIGNING_SECRET instead)',
    ]);
  });
});

describe('PIPELINE_BACKEND', () => {
  it('is containerops by default, and accepts either kind in any letter case', () => {
    expect(loadConfig(slack).backend.kind).toBe('containerops');
    expect(loadConfig({ ...slack, PIPELINE_BACKEND: 'containerops' }).backend.kind).toBe('containerops');
    expect(loadConfig({ ...slack, PIPELINE_BACKEND: 'codearts' }).backend.kind).toBe('codearts');
    expect(loadConfig({ ...slack, PIPELINE_BACKEND: ' CodeArts ' }).backend.kind).toBe('codearts');
    expect(problemsOf({ ...slack, PIPELINE_BACKEND: 'swr' })).toEqual([
      'PIPELINE_BACKEND must be one of containerops, codearts (got "swr")',
    ]);
  });

  it('codearts without an endpoint: the built-in CodeArts simulator', () => {
    expect(loadConfig(codearts).backend).toEqual({
      kind: 'codearts',
      endpoint: null,
      projectId: null,
      auth: { kind: 'simulator' },
      simulatorPort: 8098,
      limits: LIMITS,
    });
    // The simulator may be given the project id and a port; credentials alone do not leave the simulator.
    expect(
      loadConfig({
        ...codearts,
        CODEARTS_PROJECT_ID: PROJECT_ID,
        CODEARTS_SIMULATOR_PORT: '0',
        CODEARTS_AUTH_TOKEN: 'tok',
      }).backend,
    ).toEqual({
      kind: 'codearts',
      endpoint: null,
      projectId: PROJECT_ID,
      auth: { kind: 'simulator' },
      simulatorPort: 0,
      limits: LIMITS,
    });
  });

  it('codearts with an endpoint: a URL or a region name, the project and exactly one way to authenticate', () => {
    expect(
      loadConfig({
        ...codearts,
        CODEARTS_ENDPOINT: 'https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com/',
        CODEARTS_PROJECT_ID: PROJECT_ID,
        CODEARTS_AUTH_TOKEN: 'tok',
      }).backend,
    ).toEqual({
      kind: 'codearts',
      endpoint: 'https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com',
      projectId: PROJECT_ID,
      auth: { kind: 'token', token: 'tok' },
      simulatorPort: 8098,
      limits: LIMITS,
    });
    const regional = loadConfig({
      ...codearts,
      CODEARTS_ENDPOINT: 'tr-west-1',
      CODEARTS_PROJECT_ID: PROJECT_ID,
      HUAWEI_ACCESS_KEY: 'ak',
      HUAWEI_SECRET_KEY: 'sk',
      HUAWEI_PROJECT_ID: 'iam-project',
    }).backend;
    expect(regional).toMatchObject({
      endpoint: 'https://pipeline-external.tr-west-1.myhuaweicloud.com',
      auth: { kind: 'aksk', accessKey: 'ak', secretKey: 'sk', projectId: 'iam-project' },
    });
    const iam = loadConfig({
      ...codearts,
      CODEARTS_ENDPOINT: 'http://127.0.0.1:8098',
      CODEARTS_PROJECT_ID: PROJECT_ID,
      HUAWEI_IAM_ENDPOINT: 'http://127.0.0.1:8098',
      HUAWEI_USERNAME: 'alice',
      HUAWEI_PASSWORD: 'p',
      HUAWEI_DOMAIN: 'codearts-demo',
      HUAWEI_PROJECT: 'cn-north-4',
    }).backend;
    expect(iam.auth).toMatchObject({ kind: 'iam', username: 'alice' });
  });

  it('codearts: every problem at once, naming the CodeArts variables', () => {
    expect(problemsOf({ ...codearts, CODEARTS_ENDPOINT: 'cn-north-4', SWR_AUTH_TOKEN: 'swr-token' })).toEqual([
      'CODEARTS_PROJECT_ID is missing: CODEARTS_ENDPOINT is set, so set the CodeArts project id (32 letters and digits, in the project’s address in the CodeArts console; not the IAM project such as cn-north-4)',
      'no CodeArts credentials: set CODEARTS_AUTH_TOKEN, or all of HUAWEI_IAM_ENDPOINT, HUAWEI_USERNAME, HUAWEI_PASSWORD, HUAWEI_DOMAIN, HUAWEI_PROJECT, or HUAWEI_ACCESS_KEY and HUAWEI_SECRET_KEY',
    ]);
    const text = problemsOf({
      ...codearts,
      CODEARTS_ENDPOINT: 'mars-1',
      CODEARTS_AUTH_TOKEN: 'codearts-token-value',
      HUAWEI_USERNAME: 'u',
      CODEARTS_SIMULATOR_PORT: 'any',
    }).join('\n');
    expect(text).toContain(
      'CODEARTS_ENDPOINT must be an http: or https: URL such as https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com, or a region name the Huawei SDK knows (such as cn-north-4) (got "mars-1")',
    );
    expect(text).toContain('CODEARTS_PROJECT_ID is missing');
    expect(text).toContain('CODEARTS_SIMULATOR_PORT must be a whole number from 0 to 65535 (got "any")');
    expect(text).toContain('more than one way to authenticate is set (CODEARTS_AUTH_TOKEN, IAM)');
    expect(text).not.toContain('codearts-token-value');
  });

  it('CODEARTS_PROJECT_ID: 32 letters and digits, never the IAM project', () => {
    const withId = (id: string) => ({
      ...codearts,
      CODEARTS_ENDPOINT: 'cn-north-4',
      CODEARTS_AUTH_TOKEN: 'tok',
      CODEARTS_PROJECT_ID: id,
    });
    expect(loadConfig(withId(PROJECT_ID)).backend).toMatchObject({ projectId: PROJECT_ID });
    expect(loadConfig(withId('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345')).backend).toMatchObject({
      projectId: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345',
    });
    for (const bad of ['cn-north-4', PROJECT_ID.slice(1), `${PROJECT_ID}0`, `${PROJECT_ID.slice(2)}-_`]) {
      expect(problemsOf(withId(bad))).toEqual([
        `CODEARTS_PROJECT_ID must be the CodeArts project id (32 letters and digits, in the project’s address in the CodeArts console; not the IAM project such as cn-north-4) (got "${bad}")`,
      ]);
    }
    // Checked with the simulator too, where it is optional.
    expect(problemsOf({ ...codearts, CODEARTS_PROJECT_ID: 'short' })[0]).toMatch(/^CODEARTS_PROJECT_ID must be/);
  });

  it('CodeArts variables without PIPELINE_BACKEND=codearts are a problem, not a silent SWR simulator', () => {
    expect(problemsOf({ ...slack, CODEARTS_ENDPOINT: 'cn-north-4' })).toEqual([
      'CODEARTS_ENDPOINT is set but PIPELINE_BACKEND is unset (containerops): set PIPELINE_BACKEND=codearts to use CodeArts, or unset it',
    ]);
    expect(
      problemsOf({
        ...slack,
        PIPELINE_BACKEND: 'containerops',
        CODEARTS_ENDPOINT: 'cn-north-4',
        CODEARTS_PROJECT_ID: PROJECT_ID,
        CODEARTS_AUTH_TOKEN: 'codearts-token-value',
      }),
    ).toEqual([
      'CODEARTS_ENDPOINT, CODEARTS_PROJECT_ID and CODEARTS_AUTH_TOKEN are set but PIPELINE_BACKEND is containerops: set PIPELINE_BACKEND=codearts to use CodeArts, or unset them',
    ]);
  });
});

describe('secrets in problems', () => {
  it('never echoes a secret variable’s value, whatever is wrong with it', () => {
    const secrets = {
      SLACK_APP_TOKEN: 'xoxb-secret-app-token-value',
      DATABASE_URL: 'mysql://bot:database-password@db/bot',
      HUAWEI_PASSWORD: 'huawei-password-value',
      CODEARTS_AUTH_TOKEN: 'codearts-token-value',
    };
    const error = errorOf({ SLACK_SIGNING_SECRET: 'signing-secret-value', ...secrets });
    for (const value of [...Object.values(secrets), 'database-password', 'signing-secret-value']) {
      expect(error.message).not.toContain(value);
    }
    expect(error.problems.join('\n')).toContain('SLACK_APP_TOKEN must be an app-level token');
    expect(error.problems.join('\n')).toContain('DATABASE_URL must be');
  });

  it('removes a secret value pasted into another variable', () => {
    const error = errorOf({ ...slack, BOT_LOCALE: 'signing-secret-value' });
    expect(error.problems).toEqual(['BOT_LOCALE must be one of en, zh-CN (got "[redacted]")']);
  });
});

describe('readConfig', () => {
  it('reads one part on its own', () => {
    expect(readConfig({ WATCH_INTERVAL_SECONDS: '5' }, { watch: watchPart })).toEqual({
      watch: { intervalSeconds: 5, reviewReminderMinutes: 60, fullReadSeconds: 60 },
    });
  });
});

describe('loadToolConfig, loadSimulatorConfig and loadCodeArtsSimulatorConfig', () => {
  it('need no Slack variables', () => {
    expect(loadToolConfig({}).backend.auth).toEqual({ kind: 'simulator' });
    expect(loadToolConfig({ PIPELINE_BACKEND: 'codearts' }).backend.kind).toBe('codearts');
    expect(problemsOf({ PORT: 'x', SWR_RETRIES: 'x' }, loadToolConfig)).toEqual([
      'SWR_RETRIES must be a whole number from 0 to 10 (got "x")',
    ]);
    expect(loadSimulatorConfig({})).toMatchObject({ host: '127.0.0.1', port: 8099, speed: 1 });
    expect(loadSimulatorConfig({ SIMULATOR_PORT: '0', SIMULATOR_SPEED: '60' })).toMatchObject({ port: 0, speed: 60 });
    expect(() => loadSimulatorConfig({ SIMULATOR_SPEED: '-1' })).toThrow(/SIMULATOR_SPEED/);
  });

  it('reads the simulator’s host, token, speed and log level', () => {
    expect(loadSimulatorConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8099,
      speed: 1,
      token: 'simulator-demo-token',
      bulk: 0,
      logLevel: 'info',
    });
    expect(
      loadSimulatorConfig({
        SIMULATOR_HOST: '0.0.0.0',
        SIMULATOR_TOKEN: 't',
        SIMULATOR_SPEED: '0.5',
        LOG_LEVEL: 'warn',
      }),
    ).toMatchObject({ host: '0.0.0.0', token: 't', speed: 0.5, logLevel: 'warn' });
    expect(problemsOf({ SIMULATOR_SPEED: '10001', LOG_LEVEL: 'x' }, loadSimulatorConfig)).toEqual([
      'SIMULATOR_SPEED must be a number above 0 and at most 10000 (got "10001")',
      'LOG_LEVEL must be one of debug, info, warn, error (got "x")',
    ]);
  });

  it('reads SIMULATOR_BULK: 0 by default or when empty, a whole number up to 100000, else a named problem', () => {
    expect(loadSimulatorConfig({}).bulk).toBe(0);
    expect(loadSimulatorConfig({ SIMULATOR_BULK: ' ' }).bulk).toBe(0);
    expect(loadSimulatorConfig({ SIMULATOR_BULK: '2000' }).bulk).toBe(2000);
    expect(loadSimulatorConfig({ SIMULATOR_BULK: '100000' }).bulk).toBe(100_000);
    for (const bad of ['-5', '1.5', 'lots', '100001']) {
      let problems: string[] = [];
      try {
        loadSimulatorConfig({ SIMULATOR_BULK: bad });
      } catch (err) {
        if (err instanceof ConfigError) problems = err.problems;
      }
      expect(problems).toEqual([`SIMULATOR_BULK must be a whole number from 0 to 100000 (got "${bad}")`]);
    }
  });

  it('reads the CodeArts simulator’s settings', () => {
    expect(loadCodeArtsSimulatorConfig({})).toEqual({ host: '127.0.0.1', port: 8098, speed: 1, logLevel: 'info' });
    expect(loadCodeArtsSimulatorConfig({ CODEARTS_SIMULATOR_PORT: '0', CODEARTS_SIMULATOR_SPEED: '30' })).toMatchObject(
      { port: 0, speed: 30 },
    );
    expect(
      problemsOf({ CODEARTS_SIMULATOR_PORT: 'x', CODEARTS_SIMULATOR_SPEED: '0' }, loadCodeArtsSimulatorConfig),
    ).toEqual([
      'CODEARTS_SIMULATOR_PORT must be a whole number from 0 to 65535 (got "x")',
      'CODEARTS_SIMULATOR_SPEED must be a number above 0 and at most 10000 (got "0")',
    ]);
  });
});

describe('secretValues', () => {
  it('lists secret values, including a password inside a PostgreSQL URL', () => {
    const values = secretValues({
      ...slack,
      HUAWEI_SECRET_KEY: 'sk-value',
      CODEARTS_AUTH_TOKEN: 'codearts-token-value',
      DATABASE_URL: 'postgres://bot:s3cr%40t@h/db',
    });
    expect(values).toEqual(
      expect.arrayContaining([
        'xoxb-1-2-secretbot',
        'signing-secret-value',
        'sk-value',
        'codearts-token-value',
        's3cr@t',
      ]),
    );
  });

  it('knows every secret variable', () => {
    expect([...SECRET_VARIABLES].sort()).toEqual(
      [
        'CODEARTS_AUTH_TOKEN',
        'CREDENTIALS_KEY',
        'CREDENTIALS_KEY_PREVIOUS',
        'DATABASE_URL',
        'HUAWEI_ACCESS_KEY',
        'HUAWEI_PASSWORD',
        'HUAWEI_SECRET_KEY',
        'SLACK_APP_TOKEN',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
        'SWR_AUTH_TOKEN',
      ].sort(),
    );
  });
});

describe('configSecrets', () => {
  it('lists the secrets of a loaded config, the database password included', () => {
    const config = loadConfig({
      ...slack,
      SWR_ENDPOINT: 'http://127.0.0.1:8099',
      HUAWEI_ACCESS_KEY: 'ak-value',
      HUAWEI_SECRET_KEY: 'sk-value',
      DATABASE_URL: 'postgres://bot:pa%24%24word@127.0.0.1:5432/bot',
    });
    expect(configSecrets(config)).toEqual(
      expect.arrayContaining(['xoxb-1-2-secretbot', 'signing-secret-value', 'ak-value', 'sk-value', 'pa$$word']),
    );
  });

  it('lists a CodeArts token, and no signing secret in Socket Mode without one', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2-secretbot',
      SLACK_APP_TOKEN: 'xapp-1-secretapp',
      PIPELINE_BACKEND: 'codearts',
      CODEARTS_ENDPOINT: 'cn-north-4',
      CODEARTS_PROJECT_ID: PROJECT_ID,
      CODEARTS_AUTH_TOKEN: 'codearts-token-value',
    });
    expect(configSecrets(config).sort()).toEqual(
      ['xoxb-1-2-secretbot', 'xapp-1-secretapp', 'codearts-token-value', DEFAULT_DATABASE_URL].sort(),
    );
  });
});

describe('request limits', () => {
  it('defaults: 1 MiB bodies, 3 lookups a second per person with a burst of 10', () => {
    expect(loadConfig(slack).limits).toEqual({ maxBodyBytes: 1024 * 1024, lookupsPerSecond: 3, lookupBurst: 10 });
    const set = loadConfig({
      ...slack,
      SLACK_MAX_BODY_KB: '64',
      USER_LOOKUPS_PER_SECOND: '0.5',
      USER_LOOKUP_BURST: '4',
    });
    expect(set.limits).toEqual({ maxBodyBytes: 64 * 1024, lookupsPerSecond: 0.5, lookupBurst: 4 });
  });

  it('names a bad value with its range', () => {
    const problems = problemsOf({
      ...slack,
      SLACK_MAX_BODY_KB: '2',
      USER_LOOKUPS_PER_SECOND: '0',
      USER_LOOKUP_BURST: 'lots',
    });
    expect(problems).toEqual([
      'SLACK_MAX_BODY_KB must be a whole number from 16 to 65536 (got "2")',
      'USER_LOOKUPS_PER_SECOND must be a number above 0 and at most 1000000 (got "0")',
      'USER_LOOKUP_BURST must be a whole number from 1 to 1000000 (got "lots")',
    ]);
  });
});

describe('documentation', () => {
  const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
  /** Every part's schema file: `config.ts` beside the code that uses it (and `log-config.ts`). */
  const CONFIG_FILES = readdirSync(new URL('../src/', import.meta.url), { recursive: true })
    .map(String)
    .filter((file) => /(^|[/-])config\.ts$/.test(file) && !file.startsWith('config/'))
    .map((file) => `../src/${file}`);
  const NAME = /^(?:PORT|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$/;
  /** The variables the schemas read: object keys and quoted names in the parts' files. */
  const variables = new Set(
    CONFIG_FILES.flatMap((file) =>
      [...read(file).matchAll(/^\s+([A-Z][A-Z0-9_]*):|'([A-Z][A-Z0-9_]*)'/gm)].map((m) => m[1] ?? m[2] ?? ''),
    ).filter((name) => NAME.test(name)),
  );

  it('finds the variables of every part', () => {
    for (const name of ['PORT', 'PIPELINE_BACKEND', 'CODEARTS_PROJECT_ID', 'HUAWEI_PROJECT_ID', 'LOG_LEVEL']) {
      expect(variables).toContain(name);
    }
  });

  it('.env.example and the README Configuration table list every variable, and no other', () => {
    const example = new Set([...read('../.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const readme = read('../README.md');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Development'));
    const documented = new Set(
      [...table.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]).filter((n) => NAME.test(n ?? '')),
    );
    expect([...example].sort()).toEqual([...variables].sort());
    expect([...documented].sort()).toEqual([...variables].sort());
  });
});
