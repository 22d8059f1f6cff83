/** The SWR pipeline API: the client, the parser the preview CLI shares, the error type and the types. */
export { huaweiEncode, type SignatureHeaders, type SignInput, signRequest } from './auth/aksk-signer.js';
export type { SwrClientAuth } from './auth/authenticator.js';
export { PASSWORD_REJECTED_MESSAGE } from './auth/iam-token.js';
export { createSwrClient, DEFAULT_USER_AGENT, parseContentRange, type SwrClientOptions } from './client.js';
export { RESPONSE_KINDS, type ResponseKindRule, readHuaweiError, responseKind } from './error-mapping.js';
export { isSwrError, SWR_ERROR_KINDS, SWR_ERROR_MESSAGES, SwrError, type SwrErrorKind } from './errors.js';
export { MISSING_STATUS, parsePipeline, parseTime } from './parse.js';
export type * from './types.js';
export { KNOWN_STATUSES } from './types.js';
