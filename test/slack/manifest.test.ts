/** manifest.yml (and its Socket Mode twin) against Slack's app-manifest JSON Schema, and against the code's ids. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND, SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Vendored with its licence (test/fixtures/slack-manifest-schema/README.md): the check never skips; a missing file
// fails every test that compiles it.
const schemaPath = path.join(repoRoot, 'test/fixtures/slack-manifest-schema/slack-app-manifest.schema.1.0.0.json');

interface Manifest {
  features: {
    slash_commands: { command: string; url?: string; usage_hint?: string; description: string }[];
    shortcuts: { name: string; type: string; callback_id: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
}

// Draft-07 as Slack publishes it; `strict: false` because the schema uses a non-standard `regex` keyword, and
// formats are not checked (the only one, `uri`, is on `$schema`, which a manifest does not carry).
function compileSchema() {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
}

const load = (file: string): Manifest => parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Manifest;

describe.each(['manifest.yml', 'manifest.socket-mode.yml'])('%s', (file) => {
  const manifest = load(file);
  const socket = file.includes('socket');

  it(`is valid against Slack's app-manifest schema (${path.relative(repoRoot, schemaPath)})`, () => {
    const validate = compileSchema();
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would fail the schema with a shortcut name over 24 characters (the check has teeth)', () => {
    const broken = structuredClone(manifest);
    const [shortcut] = broken.features.shortcuts;
    if (shortcut) shortcut.name = 'Find the pipelines in this message';
    expect(compileSchema()(broken)).toBe(false);
  });

  it('declares /pipeline with a usage hint, the message shortcut, interactivity and the bot scopes', () => {
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe(COMMAND);
    expect(command?.usage_hint).toMatch(/<id\|name>.*share.*watch.*unwatch.*list.*help/);
    const [shortcut] = manifest.features.shortcuts;
    expect(shortcut).toMatchObject({ type: 'message', callback_id: SHORTCUT_FIND_PIPELINES });
    expect(shortcut?.name.length).toBeLessThanOrEqual(24);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    // What the bot calls: posts, and for the access policy users.info, usergroups.users.list, conversations.info.
    expect(manifest.oauth_config.scopes.bot).toEqual([
      'commands',
      'chat:write',
      'chat:write.public',
      'users:read',
      'usergroups:read',
      'channels:read',
      'groups:read',
    ]);
    expect(manifest.settings.socket_mode_enabled).toBe(socket);
    if (socket) {
      expect(command?.url).toBeUndefined();
      expect(manifest.settings.interactivity.request_url).toBeUndefined();
    } else {
      expect(command?.url).toBe('https://YOUR-HOST/slack/events');
      expect(manifest.settings.interactivity.request_url).toBe('https://YOUR-HOST/slack/events');
    }
  });

  it('enables the Home tab (and Messages, where reminders arrive) and subscribes to app_home_opened', () => {
    const raw = manifest as unknown as {
      features: { app_home?: Record<string, boolean> };
      settings: { event_subscriptions?: { request_url?: string; bot_events?: string[] } };
    };
    expect(raw.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(raw.settings.event_subscriptions?.bot_events).toEqual(['app_home_opened']);
    expect(raw.settings.event_subscriptions?.request_url).toBe(socket ? undefined : 'https://YOUR-HOST/slack/events');
  });
});
