// matMul: c[M, N] = a[M, K] . b[K, N], row-major float32. Each workgroup
// computes one TILE x TILE block of c, staging TILE x TILE blocks of a and b
// in workgroup memory so each input element is loaded from storage once per
// block instead of once per output. Edges (M, K, N not multiples of TILE)
// load zeros, so the sums are exact for any size.

struct Params {
  m: u32,
  k: u32,
  n: u32,
  tilesN: u32, // blocks along N: ceil(n / TILE)
  tiles: u32,  // blocks in all: ceil(m / TILE) * tilesN
}

@group(0) @binding(0) var<storage, read> a: array<f32>;           // [m, k]
@group(0) @binding(1) var<storage, read> b: array<f32>;           // [k, n]
@group(0) @binding(2) var<storage, read_write> c: array<f32>;     // [m, n]
@group(0) @binding(3) var<uniform> params: Params;                // shapes

const TILE: u32 = 16u;

var<workgroup> tileA: array<array<f32, TILE>, TILE>;
var<workgroup> tileB: array<array<f32, TILE>, TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_id) lid: vec3u) {
  // The block index is the same for the whole workgroup, so this early return keeps barriers uniform.
  let block = wid.x + wid.y * nwg.x;
  if (block >= params.tiles) { return; }
  let row = (block / params.tilesN) * TILE + lid.y;
  let col = (block % params.tilesN) * TILE + lid.x;

  var acc = 0.0;
  for (var t = 0u; t < params.k; t += TILE) {
    let ak = t + lid.x;
    var av = 0.0;
    if (row < params.m && ak < params.k) { av = a[row * params.k + ak]; }
    tileA[lid.y][lid.x] = av;
    let bk = t + lid.y;
    var bv = 0.0;
    if (bk < params.k && col < params.n) { bv = b[bk * params.n + col]; }
    tileB[lid.y][lid.x] = bv;
    workgroupBarrier();
    for (var j = 0u; j < TILE; j++) {
      acc = fma(tileA[lid.y][j], tileB[j][lid.x], acc);
    }
    workgroupBarrier();
  }
  if (row < params.m && col < params.n) {
    c[row * params.n + col] = acc;
  }
}
