/**
 * GPU setup for Node suites: acquire the device or fail loudly (never skip),
 * and turn on output poisoning.
 */
import { adapterInfo, debug, getDevice, GPUUnavailableError } from '../../src/index.js';

/** Acquires the default device; a missing adapter fails the suite with how to get one. */
export async function setupGpu(suite: string): Promise<void> {
  try {
    await getDevice();
  } catch (error) {
    if (!(error instanceof GPUUnavailableError)) {
      throw new Error(`${suite}: getDevice() failed, so the GPU tests cannot run: ${(error as Error).message}`, { cause: error });
    }
    throw new Error(
      `${suite}: no WebGPU adapter, so the GPU tests cannot run. ${error.message}\n` +
        'On Debian/Ubuntu without a GPU: apt-get install libvulkan1 chromium (SwiftShader is then found automatically).',
    );
  }
  debug.poisonOutputs = true;
  const info = adapterInfo();
  console.log(`${suite}: WebGPU adapter ${info.vendor}/${info.architecture} "${info.description}"${info.software ? ' (software)' : ''}`);
}
