/** How the CodeArts backend is named to people (`BackendInfo`). */
import type { BackendInfo } from '../../domain/backend.js';

/** The CodeArts backend's names; `simulated` when the built-in simulator serves it. */
export function codeArtsInfo(simulated: boolean): BackendInfo {
  return {
    kind: 'codearts',
    service: 'CodeArts',
    product: 'CodeArts Pipeline',
    consoleName: 'Open in CodeArts',
    simulated,
  };
}
