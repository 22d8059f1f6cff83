/**
 * The simulated CodeArts pipelines, one per situation the bot must show well. Times are simulated seconds from
 * the simulator's start (divided by `speed`). ./README.md describes the same table.
 */
import { simId } from './sim-ids.js';
import type { JobPlan, RunPlan } from './timeline.js';

/** A pipeline the simulator serves. */
export interface Scenario {
  /** Its 32-hex id (`simId('pipeline:' + slug)`). */
  id: string;
  slug: string;
  name: string;
  group: { id: string; name: string };
  description: string;
  repo: { name: string; url: string; defaultBranch: string };
  /** `trigger_type` of every run. */
  trigger: 'Manual' | 'Push' | 'Scheduler' | 'MR';
  /** Who starts the runs, in turn. */
  executors: string[];
  /** The ref runs are made from: an MR's source and target, a push's branch. */
  branch: { source?: string; target: string };
  /** Commit messages of successive runs, in turn. */
  commits: string[];
  /** Seconds before the simulator's start that the pipeline was created. */
  createdAgoS: number;
  plan: RunPlan;
  /** One line for the banner and docs. */
  summary: string;
}

const build = (name: string, durationS: number, extra: { failure?: string; logLines?: number } = {}): JobPlan => ({
  kind: 'timed',
  name,
  business: 'Build',
  durationS,
  ...extra,
});
const test = (name: string, durationS: number): JobPlan => ({ kind: 'timed', name, business: 'Test', durationS });
const check = (name: string, durationS: number, runningWord?: string): JobPlan =>
  runningWord === undefined
    ? { kind: 'timed', name, business: 'Check', durationS }
    : { kind: 'timed', name, business: 'Check', durationS, runningWord };
const deploy = (name: string, durationS: number): JobPlan => ({ kind: 'timed', name, business: 'Deploy', durationS });
const shell = (name: string, durationS: number): JobPlan => ({ kind: 'timed', name, business: 'Normal', durationS });

const group = (name: string) => ({ id: simId(`group:${name}`), name });

function scenario(slug: string, rest: Omit<Scenario, 'id' | 'slug'>): Scenario {
  return { id: simId(`pipeline:${slug}`), slug, ...rest };
}

/** The job message of the failing build, and the error its log ends with. */
export const FAILING_BUILD_MESSAGE = 'Build failed: mvn -B verify exited with code 1 (3 test failures)';

