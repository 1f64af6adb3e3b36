/**
 * Lines that Vulkan drivers, the Vulkan loader and Dawn print when they are
 * probed: noise the library keeps out of its users' terminals.
 */
const patterns = [
  /XDG_RUNTIME_DIR/,
  /^Warning: /,
  /While initializing adapter/,
  /Loader Message/,
  /vkEnumeratePhysicalDevices/,
  /^\s+at \w+ \(.*third_party\/dawn/,
  /MESA|lavapipe|llvmpipe/i,
];

/**
 * The lines of `output` that are driver noise.
 *
 * @example
 * ```ts
 * expect(driverNoise(stdout + stderr)).toEqual([]);
 * ```
 */
export function driverNoise(output: string): string[] {
  return output.split('\n').filter((line) => patterns.some((p) => p.test(line)));
}
