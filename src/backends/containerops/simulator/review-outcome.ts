/** What the simulated review call answers: accepted, or the SWR error the real service would give. */

/** The result of a review: accepted, or the SWR error the real service would answer. */
export type ReviewOutcome =
  | { ok: true }
  | { ok: false; status: 400 | 403 | 404; code: string; message: string; detail: string };

/** A rejected review with the SWR code for `status` (400 invalid param, 403 not a reviewer, 404 no pipeline). */
export function reviewRejected(status: 400 | 403 | 404, detail: string): ReviewOutcome {
  if (status === 404)
    return { ok: false, status, code: 'SVCSTG.SWR.4040162', message: 'Not found database data', detail };
  if (status === 403)
    return { ok: false, status, code: 'SVCSTG.SWR.4031033', message: 'You request is unavailable', detail };
  return { ok: false, status, code: 'SVCSTG.SWR.4000014', message: 'Invalid param', detail };
}
