/** The `/pipeline` text parser: every subcommand, and everything that must fall back to usage. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerOpsIds } from '../../src/backends/containerops/ids.js';
import { parsePipelineCommand } from '../../src/slack/command-parser.js';

/** ContainerOps' id syntax, without a console link template. */
const IDS = containerOpsIds();

describe('parsePipelineCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['29476', { kind: 'show', id: '29476' }],
    ['#29476', { kind: 'show', id: '29476' }],
    ['  29476  ', { kind: 'show', id: '29476' }],
    ['29476 share', { kind: 'share', id: '29476' }],
    ['29476 SHARE', { kind: 'share', id: '29476' }],
    ['payment', { kind: 'search', name: 'payment' }],
    ['payment release', { kind: 'search', name: 'payment release' }],
    ['demo-2048', { kind: 'search', name: 'demo-2048' }],
    // Names a word away from nothing: still a search.
    ['build 2048', { kind: 'search', name: 'build 2048' }],
    ['match', { kind: 'search', name: 'match' }],
    // A mistyped subcommand before an id: searched, and when no name matches, the closest subcommand is suggested.
    ['wacth 29502', { kind: 'search', name: 'wacth 29502', ifNoMatch: 'typo_watch' }],
    ['Whatch 29502 failures', { kind: 'search', name: 'Whatch 29502 failures', ifNoMatch: 'typo_watch' }],
    ['unwach 29502', { kind: 'search', name: 'unwach 29502', ifNoMatch: 'typo_unwatch' }],
    ['batch 7', { kind: 'search', name: 'batch 7', ifNoMatch: 'typo_watch' }],
    ['watchdog 7', { kind: 'search', name: 'watchdog 7' }],
    ['订单服务', { kind: 'search', name: '订单服务' }],
    ['watch 29476', { kind: 'watch', id: '29476', filter: 'changes' }],
    ['watch 29476 failures', { kind: 'watch', id: '29476', filter: 'failures' }],
    ['watch #29476 ALL', { kind: 'watch', id: '29476', filter: 'all' }],
    ['unwatch 29476', { kind: 'unwatch', id: '29476' }],
    ['list', { kind: 'list' }],
    ['login', { kind: 'login' }],
    ['LOGOUT', { kind: 'logout' }],
    ['https://console.example.com/swr/#/pipelines/29476', { kind: 'show', id: '29476' }],
    ['https://console.example.com/x?pipelineId=29476 share', { kind: 'share', id: '29476' }],
  ])('%j', (text, expected) => {
    expect(parsePipelineCommand(text, IDS)).toEqual(expected);
  });

  it.each([
    ['watch', 'watch_needs_id'],
    ['watch abc', 'watch_needs_id'],
    ['watch 29476 sometimes', 'watch_filter'],
    ['watch 29476 all now', 'watch_filter'],
    ['unwatch', 'unwatch_needs_id'],
    ['unwatch 1 2', 'unwatch_needs_id'],
    ['list all', 'list_takes_nothing'],
    ['login alice', 'login_takes_nothing'],
    ['logout now', 'login_takes_nothing'],
    ['29476 delete', 'only_share_after_id'],
    ['https://example.com/nothing-here', 'link_without_one_id'],
    ['!!! $$$', 'unreadable'],
    ['<@U123> hi', 'unreadable'],
    ['name\twith\u0000control', 'unreadable'],
    ['x'.repeat(5_000), 'too_long'],
    ['a'.repeat(101), 'unreadable'],
    ['29502 shrae', 'typo_share'],
  ])('%j → usage (%s)', (text, problem) => {
    expect(parsePipelineCommand(text, IDS)).toEqual({ kind: 'usage', problem });
  });

  it('reads a pasted link shaped like SWR_CONSOLE_URL_TEMPLATE, as the shortcut does', () => {
    // Nothing generic matches here ("pipeline/detail/29476"): only the configured template names the id.
    const consoleUrlTemplate = 'https://console.example.com/swr/?region=cn-north-4#/swr/pipeline/detail/{id}';
    const link = consoleUrlTemplate.replace('{id}', '29476');
    expect(parsePipelineCommand(link, containerOpsIds(consoleUrlTemplate))).toEqual({ kind: 'show', id: '29476' });
    expect(parsePipelineCommand(`<${link}> share`, containerOpsIds(consoleUrlTemplate))).toEqual({
      kind: 'share',
      id: '29476',
    });
    expect(parsePipelineCommand(link, IDS)).toEqual({ kind: 'usage', problem: 'link_without_one_id' });
  });

  it('never throws and always returns a known kind, whatever the text', () => {
    const kinds = new Set(['help', 'show', 'share', 'search', 'watch', 'unwatch', 'list', 'usage']);
    fc.assert(
      fc.property(fc.string({ maxLength: 6_000, unit: 'binary' }), (text) => {
        expect(kinds.has(parsePipelineCommand(text, IDS).kind)).toBe(true);
      }),
    );
  });
});
