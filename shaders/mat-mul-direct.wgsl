// matMul for thin shapes: c[M, N] = act(op(a) . op(b) + bias[N]) with one
// invocation per element of c walking K. mat-mul.wgsl's 32 x 32 tiles waste
// most of their work when M, N or K is far below 32 (Dense(1), a batch
// gradient of a few inputs), and on software adapters every workgroup
// barrier costs; this kernel has none. Same parameters, bindings and
// epilogue as mat-mul.wgsl.

struct Params {
  m: u32,
  k: u32,
  n: u32,
  tilesN: u32, // unused here (mat-mul.wgsl's tiling)
  tiles: u32,  // unused here
  transA: u32, // 1: a is stored [k, m]
  transB: u32, // 1: b is stored [n, k]
  bias: u32,   // 1: add bias[col] to each product
  act: u32,    // 0 identity, 1 relu, 2 sigmoid, 3 tanh
}

@group(0) @binding(0) var<storage, read> a: array<f32>;           // [m, k], or [k, m] with transA
@group(0) @binding(1) var<storage, read> b: array<f32>;           // [k, n], or [n, k] with transB
@group(0) @binding(2) var<storage, read> bias: array<f32>;        // [n] (unused unless params.bias)
@group(0) @binding(3) var<storage, read_write> c: array<f32>;     // [m, n]
@group(0) @binding(4) var<uniform> params: Params;                // shapes and options

override WG: u32 = 256;

fn epilogue(product: f32, col: u32) -> f32 {
  var v = product;
  if (params.bias == 1u) { v += bias[col]; }
  switch params.act {
    case 1u: { v = max(v, 0.0); }
    case 2u: { v = 1.0 / (1.0 + exp(-v)); }
    // Clamped: some implementations compute tanh as a ratio of exponentials, NaN for large |v|; tanh(15) is 1 in f32.
    case 3u: { v = tanh(clamp(v, -15.0, 15.0)); }
    default: {}
  }
  return v;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.m * params.n) { return; }
  let row = i / params.n;
  let col = i - row * params.n;
  // Strides of op(a)'s row and k, and of op(b)'s k and column.
  var aRow = params.k;
  var aK = 1u;
  if (params.transA == 1u) { aRow = 1u; aK = params.m; }
  var bK = params.n;
  var bCol = 1u;
  if (params.transB == 1u) { bK = 1u; bCol = params.k; }
  var sum = 0.0;
  for (var p = 0u; p < params.k; p++) {
    sum = fma(a[row * aRow + p * aK], b[p * bK + col * bCol], sum);
  }
  c[i] = epilogue(sum, col);
}