/** Every built-in pipeline, in banner order. */
export function builtInScenarios(): Scenario[] {
  return [
    scenario('web-portal-ci', {
      name: 'web-portal-ci',
      group: group('frontend'),
      description: 'Checks, builds, tests and deploys the web portal on every push',
      repo: { name: 'web-portal', url: 'https://codehub.example.com/demo/web-portal.git', defaultBranch: 'main' },
      trigger: 'Push',
      executors: ['zhang.wei', 'li.na'],
      branch: { target: 'main' },
      commits: ['Add dark mode to the settings page', 'Fix the login redirect loop', 'Bump vite to 5.4'],
      createdAgoS: 30 * 86_400,
      plan: {
        firstStartS: -(30 + 300 + 40),
        stages: [
          { name: 'Code check', jobs: [check('codecheck', 30), shell('lint', 20)] },
          { name: 'Build', jobs: [build('build-frontend', 240), build('build-backend', 300)] },
          {
            name: 'Test',
            jobs: [test('unit-tests', 120), test('api-tests', 150), check('security-scan', 140, 'ASYNC_WAITING')],
          },
          { name: 'Deploy', jobs: [deploy('deploy-staging', 60)] },
        ],
        idleS: 120,
        jitterSeed: 101,
      },
      summary:
        'running: 4 stages with parallel jobs, 3 jobs running in "Test" at launch, one showing the undocumented ASYNC_WAITING',
    }),
    scenario('payment-release', {
      name: 'payment-release',
      group: group('payments'),
      description: 'Release of the payment service, approved by three people before production',
      repo: {
        name: 'payment-service',
        url: 'https://codehub.example.com/demo/payment-service.git',
        defaultBranch: 'master',
      },
      trigger: 'Manual',
      executors: ['zhang.wei'],
      branch: { target: 'release/2.4' },
      commits: ['Release 2.4.1: refund rounding fix', 'Release 2.4.2: faster settlement export'],
      createdAgoS: 90 * 86_400,
      plan: {
        firstStartS: -(30 + 90 + 300),
        stages: [
          { name: 'Build', jobs: [build('maven-package', 30)] },
          { name: 'Verify', jobs: [test('integration-tests', 90), check('sonar-check', 60)] },
          {
            name: 'Approval',
            jobs: [
              {
                kind: 'review',
                name: 'Release approval',
                approvers: ['alice', 'bob', 'carol'],
                strategy: 'all',
                timeoutS: 3 * 86_400,
                timeoutStrategy: 'reject',
              },
            ],
          },
          { name: 'Deploy production', jobs: [deploy('deploy-prod', 45)] },
        ],
        idleS: 120,
        jitterSeed: 202,
      },
      summary: 'waits on "Approval" (alice, bob, carol; all must pass; 3-day timeout → reject); refuse → FAILED',
    }),
    scenario('hotfix-release', {
      name: 'hotfix-release',
      group: group('payments'),
      description: 'Hotfixes from merge requests: one approval is enough',
      repo: {
        name: 'payment-service',
        url: 'https://codehub.example.com/demo/payment-service.git',
        defaultBranch: 'master',
      },
      trigger: 'MR',
      executors: ['li.na'],
      branch: { source: 'hotfix/refund-rounding', target: 'master' },
      commits: ['Round refunds half-even', 'Guard against a negative refund'],
      createdAgoS: 20 * 86_400,
      plan: {
        firstStartS: -(20 + 60),
        stages: [
          { name: 'Build', jobs: [build('hotfix-build', 20)] },
          {
            name: 'Approval',
            jobs: [
              {
                kind: 'review',
                name: 'Hotfix approval',
                approvers: ['bob', 'dave'],
                strategy: 'any',
                timeoutS: 3_600,
                timeoutStrategy: 'pass',
              },
            ],
          },
          { name: 'Deploy', jobs: [deploy('deploy-hotfix', 30)] },
        ],
        idleS: 300,
        jitterSeed: 303,
      },
      summary: 'waits on "Approval" (bob, dave; any one passes; 1-hour timeout → pass)',
    }),
    scenario('nightly-build', {
      name: 'nightly-build',
      group: group('backend'),
      description: 'Nightly build of the inventory service (its tests are broken)',
      repo: {
        name: 'inventory-service',
        url: 'https://codehub.example.com/demo/inventory-service.git',
        defaultBranch: 'develop',
      },
      trigger: 'Scheduler',
      executors: ['li.na'],
      branch: { target: 'develop' },
      commits: ['Merge branch feature/stock-alerts into develop'],
      createdAgoS: 200 * 86_400,
      plan: {
        firstStartS: -(15 + 45 + 60),
        stages: [
          { name: 'Checkout', jobs: [shell('git-clone', 15)] },
          { name: 'Build', jobs: [build('maven-build', 45, { failure: FAILING_BUILD_MESSAGE, logLines: 1_500 })] },
          { name: 'Image', jobs: [build('docker-build', 60)] },
          { name: 'Deploy', jobs: [deploy('deploy-dev', 30)] },
        ],
        idleS: 600,
        jitterSeed: 404,
      },
      summary:
        'FAILED at launch: "maven-build" (stage 2 of 4) failed with a message and a 1,500-line log; reruns every ~12 min',
    }),
    scenario('monorepo-ci', {
      name: 'monorepo-ci',
      group: group('platform'),
      description: 'Builds every module of the monorepo, one stage each',
      repo: { name: 'monorepo', url: 'https://codehub.example.com/demo/monorepo.git', defaultBranch: 'main' },
      trigger: 'Push',
      executors: ['wang.fang'],
      branch: { target: 'main' },
      commits: ['Upgrade every module to Go 1.23'],
      createdAgoS: 400 * 86_400,
      plan: {
        firstStartS: -(10 + 9 * 25 + 12),
        stages: [
          { name: 'Checkout', jobs: [shell('git-clone', 10)] },
          ...Array.from({ length: 34 }, (_, i) => {
            const module = `module-${String(i + 1).padStart(2, '0')}`;
            return { name: `Build ${module}`, jobs: [build(`build-${module}`, 20 + ((i * 7) % 11))] };
          }),
          { name: 'Package', jobs: [build('package', 30)] },
        ],
        idleS: 120,
        jitterSeed: 505,
      },
      summary: '36 stages (one per module), running at stage 11 at launch, done ≈ 15 min later',
    }),
    scenario('shared-runner-deploy', {
      name: 'shared-runner-deploy',
      group: group('platform'),
      description: 'Deploys through a runner shared by the whole tenant: runs queue first',
      repo: { name: 'infra', url: 'https://codehub.example.com/demo/infra.git', defaultBranch: 'main' },
      trigger: 'Manual',
      executors: ['wang.fang'],
      branch: { target: 'main' },
      commits: ['Rotate the staging certificates'],
      createdAgoS: 10 * 86_400,
      plan: {
        firstStartS: -10,
        queuedS: 90,
        stages: [
          { name: 'Build', jobs: [build('build-config', 30)] },
          { name: 'Deploy', jobs: [deploy('apply', 30)] },
        ],
        idleS: 60,
        jitterSeed: 606,
      },
      summary: 'QUEUED at launch for 90 s (concurrency queue), then 2 stages of 30 s; every run queues first',
    }),
  ];
}
