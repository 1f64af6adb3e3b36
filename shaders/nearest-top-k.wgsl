// nearestNeighbors, pass 2 (repeated): each workgroup sorts one chunk of one
// query's candidates in workgroup memory (bitonic sort: best key first, ties
// to the lower row index) and keeps its best k. A pass turns C candidates per
// query into ceil(C / CHUNK) * k, so with k <= CHUNK / 2 the passes converge
// to one chunk, whose best k are the answer. Keys are the u32 sort keys of
// sort-key.wgsl (appended to this file by the host), so NaN and infinite
// scores sort like any other. Chunks shorter than CHUNK are padded with
// KEY_PADDING, below every real key (NaN's included), so a chunk with fewer
// than k real candidates passes padding on, and with k <= rows the answer
// holds only real rows.

struct Params {
  count: u32,       // candidates per query in the input
  chunks: u32,      // chunks per query = ceil(count / CHUNK)
  k: u32,           // candidates kept per chunk
  groups: u32,      // workgroups in all = batchQueries * chunks
  implicit: u32,    // 1: the input is pass 1's keys, the index is the position
  last: u32,        // 1: the last pass; write scores and indices of the answer
  euclidean: u32,   // 1: keys are -d²; the final score is d
  firstQuery: u32,  // row of the answer where this batch starts (final pass)
}

@group(0) @binding(0) var<storage, read> inKeys: array<u32>;         // [batchQueries, count] sort keys
@group(0) @binding(1) var<storage, read> inIndices: array<i32>;      // [batchQueries, count] (unused when implicit)
@group(0) @binding(2) var<storage, read_write> outKeys: array<u32>;  // [batchQueries, chunks, k] keys, or the scores' bits [numQueries, k]
@group(0) @binding(3) var<storage, read_write> outIndices: array<i32>; // same layout as outKeys
@group(0) @binding(4) var<uniform> params: Params;                   // shapes and flags

override CHUNK: u32;                     // candidates one workgroup sorts, a power of two (set by the host)
override WG: u32;                        // invocations per workgroup, a power of two <= CHUNK / 2 (set by the host)
override PER_THREAD: u32 = CHUNK / WG;   // candidates each invocation loads

var<workgroup> keys: array<u32, CHUNK>;
var<workgroup> rows: array<i32, CHUNK>;

fn better(a: u32, b: u32) -> bool {
  return keys[a] > keys[b] || (keys[a] == keys[b] && rows[a] < rows[b]);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  // One workgroup per (query, chunk); the test is uniform, so barriers below stay uniform.
  let group = wid.x + wid.y * nwg.x;
  if (group >= params.groups) { return; }
  let q = group / params.chunks;
  let chunk = group - q * params.chunks;

  for (var e = 0u; e < PER_THREAD; e++) {
    let p = lid + e * WG;
    let g = chunk * CHUNK + p;
    var key = KEY_PADDING;
    var row = 2147483647;
    if (g < params.count) {
      key = inKeys[q * params.count + g];
      row = i32(g);
      if (params.implicit == 0u) { row = inIndices[q * params.count + g]; }
    }
    keys[p] = key;
    rows[p] = row;
  }
  workgroupBarrier();

  for (var size = 2u; size <= CHUNK; size <<= 1u) {
    for (var stride = size >> 1u; stride > 0u; stride >>= 1u) {
      for (var e = 0u; e < PER_THREAD / 2u; e++) {
        let pair = lid + e * WG;
        let a = 2u * stride * (pair / stride) + pair % stride;
        let b = a + stride;
        // Blocks alternate direction so that each pair of blocks forms a bitonic sequence.
        let bestFirst = (a & size) == 0u;
        if (better(b, a) == bestFirst) {
          let key = keys[a];
          keys[a] = keys[b];
          keys[b] = key;
          let row = rows[a];
          rows[a] = rows[b];
          rows[b] = row;
        }
      }
      workgroupBarrier();
    }
  }

  var base = (q * params.chunks + chunk) * params.k;
  if (params.last == 1u) { base = (params.firstQuery + q) * params.k; }
  for (var r = lid; r < params.k; r += WG) {
    var key = keys[r];
    if (params.last == 1u) { key = scoreBits(key, params.euclidean == 1u); }
    outKeys[base + r] = key;
    outIndices[base + r] = rows[r];
  }
}
