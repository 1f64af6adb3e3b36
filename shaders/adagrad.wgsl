// adagrad: one Adagrad step over a weight (or one buffer of a weight split by
// rows), in place, with TensorFlow.js's rule:
//   a = a + g * g;  w += g / sqrt(a + epsilon) * -lr
// ROWS = false: every element of the shard, gradient dense (same layout).
// ROWS = true (lazy rows): gradient rows [K, D] for weight rows rowIds[k]
// (unique); rows outside this shard, and sentinels, are skipped.

struct Params {
  count: u32,     // invocations: shard elements, or K * D
  dim: u32,       // row length D (ROWS)
  rowStart: u32,  // first weight row in this shard (ROWS)
  shardRows: u32, // weight rows in this shard (ROWS)
  lr: f32,
  epsilon: f32,
}

@group(0) @binding(0) var<storage, read_write> weight: array<f32>;  // this shard of the weight
@group(0) @binding(1) var<storage, read_write> accum: array<f32>;   // sums of squared gradients, the weight's layout
@group(0) @binding(2) var<storage, read> grad: array<f32>;          // dense: the shard's gradient; ROWS: [K, D]
@group(0) @binding(3) var<storage, read> rowIds: array<i32>;        // ROWS: [K] weight rows of the gradient rows
@group(0) @binding(4) var<uniform> params: Params;                  // sizes and hyperparameters

// WG, ROWS, NONE and element(): optimizer-step-element.wgsl, prepended by the host (step-params.ts).

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.count) { return; }
  let e = element(i);
  if (e == NONE) { return; }
  let g = grad[i];
  let a = accum[e] + g * g;
  accum[e] = a;
  weight[e] += g / sqrt(a + params.epsilon) * -params.lr;
}
