/**
 * The SWR simulator's people: the review users of its review scenarios (`REVIEWERS`: zhang.wei, alice, bob), each
 * with a demo IAM password and an access-key pair, so anyone can link as one of them in Slack and act as them.
 * Demo values only (they guard nothing); the README lists them. `alice` keeps the simulator's original demo
 * password and key pair, and comes first (the banner's examples use the first).
 */
import { type AccessKeyPair, DEMO_ACCESS_KEY } from '../../huawei/simulator/aksk.js';
import { DEMO_IAM_USER, type IamUser } from '../../huawei/simulator/iam.js';
import { REVIEWERS } from './scenarios.js';

/** Everyone the simulator's IAM lets log in, in account `simulator-demo`. */
export function reviewerLogins(): IamUser[] {
  const others = REVIEWERS.filter((name) => name !== DEMO_IAM_USER.name).map((name) => ({
    name,
    password: `${name}-demo-password`,
    domain: DEMO_IAM_USER.domain,
  }));
  return [DEMO_IAM_USER, ...others];
}

/** A key pair per review user. */
export function reviewerKeys(): AccessKeyPair[] {
  const others = REVIEWERS.filter((name) => name !== DEMO_ACCESS_KEY.user).map((user, i) => ({
    accessKey: `SIMULATORAK${String(i + 2).padStart(10, '0')}`,
    secretKey: `${user}-demo-secret-key`,
    user,
  }));
  return [DEMO_ACCESS_KEY, ...others];
}
