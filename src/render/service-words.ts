/** How each backend is named to people: the API ("SWR", "CodeArts"), its product, its console and its ids. */
import type { BackendKind } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';

export interface ServiceWords {
  /** The API, as a sentence names it. */
  service: string;
  /** The product, for "not available to this account" messages. */
  product: string;
  /** The Open-in-console button's label. */
  console: string;
  /** What an id looks like, completing "an id is …". */
  idShape: string;
  /** A sample id. */
  idExample: string;
}

const WORDS: Record<BackendKind, Record<Locale, ServiceWords>> = {
  containerops: {
    en: {
      service: 'SWR',
      product: 'Pipelines (ContainerOps)',
      console: 'Open in console',
      idShape: 'a number, like 29476',
      idExample: '29476',
    },
    'zh-CN': {
      service: 'SWR',
      product: '流水线（ContainerOps）',
      console: '在控制台打开',
      idShape: '数字，例如 29476',
      idExample: '29476',
    },
  },
  codearts: {
    en: {
      service: 'CodeArts',
      product: 'CodeArts Pipeline',
      console: 'Open in CodeArts',
      idShape: '32 letters and digits, like 9f0a6b2c4d8e4f10a1b2c3d4e5f60718',
      idExample: '9f0a6b2c4d8e4f10a1b2c3d4e5f60718',
    },
    'zh-CN': {
      service: 'CodeArts',
      product: 'CodeArts 流水线',
      console: '在 CodeArts 中打开',
      idShape: '32 位字母和数字，例如 9f0a6b2c4d8e4f10a1b2c3d4e5f60718',
      idExample: '9f0a6b2c4d8e4f10a1b2c3d4e5f60718',
    },
  },
};

/** The words for `backend` in `locale`. */
export function serviceWords(backend: BackendKind, locale: Locale): ServiceWords {
  return WORDS[backend][locale];
}
