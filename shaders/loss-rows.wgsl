// loss-rows: per-row values of losses and metrics, and the gradient of the
// batch loss (the mean of kinds[0] over rows) w.r.t. the prediction.
// A row is one vector along the prediction's last axis: pred [R, C].
// Targets are [R, C] (dense kinds) or one class id per row (sparse kinds).
// One invocation per (kind, row); the loss's invocations also write the
// row's gradient. Clipping and its zero gradient outside [EPS, 1 - EPS]
// follow TensorFlow.js (clipByValue, epsilon 1e-7).
//
// Kinds: 0 meanSquaredError, 1 meanAbsoluteError, 2 binaryCrossentropy,
// 3 categoricalCrossentropy, 4 sparseCategoricalCrossentropy,
// 5 binaryAccuracy, 6 categoricalAccuracy, 7 sparseCategoricalAccuracy.

struct Params {
  rows: u32,              // R
  cols: u32,              // C
  count: u32,             // kinds in use: values per row
  grad: u32,              // 1: write the gradient of kinds[0]
  scale: f32,             // 1 / R: the batch loss is the mean over rows
  kinds: array<vec4u, 2>, // the kinds, kinds[0] first
}

@group(0) @binding(0) var<storage, read> pred: array<f32>;            // [R, C]
@group(0) @binding(1) var<storage, read> truth: array<f32>;          // [R, C], or [R] class ids for sparse kinds
@group(0) @binding(2) var<storage, read_write> values: array<f32>;    // [count, R]
@group(0) @binding(3) var<storage, read_write> gradient: array<f32>;  // [R, C] when params.grad == 1
@group(0) @binding(4) var<uniform> params: Params;                    // shapes and kinds

override WG: u32 = 256;

const EPS: f32 = 1e-7;
const HIGH: f32 = 1.0 - EPS;

fn clipMask(x: f32) -> f32 {
  return select(0.0, 1.0, x >= EPS && x <= HIGH);
}

fn argmaxOf(base: u32, useTarget: bool) -> u32 {
  var best = 0u;
  var top = select(pred[base], truth[base], useTarget);
  for (var c = 1u; c < params.cols; c++) {
    let v = select(pred[base + c], truth[base + c], useTarget);
    if (v > top) { top = v; best = c; }
  }
  return best;
}

// The class id of row r, or cols when it is not one (the host checks targets; this keeps the kernel safe).
fn classOf(r: u32) -> u32 {
  let t = floor(truth[r]);
  return select(params.cols, u32(t), t >= 0.0 && t < f32(params.cols));
}

fn rowValue(kind: u32, r: u32) -> f32 {
  let C = params.cols;
  let base = r * C;
  let n = f32(C);
  switch kind {
    case 0u: {
      var s = 0.0;
      for (var c = 0u; c < C; c++) { let d = pred[base + c] - truth[base + c]; s += d * d; }
      return s / n;
    }
    case 1u: {
      var s = 0.0;
      for (var c = 0u; c < C; c++) { s += abs(pred[base + c] - truth[base + c]); }
      return s / n;
    }
    case 2u: {
      var s = 0.0;
      for (var c = 0u; c < C; c++) {
        let y = clamp(pred[base + c], EPS, HIGH);
        let t = truth[base + c];
        s -= t * log(y) + (1.0 - t) * log(1.0 - y);
      }
      return s / n;
    }
    case 3u: {
      var total = 0.0;
      for (var c = 0u; c < C; c++) { total += pred[base + c]; }
      var s = 0.0;
      for (var c = 0u; c < C; c++) { s -= truth[base + c] * log(clamp(pred[base + c] / total, EPS, HIGH)); }
      return s;
    }
    case 4u: {
      let k = classOf(r);
      if (k >= C) {
        // NaN, which WGSL constants cannot hold, so through a var.
        var nanBits = 0x7fc00000u;
        return bitcast<f32>(nanBits);
      }
      var total = 0.0;
      for (var c = 0u; c < C; c++) { total += clamp(pred[base + c], EPS, HIGH); }
      return -log(clamp(clamp(pred[base + k], EPS, HIGH) / total, EPS, HIGH));
    }
    case 5u: {
      var hits = 0.0;
      for (var c = 0u; c < C; c++) {
        let guess = select(0.0, 1.0, pred[base + c] > 0.5);
        hits += select(0.0, 1.0, guess == truth[base + c]);
      }
      return hits / n;
    }
    case 6u: {
      return select(0.0, 1.0, argmaxOf(base, true) == argmaxOf(base, false));
    }
    default: {
      return select(0.0, 1.0, truth[r] == f32(argmaxOf(base, false)));
    }
  }
}

fn writeGradient(kind: u32, r: u32) {
  let C = params.cols;
  let base = r * C;
  let perElement = params.scale / f32(C);
  switch kind {
    case 0u: {
      for (var c = 0u; c < C; c++) { gradient[base + c] = 2.0 * (pred[base + c] - truth[base + c]) * perElement; }
    }
    case 1u: {
      // d|x|/dx is 1 for x > 0 and -1 otherwise (TensorFlow.js's step(x, -1), so -1 at 0).
      for (var c = 0u; c < C; c++) { gradient[base + c] = select(-perElement, perElement, pred[base + c] - truth[base + c] > 0.0); }
    }
    case 2u: {
      for (var c = 0u; c < C; c++) {
        let p = pred[base + c];
        let y = clamp(p, EPS, HIGH);
        gradient[base + c] = clipMask(p) * (y - truth[base + c]) / (y * (1.0 - y)) * perElement;
      }
    }
    case 3u: {
      // q = p / sum(p), clipped: dL/dp_j = (a_j - sum_c a_c q_c) / sum(p), a_c = -t_c / clip(q_c) where q_c is not clipped.
      var total = 0.0;
      for (var c = 0u; c < C; c++) { total += pred[base + c]; }
      var projection = 0.0;
      for (var c = 0u; c < C; c++) {
        let q = pred[base + c] / total;
        projection += clipMask(q) * -truth[base + c];
      }
      for (var c = 0u; c < C; c++) {
        let q = pred[base + c] / total;
        let a = clipMask(q) * -truth[base + c] / clamp(q, EPS, HIGH);
        gradient[base + c] = (a - projection) / total * params.scale;
      }
    }
    case 4u: {
      // The prediction is clipped, normalised, clipped again; only class k has a target.
      let k = classOf(r);
      var total = 0.0;
      for (var c = 0u; c < C; c++) { total += clamp(pred[base + c], EPS, HIGH); }
      let q = select(0.0, clamp(pred[base + min(k, C - 1u)], EPS, HIGH) / total, k < C);
      let a = -clipMask(q) / clamp(q, EPS, HIGH);
      for (var c = 0u; c < C; c++) {
        let p = pred[base + c];
        let own = select(0.0, a, c == k);
        gradient[base + c] = clipMask(p) * (own - a * q) / total * params.scale;
      }
    }
    default: {}
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.rows * params.count) { return; }
  let j = i / params.rows;
  let r = i - j * params.rows;
  let kind = params.kinds[j / 4u][j % 4u];
  values[i] = rowValue(kind, r);
  if (j == 0u && params.grad == 1u) { writeGradient(kind, r); }
}
