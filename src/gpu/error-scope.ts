/**
 * The library's GPU work runs inside WebGPU validation error scopes, so an
 * error reaches the reads of the result it concerns (and no other), never
 * the console alone; errors of other code sharing the device stay theirs.
 */

/**
 * Pops the validation scope pushed before `label`'s work and turns its verdict
 * into an Error (or null). A lost device rejects pending scopes; reads report
 * the loss themselves, so that case is null here.
 *
 * @example
 * ```ts
 * device.pushErrorScope('validation');
 * device.queue.submit([encoder.finish()]);
 * out.watch(popVerdict(device, 'gather'));
 * ```
 */
export function popVerdict(device: GPUDevice, label: string): Promise<Error | null> {
  return device.popErrorScope().then(
    (error) => (error ? new Error(`${label}: the GPU rejected the work: ${error.message.split('\n')[0]}`) : null),
    () => null,
  );
}
