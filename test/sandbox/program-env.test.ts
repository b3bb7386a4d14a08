// The environment a program runs with is an allow-list: the grader's secrets never reach it.
import { afterEach, expect, test, vi } from 'vitest';
import { allowedFromHost, programEnvironment } from '../../harness/sandbox/program-env.js';
import { shimDir } from '../../harness/paths.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const GRADER_ENV = {
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  GITHUB_TOKEN: 'ghp_secret',
  SSH_AUTH_SOCK: '/run/ssh.sock',
  LABCHECK_LIMITS: '{"cpuSeconds":3}',
  NODE_OPTIONS: '--require /evil.js',
  LD_PRELOAD: '/evil.so',
  PATH: '/usr/bin:/bin',
  LANG: 'ko_KR.UTF-8',
  LC_ALL: 'C.UTF-8',
  PYTHONWARNINGS: 'ignore',
};

test('allowedFromHost passes PATH, LANG, LC_* and PYTHON* only', () => {
  expect(allowedFromHost(GRADER_ENV)).toEqual({ PATH: '/usr/bin:/bin', LANG: 'ko_KR.UTF-8', LC_ALL: 'C.UTF-8', PYTHONWARNINGS: 'ignore' });
});

test('programEnvironment: no grader secrets, HOME is the program folder, Python set up for the shim', () => {
  for (const [k, v] of Object.entries(GRADER_ENV)) vi.stubEnv(k, v);
  vi.stubEnv('PYTHONSTARTUP', '/root/.pythonrc');
  vi.stubEnv('PYTHONHOME', '/elsewhere');
  vi.stubEnv('PYTHONPATH', '/grader/lib');
  const env = programEnvironment({ home: '/tmp/labcheck-run-1-x/scratch-y', extra: { LABCHECK_PORT_MAP: '2500=40000' } });

  for (const name of ['AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'SSH_AUTH_SOCK', 'LABCHECK_LIMITS', 'NODE_OPTIONS', 'LD_PRELOAD', 'PYTHONSTARTUP', 'PYTHONHOME']) {
    expect(env, name).not.toHaveProperty(name);
  }
  expect(Object.values(env).join('\n')).not.toMatch(/secret/);
  expect(env).toMatchObject({
    PATH: '/usr/bin:/bin',
    LANG: 'ko_KR.UTF-8',
    LC_ALL: 'C.UTF-8',
    PYTHONWARNINGS: 'ignore',
    HOME: '/tmp/labcheck-run-1-x/scratch-y',
    USER: 'student',
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    TZ: 'UTC',
    LABCHECK_EVENTS_FD: '3',
    LABCHECK_PORT_MAP: '2500=40000',
  });
  expect(env.PYTHONPATH!.split(':')).toEqual([shimDir, '/grader/lib']);
});
