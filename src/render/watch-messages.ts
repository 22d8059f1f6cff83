/**
 * Every message the watch writes besides the card: milestones in the card's thread, the "SWR unreachable" note,
 * the review reminder and a superseded run's closing card and note (the watch commands' answers are in
 * ./watch-command-messages.ts, the words in ./watch-strings.ts). Pure: names arrive raw and are escaped here;
 * times arrive as `Date`s and durations as ms.
 */
import type { KnownBlock } from '@slack/types';
import type { BackendKind } from '../domain/backend.js';
import type { BackendErrorKind } from '../domain/backend-error.js';
import type { Locale } from '../domain/locale.js';
import type { Milestone } from '../domain/milestones.js';
import type { StatusValue } from '../domain/status.js';
import { ACTION_OPEN_CONSOLE } from './action-ids.js';
import { consoleLink } from './buttons.js';
import { formatSpan, formatUtc } from './durations.js';
import { boldName, fitEscaped } from './escape.js';
import { nameList, pendingReviewer } from './review-text.js';
import { sentenceMessage } from './sentence-message.js';
import { serviceWords } from './service-words.js';
import { statusMark, statusWord } from './status-table.js';
import type { SlackMessage } from './types.js';
import { NAMES_SHOWN, pipelineLabel, STRINGS } from './watch-strings.js';

export interface MilestoneTextOptions {
  locale: Locale;
  pipelineName: string;
  pipelineId: string;
  /** SWR user name → Slack user id: pending reviewers become `<@U…>` mentions. */
  mentions?: Record<string, string> | undefined;
}

const plainNames = (names: readonly string[], locale: Locale): string =>
  nameList(names, NAMES_SHOWN, locale, (n) => fitEscaped(n, 40) || '?');
const mentionNames = (names: readonly string[], options: MilestoneTextOptions): string =>
  nameList(names, NAMES_SHOWN, options.locale, (n) => pendingReviewer(n, options.mentions));
const span = (ms: number | null, locale: Locale): string | null => (ms === null ? null : formatSpan(ms, locale));

/** The thread message of one milestone. */
export function renderMilestoneMessage(m: Milestone, options: MilestoneTextOptions): SlackMessage {
  const s = STRINGS[options.locale];
  const locale = options.locale;
  switch (m.kind) {
    case 'stage_started':
      return sentenceMessage(s.stageStarted(boldName(m.name)));
    case 'stage_finished':
      return sentenceMessage(
        s.stageFinished(
          statusMark(m.status),
          boldName(m.name),
          statusWord(m.status, locale),
          span(m.durationMs, locale),
        ),
      );
    case 'review_requested':
      return sentenceMessage(s.reviewRequested(boldName(m.name), mentionNames(m.pending, options)));
    case 'review_approved':
      return sentenceMessage(
        s.reviewApproved(
          boldName(m.user, 40),
          boldName(m.name),
          m.pending.length > 0 ? mentionNames(m.pending, options) : null,
        ),
      );
    case 'review_passed':
      return sentenceMessage(
        s.reviewPassed(boldName(m.name), m.approvers.length > 0 ? plainNames(m.approvers, locale) : ''),
      );
    case 'review_refused':
      return sentenceMessage(
        s.reviewRefused(
          boldName(m.name),
          plainNames(m.refusers, locale),
          pipelineLabel(options.pipelineName, options.pipelineId),
        ),
      );
    case 'run_finished':
      return sentenceMessage(
        s.runFinished(
          statusMark(m.status),
          pipelineLabel(options.pipelineName, options.pipelineId),
          statusWord(m.status, locale),
          span(m.durationMs, locale),
          m.failedStage === null ? null : boldName(m.failedStage),
        ),
      );
  }
}

export interface ReminderOptions {
  locale: Locale;
  stageName: string;
  pending: readonly string[];
  /** How long the review has waited. */
  waitingMs: number;
  mentions?: Record<string, string> | undefined;
}

/** The one reminder a review gets when its reviewers have been pending too long. */
export function renderReviewReminder(o: ReminderOptions): SlackMessage {
  const names = nameList(o.pending, NAMES_SHOWN, o.locale, (n) => pendingReviewer(n, o.mentions));
  return sentenceMessage(STRINGS[o.locale].reminder(boldName(o.stageName), names, formatSpan(o.waitingMs, o.locale)));
}

/**
 * The thread note, posted once per error streak, that the pipeline could not be read for a while and why (`kind`:
 * the latest SWR error's; `null` for anything else).
 */
export function renderApiUnreachableNote(o: {
  locale: Locale;
  /** Whose API failed (named in the note); `containerops` by default. */
  backend?: BackendKind;
  since: Date;
  retryEveryMs: number;
  kind: BackendErrorKind | null;
}): SlackMessage {
  const strings = STRINGS[o.locale];
  const why = strings.apiTrouble[o.kind ?? 'other'](serviceWords(o.backend ?? 'containerops', o.locale).service);
  return sentenceMessage(strings.unreachable(why, formatUtc(o.since), formatSpan(o.retryEveryMs, o.locale)));
}

/** What the note of a superseded run says. */
export interface SupersededNoteOptions {
  locale: Locale;
  pipelineName: string;
  pipelineId: string;
  /** When the newer run started; `null` when the API gave no start time. */
  newRunStart: Date | null;
}

/** What the closing edit of a superseded run's card shows besides the note's sentence. */
export interface SupersededRunOptions extends SupersededNoteOptions {
  /** The old run's stages as last seen (raw names). */
  stages: readonly { name: string; status: StatusValue }[];
  /** The pipeline's console link; the only button the card keeps, shown only when usable. */
  consoleUrl?: string | null | undefined;
  /** The console button's words; `containerops` by default. */
  backend?: BackendKind;
}

const STAGE_LINES_MAX = 2_800;

/** The sentence of a run a newer run replaced before the bot saw it finish. */
function supersededSentence(o: SupersededNoteOptions): string {
  const at = o.newRunStart === null ? null : formatUtc(o.newRunStart);
  return STRINGS[o.locale].superseded(pipelineLabel(o.pipelineName, o.pipelineId), at === '?' ? null : at);
}

/**
 * The closing edit of a card whose run a newer run replaced before the bot saw it finish: it says so, keeps the
 * stages as last seen, and offers no button but Open in console (when configured).
 */
export function renderSupersededCard(o: SupersededRunOptions): SlackMessage {
  const text = supersededSentence(o);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (o.stages.length > 0) {
    // A section's text holds 3,000 characters: cut the list before it.
    const lines: string[] = [];
    let length = 0;
    for (const stage of o.stages) {
      const line = `${statusMark(stage.status)} ${boldName(stage.name)} — ${statusWord(stage.status, o.locale)}`;
      if (length + line.length + 1 > STAGE_LINES_MAX) {
        lines.push('…');
        break;
      }
      lines.push(line);
      length += line.length + 1;
    }
    blocks.push(
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: `${STRINGS[o.locale].stagesAsLastSeen}\n${lines.join('\n')}` } },
    );
  }
  const url = consoleLink(o.consoleUrl);
  if (url !== null) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_OPEN_CONSOLE,
          text: { type: 'plain_text', text: serviceWords(o.backend ?? 'containerops', o.locale).console, emoji: true },
          value: o.pipelineId.slice(0, 2_000),
          url,
        },
      ],
    });
  }
  return { text, blocks };
}

/** The one thread note under such a card, saying the same. */
export function renderSupersededNote(o: SupersededNoteOptions): SlackMessage {
  return sentenceMessage(supersededSentence(o));
}
