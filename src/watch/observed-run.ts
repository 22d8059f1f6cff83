/**
 * A pipeline as read in one cycle, worked out once for every watch of it: its run state, that state's JSON (the
 * next diff baseline) and fingerprint, the card, rendered on first use, and what the run owes (`pendingJson`) —
 * all shared, so a pipeline's watches hold one copy of each kilobytes-long text, not one each.
 */
import type { BackendKind } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { type RunState, toRunState } from '../domain/run-state.js';
import { summarisePipeline } from '../domain/summary.js';
import type { RenderOptions, SlackMessage } from '../render/types.js';
import { fingerprintJson, pendingRunJson } from './remembered-state.js';

/** Renders the live card; in production `renderPipelineMessage` with `variant: 'watch'`. */
export type CardRenderer = (pipeline: PipelineRun, options: RenderOptions) => SlackMessage;

/** What rendering a watch card needs besides the pipeline. */
export interface CardSettings {
  locale: Locale;
  mentions: Record<string, string> | undefined;
  backend: BackendKind;
  /** A built-in simulator serves the backend: the card says so. */
  simulated?: boolean;
  renderCard: CardRenderer;
}

/** A pipeline as read this cycle (see the module comment). */
export interface ObservedRun {
  pipeline: PipelineRun;
  state: RunState;
  /** `JSON.stringify(state)`. */
  stateJson: string;
  /** `fingerprintState(state)`. */
  fingerprint: string;
  /** The live card at the cycle's `now`; rendered once, then shared. */
  card(): SlackMessage;
  /** `JSON.stringify(card())`, made once. */
  cardJson(): string;
  /**
   * `pendingRunJson` of this state, with the card (`withCard`) or without, made once each: a string made per watch
   * would be a copy per watch, each flattened again (in the old generation by then) when the store writes it.
   */
  pendingJson(withCard: boolean): string;
}

/** Summarises `pipeline` once for every watch of it in a cycle at `now`. */
export function observeRun(pipeline: PipelineRun, settings: CardSettings, now: Date): ObservedRun {
  const state = toRunState(summarisePipeline(pipeline));
  const stateJson = JSON.stringify(state);
  let card: SlackMessage | null = null;
  let cardJson: string | null = null;
  const pending: { withCard?: string; stateOnly?: string } = {};
  const observed: ObservedRun = {
    pipeline,
    state,
    stateJson,
    fingerprint: fingerprintJson(stateJson),
    card: () => {
      card ??= settings.renderCard(pipeline, {
        now,
        locale: settings.locale,
        mentions: settings.mentions ?? {},
        variant: 'watch',
        backend: settings.backend,
        simulated: settings.simulated === true,
      });
      return card;
    },
    cardJson: () => {
      cardJson ??= JSON.stringify(observed.card());
      return cardJson;
    },
    pendingJson: (withCard) => {
      if (withCard) {
        pending.withCard ??= pendingRunJson(stateJson, observed.cardJson());
        return pending.withCard;
      }
      pending.stateOnly ??= pendingRunJson(stateJson, null);
      return pending.stateOnly;
    },
  };
  return observed;
}
