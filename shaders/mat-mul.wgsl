// matMul: c[M, N] = a[M, K] . b[K, N], row-major float32. Each invocation
// computes one 4 x 4 block of c in registers: per step along K it loads 4
// values of a and 4 of b and does 16 multiply-adds. No workgroup memory and
// no barriers: on software adapters (SwiftShader) a barrier suspends every
// invocation of the workgroup, which made the tiled version ~3x slower than
// this; on GPUs neighbouring invocations share a's rows and read adjacent
// columns of b, so caches serve the reuse. Edges (M, N not multiples of 4)
// read clamped indices and skip the writes, so any size works.

struct Params {
  m: u32,
  k: u32,
  n: u32,
  blocksN: u32, // 4-column blocks along N: ceil(n / 4)
  blocks: u32,  // blocks in all: ceil(m / 4) * blocksN
}

@group(0) @binding(0) var<storage, read> a: array<f32>;           // [m, k]
@group(0) @binding(1) var<storage, read> b: array<f32>;           // [k, n]
@group(0) @binding(2) var<storage, read_write> c: array<f32>;     // [m, n]
@group(0) @binding(3) var<uniform> params: Params;                // shapes

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let block = (wid.x + wid.y * nwg.x) * WG + lid;
  if (block >= params.blocks) { return; }
  let row0 = (block / params.blocksN) * 4u;
  let col0 = (block % params.blocksN) * 4u;
  // Rows and columns past the edge read the last valid one; their sums are never written.
  let lastRow = params.m - 1u;
  let lastCol = params.n - 1u;
  let rows = vec4u(min(row0, lastRow), min(row0 + 1u, lastRow), min(row0 + 2u, lastRow), min(row0 + 3u, lastRow)) * params.k;
  let cols = vec4u(min(col0, lastCol), min(col0 + 1u, lastCol), min(col0 + 2u, lastCol), min(col0 + 3u, lastCol));

  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var kk = 0u; kk < params.k; kk++) {
    let bRow = kk * params.n;
    let bv = vec4f(b[bRow + cols.x], b[bRow + cols.y], b[bRow + cols.z], b[bRow + cols.w]);
    acc0 = fma(vec4f(a[rows.x + kk]), bv, acc0);
    acc1 = fma(vec4f(a[rows.y + kk]), bv, acc1);
    acc2 = fma(vec4f(a[rows.z + kk]), bv, acc2);
    acc3 = fma(vec4f(a[rows.w + kk]), bv, acc3);
  }
  let acc = array<vec4f, 4>(acc0, acc1, acc2, acc3);
  for (var r = 0u; r < 4u; r++) {
    let row = row0 + r;
    if (row >= params.m) { break; }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + j;
      if (col < params.n) { c[row * params.n + col] = acc[r][j]; }
    }
  }
}
