// Dot (Keras's batch dot): out[b, i, j] = sum over k of X(b, i, k) * Y(b, j, k),
// where X and Y are the inputs seen through strides: the contraction axis
// (stride xK / yK) and the one other axis of a rank-3 input (xRow / yRow; a
// rank-2 input has one row). With `normalize` each vector is divided by its
// L2 norm first, clamped as TF.js clamps it: sqrt(max(sum of squares, EPSILON)),
// so the result is the cosine similarity. One invocation per output walks K.

struct Params {
  total: u32,     // outputs = batch * rows * cols
  rows: u32,      // n: X's vectors per sample
  cols: u32,      // m: Y's vectors per sample
  depth: u32,     // K: contraction length
  xBatch: u32,    // X's stride between samples
  xRow: u32,      // X's stride between vectors
  xK: u32,        // X's stride along the contraction
  yBatch: u32,
  yRow: u32,
  yK: u32,
  normalize: u32, // 1: cosine
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;   // [batch, rows, cols]
@group(0) @binding(3) var<uniform> params: Params;                // shapes and strides

override WG: u32 = 256;
override EPSILON: f32 = 1e-7;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let o = (wid.x + wid.y * nwg.x) * WG + lid;
  if (o >= params.total) { return; }
  let perSample = params.rows * params.cols;
  let b = o / perSample;
  let i = (o - b * perSample) / params.cols;
  let j = o - b * perSample - i * params.cols;
  let xBase = b * params.xBatch + i * params.xRow;
  let yBase = b * params.yBatch + j * params.yRow;
  var xy = 0.0;
  var xx = 0.0;
  var yy = 0.0;
  for (var k = 0u; k < params.depth; k++) {
    let xv = x[xBase + k * params.xK];
    let yv = y[yBase + k * params.yK];
    xy = fma(xv, yv, xy);
    xx = fma(xv, xv, xx);
    yy = fma(yv, yv, yy);
  }
  if (params.normalize == 1u) {
    xy = xy / (sqrt(max(xx, EPSILON)) * sqrt(max(yy, EPSILON)));
  }
  out[o] = xy;
}
