/** Show log's value: a card offers the button only when the click can read its value back. */
import { describe, expect, it } from 'vitest';
import { ACTION_SHOW_LOG } from '../../src/render/action-ids.js';
import { cardActions, logButtonValue, readLogButtonValue } from '../../src/render/buttons.js';

const showLog = (logRef: string) =>
  cardActions('29476', 'private', 'en', null, 'containerops', logRef).elements.find(
    (e) => e.type === 'button' && e.action_id === ACTION_SHOW_LOG,
  );

describe('Show log button value', () => {
  it('round-trips a usable log reference', () => {
    const value = logButtonValue('29476', 'job-1/step-2');
    expect(value).not.toBeNull();
    expect(readLogButtonValue(value)).toEqual({ pipelineId: '29476', logRef: 'job-1/step-2' });
    expect(showLog('job-1/step-2')).toBeDefined();
  });

  it('a reference with a space, or too long to read back, leaves the button out', () => {
    for (const logRef of ['job 1', 'x'.repeat(301), '', 'a\nb']) {
      expect(logButtonValue('29476', logRef)).toBeNull();
      expect(showLog(logRef)).toBeUndefined();
    }
    expect(logButtonValue('1'.repeat(65), 'ref')).toBeNull();
  });
});
