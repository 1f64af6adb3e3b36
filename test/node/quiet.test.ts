/**
 * `npm start` prints the notebook and nothing from the GPU drivers: no
 * "XDG_RUNTIME_DIR is invalid", no Dawn warning about a Vulkan driver it
 * rejected, nothing on stderr. Runs what `npm start` runs after building
 * (`npm test` has built dist/): the system check, then the notebook CLI, in
 * a user's environment (no driver chosen, no runtime folder set).
 */
import { expect, it } from 'vitest';
import { root, run, userEnv } from '../support/consumer.js';
import { driverNoise } from '../support/noise.js';

it('npm start (its system check and the notebook replay) prints no driver noise and nothing on stderr', async () => {
  const check = await run(process.execPath, ['.ci/system-packages.mjs', 'start'], { cwd: root, env: userEnv() });
  expect(check).toEqual({ code: 0, stdout: '', stderr: '' });
  const replay = await run(process.execPath, ['dist/notebook-cli.js'], { cwd: root, env: userEnv(), timeoutMs: 110_000 });
  expect(replay.stderr).toBe('');
  expect(replay.code, replay.stdout).toBe(0);
  expect(replay.stdout).toMatch(/^WebGPU adapter: /);
  expect(replay.stdout).toMatch(/(\d+) of \1 cells ran on the GPU/);
  expect(driverNoise(replay.stdout)).toEqual([]);
});
