/** A host-side tensor for the CPU reference: row-major data and its shape. */
export interface HostTensor<T extends Float32Array | Int32Array = Float32Array> {
  data: T;
  shape: number[];
}

/** A host tensor of either dtype: float32 values or int32 indices (what layers' CPU twins take and return). */
export type AnyHostTensor = HostTensor<Float32Array | Int32Array>;

/** How the CPU reference treats an index outside the table, mirroring the GPU kernels. */
export interface IndexPolicy {
  /**
   * `'throw'` (default): validate like host input to an op (RangeError/TypeError).
   * `'zero'`: accept any integer and give a zero row for one out of range, as
   * the GPU ops do under the same option.
   */
  outOfRange?: 'throw' | 'zero';
  /** Shape of flat typed-array indices (default `[length]`). */
  shape?: readonly number[];
}
