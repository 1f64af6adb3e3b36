// Dot backward for one input ("self", S; the other input is O): one
// invocation per element S(b, i, k) sums over the other input's vectors j:
//   plain:  dS = sum_j dy(b, i, j) O(b, j, k)
//   cosine: dS = sum_j dy(b, i, j) (O(b, j, k) / (|S_i| |O_j|) - c(b, i, j) S(b, i, k) / |S_i|²),
// with c the forward output and |.| the clamped norms (vector-norms.wgsl,
// negative where the clamp holds); the second term drops where it holds
// (sum of squares <= EPSILON), as the clamp's gradient is zero there. The same kernel serves both inputs:
// dy's strides say which of its axes belongs to self.

struct Params {
  total: u32,       // elements of S
  rows: u32,        // n: S's vectors per sample
  cols: u32,        // m: O's vectors per sample
  depth: u32,       // K
  sBatch: u32,      // S's strides: sample, vector, contraction
  sRow: u32,
  sK: u32,
  oBatch: u32,      // O's strides
  oRow: u32,
  oK: u32,
  dyRow: u32,       // dy's stride along self's vectors
  dyCol: u32,       // dy's stride along the other's vectors
  kInner: u32,      // 1: S's contraction axis is its last (S is [.., n, K]); 0: S is [.., K, n]
  normalize: u32,   // 1: cosine
}

@group(0) @binding(0) var<storage, read> s: array<f32>;
@group(0) @binding(1) var<storage, read> o: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;          // [batch, rows of X, cols of Y]
@group(0) @binding(3) var<storage, read> c: array<f32>;           // the forward output (cosine only)
@group(0) @binding(4) var<storage, read> sNorms: array<f32>;      // [batch, n] (cosine only)
@group(0) @binding(5) var<storage, read> oNorms: array<f32>;      // [batch, m] (cosine only)
@group(0) @binding(6) var<storage, read_write> ds: array<f32>;    // S's shape
@group(0) @binding(7) var<uniform> params: Params;                // shapes and strides

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let e = (wid.x + wid.y * nwg.x) * WG + lid;
  if (e >= params.total) { return; }
  let b = e / params.sBatch;
  let r = e - b * params.sBatch;
  var i = r / params.depth;
  var k = r - i * params.depth;
  if (params.kInner == 0u) {
    k = r / params.rows;
    i = r - k * params.rows;
  }
  let sValue = s[e];
  let dyBase = b * params.rows * params.cols + i * params.dyRow;
  var sum = 0.0;
  if (params.normalize == 1u) {
    let stored = sNorms[b * params.rows + i];
    let sNorm = abs(stored);
    let clamped = stored < 0.0;
    for (var j = 0u; j < params.cols; j++) {
      let at = dyBase + j * params.dyCol;
      let oValue = o[b * params.oBatch + j * params.oRow + k * params.oK];
      var term = oValue / (sNorm * abs(oNorms[b * params.cols + j]));
      if (!clamped) { term -= c[at] * sValue / (sNorm * sNorm); }
      sum = fma(dy[at], term, sum);
    }
  } else {
    for (var j = 0u; j < params.cols; j++) {
      sum = fma(dy[dyBase + j * params.dyCol], o[b * params.oBatch + j * params.oRow + k * params.oK], sum);
    }
  }
  ds[e] = sum;
}
