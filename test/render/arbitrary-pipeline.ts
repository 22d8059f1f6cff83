/** A fast-check arbitrary for any `Pipeline` the types allow: hostile strings, odd statuses, bad dates, 0–250 stages. */
import fc from 'fast-check';
import type { Pipeline, ReviewConfig, Stage, StageStatus } from '../../src/backends/containerops/api-types.js';
import { KNOWN_STATUSES } from '../../src/backends/containerops/api-types.js';

/** Marks every value that must never reach a card (params, stage params, webhook URLs). */
export const SECRET_MARK = 'PARAMSECRET';

const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<@U123ABC>',
  '&',
  '&amp;',
  '<',
  '>',
  '*',
  '_',
  '~',
  '`',
  '\n',
  '\u0000',
  '🚀',
  '镜像构建',
  '\ud800',
  '👨‍👩‍👧',
];

const text = fc.oneof(
  { arbitrary: fc.string({ maxLength: 30 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.array(fc.constantFrom(...HOSTILE), { maxLength: 12 }).map((a) => a.join('')), weight: 3 },
  {
    arbitrary: fc.tuple(fc.constantFrom(...HOSTILE), fc.integer({ min: 100, max: 3500 })).map(([s, n]) => s.repeat(n)),
    weight: 1,
  },
);

const date = fc.oneof(
  { arbitrary: fc.constant(null), weight: 2 },
  {
    arbitrary: fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2040-01-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    weight: 6,
  },
  { arbitrary: fc.date({ noInvalidDate: true }), weight: 1 },
  { arbitrary: fc.constant(new Date(Number.NaN)), weight: 1 },
);

const status = fc.oneof({ arbitrary: fc.constantFrom(...KNOWN_STATUSES), weight: 5 }, { arbitrary: text, weight: 1 });
const service = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'code_source',
      'jenkins_build',
      'dockerfile_build',
      'test_review',
      'official_deploy',
      'gray_deploy',
    ),
    weight: 5,
  },
  { arbitrary: text, weight: 1 },
);
const reviewer = fc.oneof(fc.constantFrom('alice', 'bob', 'carol', 'dave'), text);

const review: fc.Arbitrary<ReviewConfig | null> = fc.option(
  fc.record({
    mode: fc.option(fc.oneof(fc.constantFrom('all', 'one'), text), { nil: null }),
    users: fc.array(fc.record({ userName: reviewer, email: fc.constant(null) }), { maxLength: 30 }),
  }),
  { nil: null },
);

const stage: fc.Arbitrary<Stage> = fc.record({
  index: fc.constant(0),
  id: fc.option(fc.integer(), { nil: null }),
  name: text,
  serviceName: service,
  exceptionHandler: fc.constant(null),
  inputResources: fc.constant([]),
  outputResources: fc.constant([]),
  preOperation: fc.constant(null),
  postOperation: fc.constant(null),
  params: fc.constant({ jenkins_shell: `echo ${SECRET_MARK}`, dockerfile_content: `ENV K=${SECRET_MARK}` }),
  review,
});

const stageStatus: fc.Arbitrary<StageStatus> = fc.record({
  status,
  startTime: date,
  endTime: date,
  preOperation: fc.constant(null),
  state: fc.constant({}),
  reviewResults: fc.array(
    fc.record({ userName: reviewer, result: fc.oneof(fc.constantFrom('pass', 'waiting', 'refuse'), text) }),
    { maxLength: 30 },
  ),
});

/** Any pipeline the types allow. */
export const arbitraryPipeline: fc.Arbitrary<Pipeline> = fc
  .record({
    id: fc.oneof(fc.nat(), fc.integer()),
    name: text,
    groupId: fc.option(fc.integer(), { nil: null }),
    groupName: text,
    description: text,
    source: fc.option(text, { nil: null }),
    stages: fc.oneof(
      { arbitrary: fc.array(stage, { maxLength: 8 }), weight: 3 },
      { arbitrary: fc.array(stage, { maxLength: 250 }), weight: 1 },
    ),
    statuses: fc.oneof(
      { arbitrary: fc.array(stageStatus, { maxLength: 8 }), weight: 3 },
      { arbitrary: fc.array(stageStatus, { maxLength: 250 }), weight: 1 },
    ),
    status,
    stageIndex: fc.option(fc.integer({ min: -5, max: 300 }), { nil: null }),
    createdTime: date,
    updatedTime: date,
    startTime: date,
    endTime: date,
  })
  .map((r) => ({
    id: r.id,
    name: r.name,
    groupId: r.groupId,
    groupName: r.groupName,
    description: r.description,
    source: r.source,
    params: [{ name: 'TOKEN', value: SECRET_MARK, description: '' }],
    preOperation: { operator: 'and', triggers: [{ webhookUrl: `https://hooks.example/${SECRET_MARK}`, raw: {} }] },
    postOperation: null,
    stages: r.stages.map((s, index) => ({ ...s, index })),
    status: {
      status: r.status,
      stageIndex: r.stageIndex,
      createdTime: r.createdTime,
      updatedTime: r.updatedTime,
      startTime: r.startTime,
      endTime: r.endTime,
      stages: r.statuses,
      preOperation: null,
    },
  }));
