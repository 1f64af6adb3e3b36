// rmsprop: one RMSprop step over a weight (or one buffer of a weight split by
// rows), in place, with TensorFlow.js's rule:
//   ms = ms * decay + g * g * (1 - decay)
//   plain:     mom = mom * momentum + g * lr / sqrt(ms + epsilon)
//   centered:  mg = mg * decay + g * (1 - decay)
//              mom = mom * momentum + g * lr / sqrt(ms - mg * mg + epsilon)
//   w -= mom
// Centered, epsilon is added as Keras adds it: TensorFlow.js 4.22 subtracts it
// (sqrt(ms - (mg^2 + epsilon))), which is NaN wherever a gradient is 0.
// ROWS = false: every element of the shard, gradient dense (same layout).
// ROWS = true (lazy rows): gradient rows [K, D] for weight rows rowIds[k]
// (unique); rows outside this shard, and sentinels, are skipped.

struct Params {
  count: u32,     // invocations: shard elements, or K * D
  dim: u32,       // row length D (ROWS)
  rowStart: u32,  // first weight row in this shard (ROWS)
  shardRows: u32, // weight rows in this shard (ROWS)
  lr: f32,
  decay: f32,
  momentum: f32,
  epsilon: f32,
  oneMinusDecay: f32,
  centered: u32,  // 1: centered (mg is bound and updated)
}

@group(0) @binding(0) var<storage, read_write> weight: array<f32>;  // this shard of the weight
@group(0) @binding(1) var<storage, read_write> ms: array<f32>;      // mean squares, the weight's layout
@group(0) @binding(2) var<storage, read_write> mom: array<f32>;     // moments, the weight's layout
@group(0) @binding(3) var<storage, read_write> mg: array<f32>;      // mean gradients, the weight's layout (centered)
@group(0) @binding(4) var<storage, read> grad: array<f32>;          // dense: the shard's gradient; ROWS: [K, D]
@group(0) @binding(5) var<storage, read> rowIds: array<i32>;        // ROWS: [K] weight rows of the gradient rows
@group(0) @binding(6) var<uniform> params: Params;                  // sizes and hyperparameters

// WG, ROWS, NONE and element(): optimizer-step-element.wgsl, prepended by the host (step-params.ts).

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.count) { return; }
  let e = element(i);
  if (e == NONE) { return; }
  let g = grad[i];
  let s = ms[e] * params.decay + g * g * params.oneMinusDecay;
  ms[e] = s;
  var denominator = s + params.epsilon;
  if (params.centered == 1u) {
    let c = mg[e] * params.decay + g * params.oneMinusDecay;
    mg[e] = c;
    denominator = s - c * c + params.epsilon;
  }
  let next = mom[e] * params.momentum + g * params.lr / sqrt(denominator);
  mom[e] = next;
  weight[e] -= next;
}
