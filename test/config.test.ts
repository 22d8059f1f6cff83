import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configSecrets,
  DEFAULT_DATABASE_URL,
  loadConfig,
  loadSimulatorConfig,
  loadToolConfig,
  secretValues,
} from '../src/config.js';

const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-secretbot', SLACK_SIGNING_SECRET: 'signing-secret-value' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
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
    expect(config.swr).toEqual({
      endpoint: null,
      auth: { kind: 'simulator' },
      timeoutMs: 10_000,
      retries: 2,
      cacheMs: 2_000,
    });
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(config.watch).toEqual({ intervalSeconds: 15, reviewReminderMinutes: 60 });
    expect(config.locale).toBe('en');
    expect(config.logLevel).toBe('info');
    expect(config.consoleUrlTemplate).toBeNull();
  });

  it('reads every variable and trims trailing slashes from URLs', () => {
    const config = loadConfig({
      ...slack,
      SLACK_APP_TOKEN: 'xapp-1-abc',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      PORT: '8080',
      SWR_ENDPOINT: 'https://swr-api.cn-north-4.myhuaweicloud.com/',
      SWR_AUTH_TOKEN: 'tok',
      DATABASE_URL: 'postgres://bot:pw@127.0.0.1:5432/bot',
      WATCH_INTERVAL_SECONDS: '30',
      SWR_CONSOLE_URL_TEMPLATE: 'https://console.example.com/swr/pipelines/{id}',
      BOT_LOCALE: 'zh-cn',
      LOG_LEVEL: 'debug',
      SLACK_USER_MAP: 'alice=U012AB3CD, bob=U045EF6GH',
    });
    expect(config.slack.appToken).toBe('xapp-1-abc');
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9999/api');
    expect(config.slack.port).toBe(8080);
    expect(config.swr.endpoint).toBe('https://swr-api.cn-north-4.myhuaweicloud.com');
    expect(config.swr.auth).toEqual({ kind: 'token', token: 'tok' });
    expect(config.databaseUrl).toBe('postgres://bot:pw@127.0.0.1:5432/bot');
    expect(config.watch.intervalSeconds).toBe(30);
    expect(config.locale).toBe('zh-CN');
    expect(config.logLevel).toBe('debug');
    expect(config.slackUserMap).toEqual({ alice: 'U012AB3CD', bob: 'U045EF6GH' });
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ ...slack, SWR_ENDPOINT: '', PORT: '  ', SWR_AUTH_TOKEN: '' });
    expect(config.swr.auth).toEqual({ kind: 'simulator' });
    expect(config.slack.port).toBe(3000);
  });

  it('names every problem at once, with what to set, and never a secret value', () => {
    const problems = problemsOf({
      SLACK_APP_TOKEN: 'xoxb-not-an-app-token',
      PORT: 'eighty',
      SWR_ENDPOINT: 'ftp://example.com',
      HUAWEI_PASSWORD: 'hunter2-password',
      BOT_LOCALE: 'fr',
      DATABASE_URL: 'mysql://x',
    });
    const text = problems.join('\n');
    expect(text).toContain('SLACK_BOT_TOKEN is missing');
    expect(text).toContain('SLACK_SIGNING_SECRET is missing');
    expect(text).toContain('SLACK_APP_TOKEN must be an app-level token');
    expect(text).toContain('PORT must be a whole number');
    expect(text).toContain('SWR_ENDPOINT must be an http: or https: URL');
    expect(text).toContain('HUAWEI_USERNAME is missing');
    expect(text).toContain('BOT_LOCALE must be one of en, zh-CN');
    expect(text).toContain('DATABASE_URL must be');
    expect(text).not.toContain('hunter2-password');
    expect(text).not.toContain('xoxb-not-an-app-token');
  });

  it('requires credentials when an endpoint is set, and exactly one way', () => {
    expect(problemsOf({ ...slack, SWR_ENDPOINT: 'http://127.0.0.1:8099' }).join()).toContain('no SWR credentials');
    expect(
      problemsOf({
        ...slack,
        SWR_ENDPOINT: 'http://127.0.0.1:8099',
        SWR_AUTH_TOKEN: 't',
        HUAWEI_ACCESS_KEY: 'ak',
        HUAWEI_SECRET_KEY: 'sk',
      }).join(),
    ).toContain('more than one way to authenticate');
    expect(problemsOf({ ...slack, SWR_ENDPOINT: 'http://x', HUAWEI_ACCESS_KEY: 'ak' }).join()).toContain(
      'HUAWEI_SECRET_KEY is missing',
    );
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
    expect(iam.swr.auth).toEqual({
      kind: 'iam',
      endpoint: 'https://iam.cn-north-4.myhuaweicloud.com',
      username: 'u',
      password: 'p',
      domain: 'd',
      project: 'cn-north-4',
    });
    const aksk = loadConfig({ ...slack, SWR_ENDPOINT: 'http://x', HUAWEI_ACCESS_KEY: 'a', HUAWEI_SECRET_KEY: 's' });
    expect(aksk.swr.auth).toEqual({ kind: 'aksk', accessKey: 'a', secretKey: 's', projectId: null });
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

describe('loadToolConfig and loadSimulatorConfig', () => {
  it('need no Slack variables', () => {
    expect(loadToolConfig({}).swr.auth).toEqual({ kind: 'simulator' });
    expect(loadSimulatorConfig({})).toMatchObject({ host: '127.0.0.1', port: 8099, speed: 1 });
    expect(loadSimulatorConfig({ SIMULATOR_PORT: '0', SIMULATOR_SPEED: '60' })).toMatchObject({ port: 0, speed: 60 });
    expect(() => loadSimulatorConfig({ SIMULATOR_SPEED: '-1' })).toThrow(/SIMULATOR_SPEED/);
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
});

describe('secretValues', () => {
  it('lists secret values, including a password inside a PostgreSQL URL', () => {
    const values = secretValues({
      ...slack,
      HUAWEI_SECRET_KEY: 'sk-value',
      DATABASE_URL: 'postgres://bot:s3cr%40t@h/db',
    });
    expect(values).toEqual(
      expect.arrayContaining(['xoxb-1-2-secretbot', 'signing-secret-value', 'sk-value', 's3cr@t']),
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
});
