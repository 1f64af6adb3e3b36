// matMul: c[M, N] = act(a[M, K] . b[K, N] + bias[N]), row-major float32.
// Dense runs through it whole (product, bias and relu / sigmoid / tanh in the
// epilogue, one pass); its backward multiplies by transposed operands
// (transA: a is stored [K, M]; transB: b is stored [N, K]), read transposed
// while staging, so no transposed copy is ever made. Plain matMul passes
// no bias and the identity.
//
// Two entry points share the bindings and the epilogue: `main` (tiled,
// below) and `direct` (at the end), one invocation per element of c walking
// K, for thin shapes: 32 x 32 tiles waste most of their work when M, N or K
// is far below 32 (Dense(1), a batch gradient of a few inputs), and on
// software adapters every workgroup barrier costs; `direct` has none.
// Each workgroup computes one 32 x 32 block of c. Along K it stages a 32 x 32
// block of a and one of b in workgroup memory (each input element loaded
// from storage once per block, loads coalesced), then each of its 8 x 8
// invocations accumulates a 4 x 4 block of c in registers: 512 multiply-adds
// between two barriers. Few barriers matter on software adapters
// (SwiftShader), where a barrier suspends and resumes every invocation; the
// register block keeps the workgroup-memory reads at 8 per 16 multiply-adds.
// Edges (M, K, N not multiples of 32) stage zeros and skip the writes.

struct Params {
  m: u32,
  k: u32,
  n: u32,
  tilesN: u32, // 32-column blocks along N: ceil(n / 32)
  tiles: u32,  // blocks in all: ceil(m / 32) * tilesN
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

override WG: u32 = 256; // invocations per workgroup of `direct`

const TILE: u32 = 32u;    // side of c's block per workgroup, and the K step
const SIDE: u32 = 8u;     // invocations per side of the workgroup
const LOADS: u32 = 16u;   // TILE * TILE / (SIDE * SIDE) elements each invocation stages per input

var<workgroup> tileA: array<array<f32, TILE>, TILE>; // [row][k]
var<workgroup> tileB: array<array<f32, TILE>, TILE>; // [k][col]

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

@compute @workgroup_size(SIDE, SIDE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  // The block index is the same for the whole workgroup, so this early return keeps barriers uniform.
  let block = wid.x + wid.y * nwg.x;
  if (block >= params.tiles) { return; }
  let rowBase = (block / params.tilesN) * TILE;
  let colBase = (block % params.tilesN) * TILE;
  let myRow = lid.y * 4u;
  let myCol = lid.x * 4u;

  var acc = array<vec4f, 4>(vec4f(0.0), vec4f(0.0), vec4f(0.0), vec4f(0.0));
  for (var t = 0u; t < params.k; t += TILE) {
    for (var e = 0u; e < LOADS; e++) {
      // Consecutive invocations stage consecutive elements of a row: coalesced loads.
      let flat = e * SIDE * SIDE + li;
      let r = flat / TILE;
      let q = flat % TILE;
      var av = 0.0;
      if (rowBase + r < params.m && t + q < params.k) {
        if (params.transA == 1u) { av = a[(t + q) * params.m + rowBase + r]; } else { av = a[(rowBase + r) * params.k + t + q]; }
      }
      tileA[r][q] = av;
      var bv = 0.0;
      if (t + r < params.k && colBase + q < params.n) {
        if (params.transB == 1u) { bv = b[(colBase + q) * params.k + t + r]; } else { bv = b[(t + r) * params.n + colBase + q]; }
      }
      tileB[r][q] = bv;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TILE; kk++) {
      let bv = vec4f(tileB[kk][myCol], tileB[kk][myCol + 1u], tileB[kk][myCol + 2u], tileB[kk][myCol + 3u]);
      for (var r = 0u; r < 4u; r++) {
        acc[r] = fma(vec4f(tileA[myRow + r][kk]), bv, acc[r]);
      }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < 4u; r++) {
    let row = rowBase + myRow + r;
    if (row >= params.m) { break; }
    for (var j = 0u; j < 4u; j++) {
      let col = colBase + myCol + j;
      if (col < params.n) { c[row * params.n + col] = epilogue(acc[r][j], col); }
    }
  }
}

@compute @workgroup_size(WG)
fn direct(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
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
