/**
 * The Vulkan driver choice made before Dawn starts (src/gpu/vulkan-drivers.ts):
 * hardware first where there is a GPU, SwiftShader next, the loader's own
 * search last, so that Dawn is never shown a driver it would reject and
 * warn about while a better one is at hand. (On this machine, npm start's
 * quietness is checked end to end by quiet.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { planDriverAttempts } from '../../src/gpu/vulkan-drivers.js';

const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';

describe('Vulkan driver attempts', () => {
  it('without a GPU: SwiftShader, then the loader search (which may find a driver Dawn rejects noisily)', () => {
    expect(planDriverAttempts({ gpu: false, hardwareManifests: ['/usr/share/vulkan/icd.d/intel_icd.x86_64.json'], swiftShaders: [swiftShader] })).toEqual([
      { icdFiles: swiftShader, software: true },
      { software: false },
    ]);
  });

  it('with a GPU: only its hardware drivers first, software after', () => {
    const hardware = ['/usr/share/vulkan/icd.d/nvidia_icd.json', '/usr/share/vulkan/icd.d/radeon_icd.x86_64.json'];
    expect(planDriverAttempts({ gpu: true, hardwareManifests: hardware, swiftShaders: [swiftShader] })).toEqual([
      { icdFiles: hardware.join(':'), software: false },
      { icdFiles: swiftShader, software: true },
      { software: false },
    ]);
  });

  it('with a GPU but no manifest where we look: the loader search before SwiftShader, once', () => {
    expect(planDriverAttempts({ gpu: true, hardwareManifests: [], swiftShaders: [swiftShader] })).toEqual([{ software: false }, { icdFiles: swiftShader, software: true }]);
    expect(planDriverAttempts({ gpu: false, hardwareManifests: [], swiftShaders: [] })).toEqual([{ software: false }]);
  });

});
