/**
 * The opaque handles the model carries for CodeArts: `Review.ref` (pass or refuse one manual review) and
 * `Job.logRef` (read one failed step's log). Both name a step the API addresses as run id + job run id + step run
 * id, written `ca1.<kind>.<run>.<job>.<step>`: at most ~200 ASCII characters, so it fits in a Slack button value
 * (2,000), and read back by one anchored pattern after a length check — a forged, truncated or oversized value is
 * `null`, never an exception, and can only ever yield three alphanumeric path segments (no `/`, `.`, `%`, `..`).
 * The kind letter keeps a log handle from being used as a review handle and the other way round.
 */

/** The three ids that address a step of a run. */
export interface StepAddress {
  runId: string;
  jobRunId: string;
  stepRunId: string;
}

/** What a handle is for: `review` (pass/refuse) or `log` (read the step's log). */
export type RefKind = 'review' | 'log';

const KIND_LETTER: Record<RefKind, string> = { review: 'r', log: 'l' };
const VERSION = 'ca1';
// CodeArts ids are 32 letters and digits; a little slack in length, none in alphabet (they go into URL paths).
const ID = /^[A-Za-z0-9]{1,64}$/;
const REF = /^ca1\.([rl])\.([A-Za-z0-9]{1,64})\.([A-Za-z0-9]{1,64})\.([A-Za-z0-9]{1,64})$/;

/** The longest handle `encodeRef` makes; anything longer is not one. */
export const MAX_REF_LENGTH = VERSION.length + 2 + 3 * 65;

/** `true` when `id` can go into a handle (and so into a URL path). */
export function isSafeId(id: string | null | undefined): id is string {
  return typeof id === 'string' && ID.test(id);
}

/** An address as answers give it: any id may be missing. */
export type MaybeStepAddress = { [K in keyof StepAddress]?: string | null | undefined };

/** The handle of `address` for `kind`, or `null` when an id is missing or not letters and digits. */
export function encodeRef(kind: RefKind, address: MaybeStepAddress): string | null {
  const { runId, jobRunId, stepRunId } = address;
  if (!isSafeId(runId) || !isSafeId(jobRunId) || !isSafeId(stepRunId)) return null;
  return `${VERSION}.${KIND_LETTER[kind]}.${runId}.${jobRunId}.${stepRunId}`;
}

/** The step a handle of `kind` addresses, or `null` for anything else (any type: button values arrive as unknown). */
export function decodeRef(kind: RefKind, value: unknown): StepAddress | null {
  if (typeof value !== 'string' || value.length > MAX_REF_LENGTH) return null;
  const match = REF.exec(value);
  if (!match || match[1] !== KIND_LETTER[kind]) return null;
  const [, , runId, jobRunId, stepRunId] = match;
  if (runId === undefined || jobRunId === undefined || stepRunId === undefined) return null;
  return { runId, jobRunId, stepRunId };
}
