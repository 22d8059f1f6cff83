/**
 * The simulator's pipelines: one per situation the bot must show well. Times are simulated seconds relative
 * to the simulator's start (divided by `speed` in real time). The table in ./README.md describes the same.
 */
import exampleJson from './example-29476.json' with { type: 'json' };
import type { RawParam, RawPipeline, RawStage } from './raw.js';
import type { PipelineDefinition } from './render.js';
import { codeSourceStage, deployStage, dockerfileStage, jenkinsStage, reviewStage } from './stages.js';
import type { RunPlan, StagePlan } from './timeline.js';

/** Stable pipeline ids of the scenarios. */
export const SCENARIO_IDS = {
  review: 29501,
  failing: 29502,
  succeeding: 29503,
  example: 29476,
  chinese: 29504,
  sixtyStages: 29505,
} as const;

/** The reviewers of the review scenario; `alice` owns the demo token and is still pending. */
export const REVIEWERS = ['zhang.wei', 'alice', 'bob'] as const;

/** A scenario whose state moves with the clock. */
export interface SimulatedScenario {
  kind: 'simulated';
  definition: Omit<PipelineDefinition, 'createdMs'>;
  /** Seconds (real time) before the simulator's start that the pipeline was created. */
  createdAgoS: number;
  plan: RunPlan;
  /** One line for the banner and docs. */
  summary: string;
}

/** A scenario served as fixed JSON. */
export interface StaticScenario {
  kind: 'static';
  id: number;
  name: string;
  raw: RawPipeline;
  summary: string;
}

export type Scenario = SimulatedScenario | StaticScenario;

const timed = (durationS: number, outcome: 'success' | 'runtime_exception' = 'success'): StagePlan => ({
  kind: 'timed',
  durationS,
  outcome,
});

const env = (name: string, value: string, description: string): RawParam => ({ name, value, description });

function reviewScenario(): SimulatedScenario {
  const id = SCENARIO_IDS.review;
  return {
    kind: 'simulated',
    summary:
      'waits on the review, stage 4 of 5 (mode all: zhang.wei pass, alice + bob waiting) until reviewed; pass → deploy → success, idle 120 s, new run; refuse → stage_exception',
    createdAgoS: 12 * 86_400 + 3_731,
    definition: {
      id,
      name: 'payment-release',
      groupId: 812,
      groupName: 'default',
      description: 'Release pipeline of the payment service, with a manual approval before production',
      params: [env('DEPLOY_ENV', 'production', '目标环境'), env('APP_VERSION', '2.4.1', '版本号')],
      stages: [
        codeSourceStage(id * 10, '代码获取', 'https://github.com/example/payment-service.git', 'release/2.4'),
        jenkinsStage(id * 10 + 1, '编译打包', 'mvn -B -DskipTests=false package', 'java', 'target/payment.jar'),
        dockerfileStage(id * 10 + 2, '镜像构建', 'payment-service', 'openjdk:8-jre'),
        reviewStage(id * 10 + 3, '上线审批', 'all', REVIEWERS),
        deployStage(id * 10 + 4, '部署到生产', 'payment-service'),
      ],
      firstIncrement: 37,
    },
    plan: {
      firstStartS: -(20 + 90 + 60 + 240),
      stages: [
        timed(20),
        timed(90),
        timed(60),
        {
          kind: 'review',
          mode: 'all',
          reviewers: [
            { user: 'zhang.wei', initial: 'pass' },
            { user: 'alice', initial: 'waiting' },
            { user: 'bob', initial: 'waiting' },
          ],
        },
        timed(45),
      ],
      idleS: 120,
      jitterSeed: id,
    },
  };
}

function failingScenario(): SimulatedScenario {
  const id = SCENARIO_IDS.failing;
  return {
    kind: 'simulated',
    summary:
      'starts at launch; its build (stage 2 of 4) fails after 45 s (runtime_exception at t+65 s), stages 3-4 never reached; reruns after 600 s idle',
    createdAgoS: 40 * 86_400 + 125,
    definition: {
      id,
      name: 'nightly-build',
      groupId: 815,
      groupName: 'backend',
      description: 'Nightly build of the inventory service (its tests are currently broken)',
      params: [env('MAVEN_OPTS', '-Xmx1g', 'Maven options')],
      stages: [
        codeSourceStage(id * 10, 'checkout', 'https://gitee.com/example/inventory-service.git', 'develop'),
        jenkinsStage(
          id * 10 + 1,
          'maven-build',
          'mvn -B verify\n./scripts/integration-tests.sh',
          'java',
          'target/inventory.jar',
        ),
        dockerfileStage(id * 10 + 2, 'image-build', 'inventory-service', 'openjdk:11-jre'),
        deployStage(id * 10 + 3, 'deploy-staging', 'inventory-service'),
      ],
      firstIncrement: 211,
    },
    plan: {
      firstStartS: 0,
      stages: [timed(20), timed(45, 'runtime_exception'), timed(60), timed(30)],
      idleS: 600,
      jitterSeed: id,
    },
  };
}

