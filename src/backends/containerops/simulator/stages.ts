/** Builders for realistic stage definitions (the shapes of the API documents' own examples). */
import type { RawResource, RawStage } from './raw.js';

const TIMEOUT_HANDLER = { type: 'timeout_reset', params: { timespan: 72 } };

function codeSourceInput(): RawResource {
  return { name: 'codeSource', description: '代码源', type: 'code_source', params: { stage_index: '0' } };
}

/** A `code_source` stage pulling `url` at `branch`. */
export function codeSourceStage(id: number, name: string, url: string, branch = 'master'): RawStage {
  const repo =
    url
      .replace(/\.git$/, '')
      .split('/')
      .pop() ?? 'repo';
  return {
    id,
    name,
    service_name: 'code_source',
    params: { git_type: url.includes('gitee.com') ? 'gitee' : 'github', url, branch, git_repo: repo },
    exception_handler: TIMEOUT_HANDLER,
    is_task: false,
  };
}

/** A `jenkins_build` stage running `shell` on `env`, archiving `artifact` as a package. */
export function jenkinsStage(id: number, name: string, shell: string, env: string, artifact: string): RawStage {
  return {
    id,
    name,
    service_name: 'jenkins_build',
    params: { basic_env: env, jenkins_shell: shell, enable_cache: false },
    exception_handler: TIMEOUT_HANDLER,
    input_resources: [codeSourceInput()],
    output_resources: [
      {
        name: 'package',
        description: '',
        type: 'package',
        params: {
          namespace: 'swr-demo',
          package: artifact,
          version: 'v1',
          file_path: artifact,
          local_file_path: artifact,
        },
      },
    ],
    is_task: false,
  };
}

/** A `dockerfile_build` stage building `repository` from a small Dockerfile. */
export function dockerfileStage(id: number, name: string, repository: string, baseImage: string): RawStage {
  return {
    id,
    name,
    service_name: 'dockerfile_build',
    params: {
      build_way: 'system_custom',
      dockerfile_content: `FROM ${baseImage}\nWORKDIR /app\nCOPY . /app\nEXPOSE 8080\nENTRYPOINT ["./app"]`,
    },
    exception_handler: TIMEOUT_HANDLER,
    input_resources: [
      { name: 'package', description: '待构建的软件包地址', type: 'package', params: { namespace: 'swr-demo' } },
    ],
    output_resources: [
      {
        name: 'image',
        description: '归档的镜像地址',
        type: 'image',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: SWR's own variable syntax, expanded by the service.
        params: { namespace: 'swr-demo', repository, tag: 'v1.${SYS_INCREMENT}' },
      },
    ],
    is_task: false,
  };
}

/** A `test_review` stage: `review_mode` and `review_users` as the create call documents them. */
export function reviewStage(id: number, name: string, mode: 'all' | 'one', users: readonly string[]): RawStage {
  return {
    id,
    name,
    service_name: 'test_review',
    params: {
      review_mode: mode,
      review_users: users.map((user_name) => ({ user_name, email: `${user_name}@example.com` })),
    },
    exception_handler: TIMEOUT_HANDLER,
    is_task: false,
  };
}

/** An `official_deploy` stage to a CCE workload. */
export function deployStage(id: number, name: string, workload: string): RawStage {
  return {
    id,
    name,
    service_name: 'official_deploy',
    params: {
      deploy_mode: 'cceMode',
      input_info: JSON.stringify({ cluster: 'demo-cluster', namespace: 'default', deployment: workload }),
    },
    exception_handler: TIMEOUT_HANDLER,
    is_task: false,
  };
}
