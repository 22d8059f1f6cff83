/** The CodeArts backend's `BackendInfo` (the renderer names it in people's words: ../../render/service-words.ts). */
import type { BackendInfo } from '../../domain/backend.js';

/** The CodeArts backend; `simulated` when the built-in simulator serves it. */
export function codeArtsInfo(simulated: boolean): BackendInfo {
  return { kind: 'codearts', simulated };
}