function succeedingScenario(): SimulatedScenario {
  const id = SCENARIO_IDS.succeeding;
  return {
    kind: 'simulated',
    summary:
      'source 10 s → build 40 s → image 30 s → deploy 20 s, started 30 s before launch: success at t+70 s, new run (new start_time) every 160 s',
    createdAgoS: 3 * 86_400 + 42,
    definition: {
      id,
      name: 'demo-2048',
      groupId: 812,
      groupName: 'default',
      description: 'The 2048 demo game: build, image and deploy on every push',
      params: [env('NODE_ENV', 'production', 'Node environment')],
      stages: [
        codeSourceStage(id * 10, '代码获取', 'https://gitee.com/hwcloudswr/demo-2048.git'),
        jenkinsStage(id * 10 + 1, 'npm-build', 'npm ci\nnpm run build', 'nodejs', 'dist/2048.tgz'),
        dockerfileStage(id * 10 + 2, '镜像构建', 'demo-2048', 'nginx:1.25-alpine'),
        deployStage(id * 10 + 3, 'deploy', 'demo-2048'),
      ],
      firstIncrement: 5,
    },
    plan: { firstStartS: -30, stages: [timed(10), timed(40), timed(30), timed(20)], idleS: 60, jitterSeed: id },
  };
}

function chineseScenario(): SimulatedScenario {
  const id = SCENARIO_IDS.chinese;
  return {
    kind: 'simulated',
    summary:
      'Chinese stage names (代码获取 → 代码编译 → 镜像构建 → 部署到测试环境), running: in 代码编译 for ~10 min from launch',
    createdAgoS: 90 * 86_400 + 7,
    definition: {
      id,
      name: 'order-service',
      groupId: 813,
      groupName: '电商平台',
      description: '订单服务的持续交付流水线',
      params: [env('BUILD_PROFILE', 'test', '构建环境')],
      stages: [
        codeSourceStage(id * 10, '代码获取', 'https://gitee.com/example/order-service.git'),
        jenkinsStage(id * 10 + 1, '代码编译', 'go build -o order-service ./cmd/server', 'go', 'order-service'),
        dockerfileStage(id * 10 + 2, '镜像构建', 'order-service', 'golang:1.22'),
        deployStage(id * 10 + 3, '部署到测试环境', 'order-service'),
      ],
      firstIncrement: 1024,
    },
    plan: { firstStartS: -60, stages: [timed(30), timed(600), timed(300), timed(120)], idleS: 60, jitterSeed: id },
  };
}

function sixtyStageScenario(): SimulatedScenario {
  const id = SCENARIO_IDS.sixtyStages;
  const stages: RawStage[] = [codeSourceStage(id * 100, '代码获取', 'https://github.com/example/monorepo.git')];
  for (let m = 1; m <= 58; m += 1) {
    const module = `module-${String(m).padStart(2, '0')}`;
    stages.push(
      jenkinsStage(id * 100 + m, `build ${module}`, `make -C ${module} test build`, 'go', `${module}.tar.gz`),
    );
  }
  stages.push(dockerfileStage(id * 100 + 59, '镜像构建', 'monorepo', 'alpine:3.20'));
  return {
    kind: 'simulated',
    summary: '60 stages of 20-40 s, running: at stage 11 of 60 at launch, done ~25 min later, reruns after 120 s',
    createdAgoS: 200 * 86_400,
    definition: {
      id,
      name: 'monorepo-ci',
      groupId: 816,
      groupName: 'platform',
      description: 'Builds all 58 modules of the monorepo one after another',
      params: [env('GOFLAGS', '-mod=vendor', 'Go flags')],
      stages,
      firstIncrement: 3001,
    },
    plan: {
      firstStartS: -(20 + 9 * 30 + 15),
      stages: [timed(20), ...Array.from({ length: 58 }, () => timed(30)), timed(40)],
      idleS: 120,
      jitterSeed: id,
    },
  };
}

/** The document's own example (id 29476), served exactly as the document gives it. */
export const EXAMPLE_PIPELINE: RawPipeline = exampleJson;

/** Every built-in scenario, in banner order. */
export function builtInScenarios(): Scenario[] {
  return [
    reviewScenario(),
    failingScenario(),
    succeedingScenario(),
    {
      kind: 'static',
      id: SCENARIO_IDS.example,
      name: EXAMPLE_PIPELINE.name,
      raw: EXAMPLE_PIPELINE,
      summary: 'the API document’s own example: 3 Chinese-named stages, never started (zero times), never changes',
    },
    chineseScenario(),
    sixtyStageScenario(),
  ];
}

/** A scenario's id, whichever its kind. */
export function scenarioId(s: Scenario): number {
  return s.kind === 'static' ? s.id : s.definition.id;
}

/** A scenario's pipeline name, whichever its kind. */
export function scenarioName(s: Scenario): string {
  return s.kind === 'static' ? s.name : s.definition.name;
}
