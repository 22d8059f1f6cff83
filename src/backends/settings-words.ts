/**
 * The configuration a backend runs on, named in an operator's words: which variable holds its endpoint and which
 * its credentials, so a start-up warning or a CLI error says what to change ("SWR rejected SWR_AUTH_TOKEN").
 * Never a secret value: only variable names and the endpoint URL.
 */
import type { BackendSettings } from './config.js';

/** `SWR` or `CodeArts`. */
export function serviceName(settings: BackendSettings): 'SWR' | 'CodeArts' {
  return settings.kind === 'codearts' ? 'CodeArts' : 'SWR';
}

/** `SWR_ENDPOINT` or `CODEARTS_ENDPOINT`. */
export function endpointVariable(settings: BackendSettings): string {
  return settings.kind === 'codearts' ? 'CODEARTS_ENDPOINT' : 'SWR_ENDPOINT';
}

/** `SIMULATOR_PORT` or `CODEARTS_SIMULATOR_PORT`: where the built-in simulator listens. */
export function simulatorPortVariable(settings: BackendSettings): string {
  return settings.kind === 'codearts' ? 'CODEARTS_SIMULATOR_PORT' : 'SIMULATOR_PORT';
}

/** The variables that hold the credentials in use, e.g. `SWR_AUTH_TOKEN`. */
export function credentialVariables(settings: BackendSettings): string {
  switch (settings.auth.kind) {
    case 'token':
      return settings.kind === 'codearts' ? 'CODEARTS_AUTH_TOKEN' : 'SWR_AUTH_TOKEN';
    case 'iam':
      return 'the IAM login (HUAWEI_USERNAME, HUAWEI_PASSWORD, HUAWEI_DOMAIN, HUAWEI_PROJECT)';
    case 'aksk':
      return 'the access keys (HUAWEI_ACCESS_KEY, HUAWEI_SECRET_KEY)';
    case 'simulator':
      return 'the built-in simulator’s token';
  }
}

/** `SWR_ENDPOINT=https://…`, or that the built-in simulator serves it. */
export function endpointWords(settings: BackendSettings): string {
  return settings.endpoint === null
    ? `the built-in ${serviceName(settings)} simulator`
    : `${endpointVariable(settings)}=${settings.endpoint}`;
}
