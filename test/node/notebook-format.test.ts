/** The notebook's NumPy-style printing, against what NumPy prints for the same float32 arrays. */
import { describe, expect, it } from 'vitest';
import { formatPrint, formatRepr } from '../../src/notebook/format.js';

describe('NumPy-style printing', () => {
  it('prints whole numbers with a trailing point, aligned, rows on their own lines', () => {
    expect(formatPrint([0, 1, 2, 3, 10, 11], [3, 2])).toBe('[[ 0.  1.]\n [ 2.  3.]\n [10. 11.]]');
    expect(formatPrint([12, 13, 14, 15], [4])).toBe('[12. 13. 14. 15.]');
  });

  it('pads fractions on the right and signs on the left, as NumPy does', () => {
    expect(formatRepr(new Float32Array([0.5, 0.123]), [2])).toBe('array([0.5  , 0.123], dtype=float32)');
    expect(formatRepr(new Float32Array([-1.5, 2.25]), [2])).toBe('array([-1.5 ,  2.25], dtype=float32)');
    expect(formatRepr(new Int32Array([1, 10]), [2], 'int32')).toBe('array([ 1, 10], dtype=int32)');
  });

  it('switches to scientific notation for tiny magnitudes', () => {
    expect(formatRepr(new Float32Array([1e-5, 0.5]), [2])).toBe('array([1.e-05, 5.e-01], dtype=float32)');
  });

  it('separates 3-D blocks by a blank line and moves dtype to its own line past 75 columns', () => {
    const values = new Float32Array([-0.01936201, 0.01061306, -0.00502486, 0.02421001, 0.02151183, -0.03897278, -0.02845473, 0.03577714]);
    expect(formatRepr(values, [2, 1, 4])).toBe(
      'array([[[-0.01936201,  0.01061306, -0.00502486,  0.02421001]],\n\n' +
        '       [[ 0.02151183, -0.03897278, -0.02845473,  0.03577714]]],\n' +
        '      dtype=float32)',
    );
    expect(formatRepr(new Float32Array([12, 13, 14, 15]), [1, 1, 4])).toBe('array([[[12., 13., 14., 15.]]], dtype=float32)');
  });
});
