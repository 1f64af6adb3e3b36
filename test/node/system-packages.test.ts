/**
 * What `npm start` / `npm test` do about missing system packages
 * (.ci/system-packages.mjs): install them as root on Debian, else name the
 * one command to run; nothing when nothing is missing.
 */
import { describe, expect, it } from 'vitest';
import { inspect, missingPackages, plan, type System } from '../../.ci/system-packages.mjs';

const fresh: System = { linux: true, vulkanLoader: false, gpu: false, swiftShader: false, browser: false, apt: true, distro: 'debian', root: true };

describe('system packages for npm start and npm test', () => {
  it('a fresh Debian machine without GPU or Chromium needs the Vulkan loader and Chromium, for both commands', () => {
    expect(missingPackages('start', fresh)).toEqual(['libvulkan1', 'chromium']);
    expect(missingPackages('test', fresh)).toEqual(['libvulkan1', 'chromium']);
  });

  it('with a GPU, npm start needs no browser; npm test still does', () => {
    const gpu = { ...fresh, gpu: true, vulkanLoader: true };
    expect(missingPackages('start', gpu)).toEqual([]);
    expect(missingPackages('test', gpu)).toEqual(['chromium']);
  });

  it('nothing on macOS or Windows, nothing once installed', () => {
    expect(missingPackages('test', { ...fresh, linux: false })).toEqual([]);
    expect(missingPackages('test', { ...fresh, vulkanLoader: true, swiftShader: true, browser: true })).toEqual([]);
    expect(plan([], fresh)).toBeNull();
  });

  it('root on Debian installs with apt-get; anyone else gets the one command to run', () => {
    expect(plan(['libvulkan1', 'chromium'], fresh)).toEqual({
      run: ['apt-get update -qq', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvulkan1 chromium'],
    });
    expect(plan(['libvulkan1', 'chromium'], { ...fresh, root: false })).toEqual({ tell: 'Run: sudo sh -c "apt-get update && apt-get install -y libvulkan1 chromium"' });
    expect(plan(['libvulkan1', 'chromium'], { ...fresh, distro: 'ubuntu' })).toEqual({ tell: 'Run: sudo apt-get install -y libvulkan1 && sudo snap install chromium' });
    expect(plan(['chromium'], { ...fresh, apt: false, distro: 'other' })).toMatchObject({ tell: expect.stringContaining('Chromium or Chrome') });
  });

  it('this machine has what the tests need (they are running)', () => {
    const here = inspect();
    expect(missingPackages('test', here)).toEqual([]);
  });
});
