// adam: one Adam step over a weight (or one buffer of a weight split by rows),
// in place, with TensorFlow.js's rule:
//   m = m * beta1 + g * (1 - beta1);  v = v * beta2 + g * g * (1 - beta2)
//   w += (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon) * -lr
// The powers beta^t are kept on the GPU in `state` (advanced by adam-advance
// after each step), so the parameters stay the same every step.
// ROWS = false: every element of the shard, gradient dense (same layout).
// ROWS = true (lazy rows): gradient rows [K, D] for weight rows rowIds[k]
// (unique); rows outside this shard, and sentinels, are skipped.

struct Params {
  count: u32,        // invocations: shard elements, or K * D
  dim: u32,          // row length D (ROWS)
  rowStart: u32,     // first weight row in this shard (ROWS)
  shardRows: u32,    // weight rows in this shard (ROWS)
  lr: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
}

@group(0) @binding(0) var<storage, read_write> weight: array<f32>;   // this shard of the weight
@group(0) @binding(1) var<storage, read_write> m: array<f32>;        // first moments, the weight's layout
@group(0) @binding(2) var<storage, read_write> v: array<f32>;        // second moments, the weight's layout
@group(0) @binding(3) var<storage, read> grad: array<f32>;           // dense: the shard's gradient; ROWS: [K, D]
@group(0) @binding(4) var<storage, read> rowIds: array<i32>;         // ROWS: [K] weight rows of the gradient rows
@group(0) @binding(5) var<storage, read> state: array<f32, 2>;       // [beta1^t, beta2^t]
@group(0) @binding(6) var<uniform> params: Params;                   // sizes and hyperparameters

// WG, ROWS, NONE and element(): optimizer-step-element.wgsl, prepended by the host (step-params.ts).

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.count) { return; }
  let e = element(i);
  if (e == NONE) { return; }
  let g = grad[i];
  let m1 = m[e] * params.beta1 + g * params.oneMinusBeta1;
  let v1 = v[e] * params.beta2 + g * g * params.oneMinusBeta2;
  m[e] = m1;
  v[e] = v1;
  let mHat = m1 / (1.0 - state[0]);
  let vHat = v1 / (1.0 - state[1]);
  weight[e] += mHat / (sqrt(vHat) + params.epsilon) * -params.lr;
}
