// sgd: one SGD step over a weight (or one buffer of a weight split by rows),
// in place, with TensorFlow.js's rules:
//   plain (mode 0):        w += -lr * g
//   momentum (1):          a = a * momentum + g;  w += -lr * a
//   Nesterov momentum (2): a = a * momentum + g;  w += -lr * (g + a * momentum)
// ROWS = false: every element of the shard, gradient dense (same layout).
// ROWS = true (lazy rows): gradient rows [K, D] for weight rows rowIds[k]
// (unique); rows outside this shard, and sentinels, are skipped.

struct Params {
  count: u32,     // invocations: shard elements, or K * D
  dim: u32,       // row length D (ROWS)
  rowStart: u32,  // first weight row in this shard (ROWS)
  shardRows: u32, // weight rows in this shard (ROWS)
  lr: f32,
  momentum: f32,
  mode: u32,      // 0 plain, 1 momentum, 2 Nesterov
}

@group(0) @binding(0) var<storage, read_write> weight: array<f32>;  // this shard of the weight
@group(0) @binding(1) var<storage, read_write> accum: array<f32>;   // momentum accumulation, the weight's layout (mode > 0)
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
  if (params.mode == 0u) {
    weight[e] += -params.lr * g;
    return;
  }
  let a = accum[e] * params.momentum + g;
  accum[e] = a;
  let delta = select(a, g + a * params.momentum, params.mode == 2u);
  weight[e] += -params.lr * delta;
}
